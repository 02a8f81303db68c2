import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { freePort, waitForHttp200 } from '@gitops-lab/test-support';
import { repoRoot } from './repo';

export type AppName = 'api' | 'frontend';

export interface ExitReport {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds from the stop signal to the process exit. */
  ms: number;
}

export interface ServiceOptions {
  app: AppName;
  /** Defaults to a free port on 127.0.0.1. */
  port?: number;
  /** Added to a minimal environment (PATH, HOME); PORT is set from `port`. */
  env?: Record<string, string>;
  /** Label used in log lines. */
  name?: string;
  /** Echo the service's stdout/stderr to this process's stderr. */
  echo?: boolean;
}

export interface RunningService {
  name: string;
  app: AppName;
  pid: number;
  port: number;
  url: string;
  /** Everything the service wrote so far (stdout and stderr interleaved). */
  output(): string;
  alive(): boolean;
  /** Resolves with the ms until GET /readyz answered 200; rejects on timeout or exit. */
  waitReady(timeoutMs?: number): Promise<number>;
  /** Sends SIGTERM (or `signal`) and resolves when the process has exited. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ExitReport>;
  /** Resolves when the process exits by itself. */
  exited: Promise<ExitReport>;
}

/** Path of an app's built server entry (`npm run build -w @gitops-lab/<app>` makes it). */
export function appEntry(app: AppName): string {
  return path.join(repoRoot(), 'apps', app, 'dist', 'main.js');
}

/**
 * Starts the built server of `app` as a child process, like the container would (`node dist/main.js`,
 * no wrapper), so SIGTERM reaches Node itself.
 */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const entry = appEntry(options.app);
  if (!existsSync(entry)) {
    throw new Error(
      `${entry} is missing: run \`npm run build -w @gitops-lab/${options.app}\` first`,
    );
  }
  const port = options.port ?? (await freePort());
  const name = options.name ?? `${options.app}:${port}`;
  const child: ChildProcess = spawn(process.execPath, [entry], {
    cwd: path.dirname(path.dirname(entry)),
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      LOG_LEVEL: 'warn',
      ...options.env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    // Keep the tail only: a long load run must not grow memory without bound.
    log = (log + text).slice(-200_000);
    if (options.echo) process.stderr.write(`[${name}] ${text}`);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  let exitedAt = 0;
  let signalledAt = 0;
  const exited = new Promise<ExitReport>((resolve) => {
    child.on('exit', (code, signal) => {
      exitedAt = Date.now();
      resolve({ code, signal, ms: signalledAt ? exitedAt - signalledAt : 0 });
    });
  });
  const alive = () => exitedAt === 0;
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${entry}`);
  const url = `http://127.0.0.1:${port}`;

  return {
    name,
    app: options.app,
    pid,
    port,
    url,
    output: () => log,
    alive,
    exited,
    waitReady: (timeoutMs = 10_000) => waitForHttp200(`${url}/readyz`, timeoutMs, alive),
    async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000) {
      if (!alive()) return exited;
      signalledAt = Date.now();
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const report = await exited;
      clearTimeout(timer);
      return report;
    },
  };
}
