// A real, throw-away PostgreSQL server: initdb into a temp dir, listen on 127.0.0.1 on a free
// port with trust auth, durability off (nothing here must survive), removed on stop. PostgreSQL
// refuses to run as root, so as root it runs as `nobody` (setpriv execs in place, so signals
// reach postgres itself).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';
import { commandPath } from './tool-probe.js';

const run = promisify(execFile);

export interface ThrowawayPostgres {
  port: number;
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  /** Fast shutdown (clients are disconnected), then the data directory is removed. */
  stop(): Promise<void>;
}

const NOBODY = 65534;
const SETPRIV = '/usr/bin/setpriv';
const READY_WITHIN_MS = 20_000;

/** The folder holding initdb, postgres and pg_isready: PATH, else Debian's newest version dir. */
function postgresBinDir(): string | undefined {
  const onPath = commandPath('initdb');
  // Through the link (e.g. /usr/local/bin/initdb) to the install that also holds pg_isready.
  if (onPath && commandPath('postgres')) return dirname(realpathSync(onPath));
  const debian = '/usr/lib/postgresql';
  if (!existsSync(debian)) return undefined;
  return readdirSync(debian)
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(debian, version, 'bin'))
    .find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres')));
}

/** Why PostgreSQL cannot run here, or undefined when it can. */
export function postgresUnavailableReason(): string | undefined {
  if (!postgresBinDir()) return 'initdb/postgres not found (install the Debian postgresql package)';
  if (process.getuid?.() === 0 && !existsSync(SETPRIV)) return 'running as root without setpriv';
  return undefined;
}

function asServerUser(command: string, args: string[]): [string, string[]] {
  const drop = [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--'];
  return process.getuid?.() === 0 ? [SETPRIV, [...drop, command, ...args]] : [command, args];
}

async function waitUntilAccepting(
  bin: string,
  port: number,
  child: ChildProcess,
  log: () => string,
) {
  const deadline = Date.now() + READY_WITHIN_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`postgres exited: ${log()}`);
    try {
      await run(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)]);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`postgres not ready within ${READY_WITHIN_MS} ms: ${log()}`);
}

export async function startPostgres(): Promise<ThrowawayPostgres> {
  const unavailable = postgresUnavailableReason();
  const bin = postgresBinDir();
  if (unavailable || !bin) throw new Error(unavailable);
  const root = mkdtempSync(join(tmpdir(), 'gitops-lab-pg-'));
  if (process.getuid?.() === 0) chownSync(root, NOBODY, NOBODY);
  const data = join(root, 'data');
  await run(
    ...asServerUser(join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]),
    { cwd: root, timeout: 120_000 },
  );
  const port = await freePort();
  const [command, args] = asServerUser(join(bin, 'postgres'), [
    ...['-D', data, '-h', '127.0.0.1', '-p', String(port), '-k', root],
    ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    // The rollout proofs run many replicas, each with its own pool.
    ...['-c', 'max_connections=200'],
  ]);
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitUntilAccepting(bin, port, child, () => log);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT'); // PostgreSQL's "fast" shutdown
      await exited;
      rmSync(root, { recursive: true, force: true });
    },
  };
}
