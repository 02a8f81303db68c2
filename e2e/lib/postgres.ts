import { type ChildProcess, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exec } from './exec';
import { sleep } from './http';
import { freePort } from './processes';
import { hasCommand } from './tools';

export interface Postgres {
  port: number;
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust auth, local only). */
  url: string;
  stop(): Promise<void>;
}

/** Directory holding initdb/postgres: on PATH, else Debian's /usr/lib/postgresql/<version>/bin. */
export function postgresBinDir(): string | undefined {
  if (hasCommand('initdb') && hasCommand('postgres')) return undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root))
    throw new Error('PostgreSQL not found (initdb/postgres); install postgresql');
  const newest = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`no version under ${root}`);
  return path.join(root, newest, 'bin');
}

export function hasPostgres(): boolean {
  try {
    postgresBinDir();
    return true;
  } catch {
    return false;
  }
}

// PostgreSQL refuses to run as root: as root, run it as `nobody`.
const NOBODY = 65534;
const asUser = (cmd: string, args: string[]): [string, string[]] =>
  process.getuid?.() === 0
    ? ['setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', cmd, ...args]]
    : [cmd, args];

/** A throw-away PostgreSQL cluster on 127.0.0.1 in a temp dir, removed on stop. */
export async function startPostgres(): Promise<Postgres> {
  const binDir = postgresBinDir();
  const bin = (name: string) => (binDir ? path.join(binDir, name) : name);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'e2e-pg-'));
  if (process.getuid?.() === 0) chownSync(dir, NOBODY, NOBODY);
  const data = path.join(dir, 'data');
  const [initCmd, initArgs] = asUser(bin('initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  await exec(initCmd, initArgs, { cwd: dir, timeoutMs: 120_000 });

  const port = await freePort();
  const [cmd, args] = asUser(bin('postgres'), [
    '-D',
    data,
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'fsync=off',
    '-c',
    'max_connections=200',
  ]);
  const child: ChildProcess = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (c: Buffer) => {
    log = (log + c.toString('utf8')).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const isReady = bin('pg_isready');
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`postgres exited: ${log}`);
    const r = await exec(isReady, ['-h', '127.0.0.1', '-p', String(port)], { allowFailure: true });
    if (r.code === 0) break;
    if (i > 200) throw new Error(`postgres not ready after 20 s: ${log}`);
    await sleep(100);
  }
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      // SIGINT: PostgreSQL's "fast" shutdown (disconnect clients, then stop).
      if (child.exitCode === null) child.kill('SIGINT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
