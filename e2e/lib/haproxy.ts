import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sleep } from './http';
import { freePort } from './processes';

const BACKEND = 'targets';

/** Health-check settings of an ALB target group as the manifests configure it, at test speed. */
const CHECK = 'check inter 1s fastinter 1s downinter 1s fall 2 rise 1';

export interface TargetGroupOptions {
  /** Listener port on 127.0.0.1 (default: a free one). */
  port?: number;
  /** Path of the active health check (default /readyz). */
  healthPath?: string;
  haproxyBin?: string;
}

export interface TargetState {
  name: string;
  /** HAProxy's view: `UP`, `DOWN`, `MAINT`, `DRAIN`, `UP 1/2` (going down), `no check`... */
  status: string;
  weight: number;
  /** Requests this target has answered so far. */
  requests: number;
  /** Open sessions right now. */
  sessions: number;
}

export interface TargetGroup {
  port: number;
  url: string;
  /**
   * Registers 127.0.0.1:`targetPort` as target `name`. Like an ALB, it takes traffic only after its
   * first passing health check.
   */
  addTarget(name: string, targetPort: number): Promise<void>;
  /** Resolves once `name` is UP (passed a check); rejects after `timeoutMs`. */
  waitHealthy(name: string, timeoutMs?: number): Promise<number>;
  /** Resolves once the health checks have taken `name` out (status DOWN); rejects after `timeoutMs`. */
  waitUnhealthy(name: string, timeoutMs?: number): Promise<number>;
  /** Stops sending new requests to `name`; requests in flight finish (ALB deregistration). */
  drainTarget(name: string): Promise<void>;
  /** Deregisters `name` entirely (maintenance, close its sessions, delete it). */
  removeTarget(name: string): Promise<void>;
  targets(): Promise<TargetState[]>;
  /** Raw runtime API command (`show stat`, `set server ...`). */
  command(cmd: string): Promise<string>;
  /** Everything haproxy wrote to stderr. */
  output(): string;
  stop(): Promise<void>;
}

/** The haproxy.cfg of the target group: no retries, no redispatch, no retry-on. */
export function targetGroupConfig(port: number, socket: string, healthPath: string): string {
  return `global
  stats socket ${socket} level admin
  maxconn 4096

defaults
  mode http
  # An ALB does not retry a request on another target: neither may the stand-in, or it would hide
  # exactly the failures a rolling-update test must catch.
  retries 0
  timeout connect 2s
  # Client-side idle timeout like an ALB's (60 s); the load generator closes idle sockets sooner, so
  # a reused keep-alive socket is never one the balancer is closing at that moment.
  timeout client 60s
  timeout server 30s
  timeout http-keep-alive 60s
  # A check's answer may take up to 2 s on a busy machine before it counts as failed (ALB: 5 s).
  timeout check 2s

frontend listener
  bind 127.0.0.1:${port}
  default_backend ${BACKEND}

backend ${BACKEND}
  balance roundrobin
  option httpchk
  http-check send meth GET uri ${healthPath} ver HTTP/1.1 hdr Host localhost
  http-check expect status 200
  # Targets are added at run time (dynamic servers ignore default-server: addTarget repeats these).
  default-server ${CHECK}
`;
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

/** `show stat` CSV → one record per server of the backend. */
export function parseServerStats(csv: string): TargetState[] {
  const lines = csv.split('\n').filter((l) => l.trim() !== '');
  const header = lines[0]?.replace(/^# /, '').split(',') ?? [];
  const col = (row: string[], key: string) => row[header.indexOf(key)] ?? '';
  return lines
    .slice(1)
    .map((l) => l.split(','))
    .filter(
      (row) =>
        col(row, 'pxname') === BACKEND && !['BACKEND', 'FRONTEND'].includes(col(row, 'svname')),
    )
    .map((row) => ({
      name: col(row, 'svname'),
      status: col(row, 'status'),
      weight: Number(col(row, 'weight')),
      requests: Number(col(row, 'stot')),
      sessions: Number(col(row, 'scur')),
    }));
}

/** Starts Debian's haproxy (`-db`: foreground) as an ALB target-group stand-in on 127.0.0.1. */
export async function startTargetGroup(options: TargetGroupOptions = {}): Promise<TargetGroup> {
  const port = options.port ?? (await freePort());
  // Unix socket paths are limited to ~107 bytes: keep them in a short temp dir.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tg-'));
  const socket = path.join(dir, 'admin.sock');
  const cfg = path.join(dir, 'haproxy.cfg');
  writeFileSync(cfg, targetGroupConfig(port, socket, options.healthPath ?? '/readyz'));

  const child: ChildProcess = spawn(options.haproxyBin ?? 'haproxy', ['-db', '-f', cfg], {
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

  const targets = async () => parseServerStats(await command('show stat'));
  const server = (name: string) => `${BACKEND}/${name}`;
  const waitForStatus = async (
    name: string,
    label: string,
    matches: (status: string) => boolean,
    timeoutMs: number,
  ) => {
    const started = Date.now();
    for (;;) {
      const t = (await targets()).find((x) => x.name === name);
      if (t && matches(t.status)) return Date.now() - started;
      if (Date.now() - started > timeoutMs) {
        throw new Error(
          `target ${name} not ${label} within ${timeoutMs} ms (status ${t?.status ?? 'absent'})`,
        );
      }
      await sleep(100);
    }
  };

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    command,
    targets,
    output: () => stderr,
    async addTarget(name, targetPort) {
      const s = server(name);
      await command(`add server ${s} 127.0.0.1:${targetPort} ${CHECK}`);
      await command(`enable health ${s}`);
      // Dynamic servers start in maintenance; leaving it would mark them UP before any check. Weight 0
      // while the state is forced DOWN, so the first passing check (rise 1) is what lets traffic in.
      await command(
        `set server ${s} weight 0; set server ${s} state ready; set server ${s} health down; set server ${s} weight 1`,
      );
    },
    waitHealthy: (name, timeoutMs = 10_000) =>
      waitForStatus(name, 'UP', (status) => status === 'UP', timeoutMs),
    waitUnhealthy: (name, timeoutMs = 10_000) =>
      waitForStatus(name, 'DOWN', (status) => status.startsWith('DOWN'), timeoutMs),
    async drainTarget(name) {
      await command(`set server ${server(name)} state drain`);
    },
    async removeTarget(name) {
      const s = server(name);
      await command(`set server ${s} state maint`);
      await command(`shutdown sessions server ${s}`);
      // `del server` refuses while idle keep-alive connections are still attached: retry briefly.
      for (let i = 0; ; i++) {
        try {
          await command(`del server ${s}`);
          return;
        } catch (err) {
          if (i > 50) throw err;
          await sleep(100);
        }
      }
    },
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await exit;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
