// Runs the built server (dist/main.js) as a child process, the way the container runs it.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '@gitops-lab/test-support';

export const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

export const PROCESS_INSTRUCTOR_KEY = 'process-instructor-key-9876543210';
/** Env that turns the fault endpoints on behind PROCESS_INSTRUCTOR_KEY. */
export const FAULTS_ON = { FAULT_INJECTION: 'on', INSTRUCTOR_KEY: PROCESS_INSTRUCTOR_KEY };

export interface ApiProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Parsed JSON log lines so far. */
  logs: Record<string, unknown>[];
  stderr: () => string;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
  waitForLog(message: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

export async function startApi(env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      DATA_DIR: 'memory://',
      LOG_FORMAT: 'json',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  let partial = '';
  const listeners = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) logs.push(JSON.parse(line));
    for (const listener of listeners) listener();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | string>((resolve) => {
    // 'close', not 'exit': by then every line the child wrote has been read.
    child.on('close', (code, signal) => resolve(code ?? signal ?? -1));
  });

  const waitForLog = (message: string, timeoutMs = 20_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const found = logs.find((line) => line.msg === message);
        if (!found) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`no "${message}" log within ${timeoutMs} ms; stderr: ${stderr}`));
      }, timeoutMs);
      listeners.add(check);
      void exited.then(() => setTimeout(check, 50));
      check();
    });

  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    logs,
    stderr: () => stderr,
    exited,
    waitForLog,
  };
}
