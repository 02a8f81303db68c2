// A real, throw-away PostgreSQL server for the `pg` storage path: initdb into a temp dir, listen
// on 127.0.0.1 with a random port, stop with a fast shutdown. PostgreSQL refuses to run as root,
// so as root the server runs as `nobody` (setpriv execs in place: signals reach postgres itself).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port';

export interface PostgresServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

function findBinDir(): string | undefined {
  const candidates = ['/usr/local/bin', '/usr/bin'];
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    for (const version of readdirSync(debian).sort().reverse())
      candidates.push(join(debian, version, 'bin'));
  }
  return candidates.find(
    (dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres')),
  );
}

/** Why PostgreSQL cannot run here, or undefined when it can. */
export function postgresUnavailableReason(): string | undefined {
  if (!findBinDir()) return 'initdb/postgres not found (install the Debian postgresql package)';
  if (process.getuid?.() === 0 && !existsSync(SETPRIV)) return 'running as root without setpriv';
  return undefined;
}

const NOBODY = { uid: 65534, gid: 65534 };
const SETPRIV = '/usr/bin/setpriv';

function asServerUser(command: string, args: string[]): [string, string[]] {
  const drop = [`--reuid=${NOBODY.uid}`, `--regid=${NOBODY.gid}`, '--clear-groups', '--'];
  return process.getuid?.() === 0 ? [SETPRIV, [...drop, command, ...args]] : [command, args];
}

async function waitUntilAccepting(
  url: string,
  child: ChildProcess,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`postgres exited: ${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`postgres did not start: ${log()}`);
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = findBinDir();
  if (!bin) throw new Error(postgresUnavailableReason());
  const root = mkdtempSync(join(tmpdir(), 'gitops-lab-pg-'));
  const dataDir = join(root, 'data');
  if (process.getuid?.() === 0) chownSync(root, NOBODY.uid, NOBODY.gid);
  execFileSync(
    ...asServerUser(join(bin, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]),
    { stdio: 'pipe' },
  );
  const port = await freePort();
  const [command, args] = asServerUser(join(bin, 'postgres'), [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-h',
    '127.0.0.1',
    '-k',
    root,
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
  ]);
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitUntilAccepting(url, child, () => log);

  return {
    url,
    port,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGINT'); // PostgreSQL's "fast" shutdown
        await exited;
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}
