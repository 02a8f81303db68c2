// One Debian haproxy in the foreground with an admin runtime API: the process under both
// load-balancer stand-ins (the ALB target group in haproxy.ts, kube-proxy in kube-proxy.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sleep } from './http';

export interface ServerState {
  /** The backend (proxy) the server belongs to. */
  backend: string;
  name: string;
  /** HAProxy's view: `UP`, `DOWN`, `MAINT`, `DRAIN`, `UP 1/2` (going down), `no check`... */
  status: string;
  weight: number;
  /** Sessions this server has had so far (requests in http mode, connections in tcp mode). */
  requests: number;
  /** Open sessions right now. */
  sessions: number;
}

export interface HaproxyProcess {
  /** Raw runtime API command; throws when the answer is an error. */
  command(cmd: string): Promise<string>;
  /** Every server of every backend (`show stat`). */
  servers(): Promise<ServerState[]>;
  /** Everything haproxy wrote to stderr. */
  output(): string;
  stop(): Promise<void>;
}

/** Sends one command to the runtime API and returns its answer. */
function runtimeCommand(socket: string, cmd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(socket);
    let answer = '';
    conn.on('connect', () => conn.end(`${cmd}\n`));
    conn.on('data', (c: Buffer) => {
      answer += c.toString('utf8');
    });
    conn.on('end', () => resolve(answer));
    conn.on('error', reject);
  });
}

/** `show stat` CSV → one record per server (the BACKEND and FRONTEND summary rows left out). */
export function parseServerStats(csv: string): ServerState[] {
  const lines = csv.split('\n').filter((l) => l.trim() !== '');
  const header = lines[0]?.replace(/^# /, '').split(',') ?? [];
  const col = (row: string[], key: string) => row[header.indexOf(key)] ?? '';
  return lines
    .slice(1)
    .map((l) => l.split(','))
    .filter((row) => !['BACKEND', 'FRONTEND'].includes(col(row, 'svname')))
    .map((row) => ({
      backend: col(row, 'pxname'),
      name: col(row, 'svname'),
      status: col(row, 'status'),
      weight: Number(col(row, 'weight')),
      requests: Number(col(row, 'stot')),
      sessions: Number(col(row, 'scur')),
    }));
}

/**
 * Starts haproxy (`-db`: foreground) with the config `configFor(socket)` returns; `socket` is the
 * path of the admin socket the config must declare (`stats socket <socket> level admin`).
 */
export async function startHaproxy(
  configFor: (socket: string) => string,
  haproxyBin = 'haproxy',
): Promise<HaproxyProcess> {
  // Unix socket paths are limited to ~107 bytes: keep them in a short temp dir.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hap-'));
  const socket = path.join(dir, 'admin.sock');
  const cfg = path.join(dir, 'haproxy.cfg');
  writeFileSync(cfg, configFor(socket));

  const child: ChildProcess = spawn(haproxyBin, ['-db', '-f', cfg], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString('utf8')).slice(-50_000);
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.on('exit', () => {
      exited = true;
      resolve();
    });
    child.on('error', (err) => {
      stderr += String(err);
      exited = true;
      resolve();
    });
  });

  const command = async (cmd: string) => {
    const answer = await runtimeCommand(socket, cmd);
    // Runtime API errors come back as text, not as a failed connection.
    if (
      !cmd.startsWith('show') &&
      /no such|unknown|cannot|can't|require|invalid|error|failed/i.test(answer)
    ) {
      throw new Error(`haproxy: "${cmd}" → ${answer.trim()}`);
    }
    return answer;
  };

  for (let i = 0; ; i++) {
    if (exited) throw new Error(`haproxy exited at start-up: ${stderr}`);
    try {
      await runtimeCommand(socket, 'show info');
      break;
    } catch {
      if (i > 100) throw new Error(`haproxy runtime API not up after 5 s: ${stderr}`);
      await sleep(50);
    }
  }

  return {
    command,
    servers: async () => parseServerStats(await command('show stat')),
    output: () => stderr,
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await exit;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
