// A built server as a child process, the way its container runs it (`node dist/main.js`): what it
// printed, its JSON log lines, and how it exited. Only PATH comes from this process's environment,
// so a test sees the settings it passes and nothing else.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface NodeProcess {
  child: ChildProcess;
  /** The JSON lines of stdout so far, parsed (other lines are only in output()). */
  logs: Record<string, unknown>[];
  /** stdout and stderr as they arrived. */
  output(): string;
  stderr(): string;
  /** The exit code, or the signal's name; resolves once every line it wrote has been read. */
  exited: Promise<number | string>;
  /** Resolves with the first log line whose `msg` is `message`. */
  waitForLog(message: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

function parseJsonLine(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function startNodeProcess(entry: string, env: Record<string, string>): NodeProcess {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run the build first`);
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let output = '';
  let stderr = '';
  let partial = '';
  const listeners = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const parsed = parseJsonLine(line);
      if (parsed) logs.push(parsed);
    }
    for (const listener of listeners) listener();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stderr += chunk.toString();
  });
  // 'close', not 'exit': by then every line the child wrote has been read.
  const exited = new Promise<number | string>((resolve) => {
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

  return { child, logs, output: () => output, stderr: () => stderr, exited, waitForLog };
}
