// An ALB target group stand-in: HAProxy in http mode with the ALB's health checks, deregistration,
// and its habit of keeping idle connections to targets open and reusing them for any client.

import { freePort } from '@gitops-lab/test-support';
import { type ServerState, startHaproxy } from './haproxy-process';
import { sleep } from './http';

/** The backend of node 1; node n > 1 uses `targets-<n>`. */
const BACKEND = 'targets';

/**
 * Per target: the health checks the manifests configure, at test speed, and the ALB's idle
 * connection lifetime. `pool-purge-delay` keeps idle connections to the target for about 60 s (the
 * ALB's default idle timeout) instead of HAProxy's 5 s. Dynamic servers ignore `default-server`.
 */
const SERVER_OPTIONS =
  'check inter 1s fastinter 1s downinter 1s fall 2 rise 1 pool-max-conn -1 pool-purge-delay 60s';

export interface TargetGroupOptions {
  /** Listener port of node 1 on 127.0.0.1 (default: a free one). */
  port?: number;
  /**
   * Load-balancer nodes (default 1). An ALB has a node per zone, each with its own health checks
   * and its own pool of idle connections to every target; a client talks to the node DNS gave it.
   */
  nodes?: number;
  /** Path of the active health check (default /readyz). */
  healthPath?: string;
  haproxyBin?: string;
}

export type TargetState = Omit<ServerState, 'backend'>;

export interface TargetGroup {
  port: number;
  /** Node 1's listener. */
  url: string;
  /** Every node's listener, node 1 first. */
  nodeUrls: string[];
  /**
   * Registers 127.0.0.1:`targetPort` as target `name` on every node. Like an ALB, a node sends it
   * traffic only after its own first passing health check.
   */
  addTarget(name: string, targetPort: number): Promise<void>;
  /** Resolves once every node has `name` UP (passed a check); rejects after `timeoutMs`. */
  waitHealthy(name: string, timeoutMs?: number): Promise<number>;
  /** Resolves once every node's checks have taken `name` out (DOWN); rejects after `timeoutMs`. */
  waitUnhealthy(name: string, timeoutMs?: number): Promise<number>;
  /** Stops sending new requests to `name`; requests in flight finish (ALB deregistration). */
  drainTarget(name: string): Promise<void>;
  /** Deregisters `name` entirely (maintenance, close its sessions, delete it). */
  removeTarget(name: string): Promise<void>;
  /** The targets as node 1 sees them. */
  targets(): Promise<TargetState[]>;
  /** Raw runtime API command (`show stat`, `set server targets/x ...`). */
  command(cmd: string): Promise<string>;
  /** Everything haproxy wrote to stderr. */
  output(): string;
  stop(): Promise<void>;
}

const backendOf = (node: number) => (node === 1 ? BACKEND : `${BACKEND}-${node}`);

/** The haproxy.cfg of the target group: no retries, no redispatch, no retry-on; idle reuse. */
export function targetGroupConfig(ports: number[], socket: string, healthPath: string): string {
  const nodes = ports.map(
    (port, i) => `frontend node-${i + 1}
  bind 127.0.0.1:${port}
  default_backend ${backendOf(i + 1)}

backend ${backendOf(i + 1)}
  balance roundrobin
  option httpchk
  http-check send meth GET uri ${healthPath} ver HTTP/1.1 hdr Host localhost
  http-check expect status 200
`,
  );
  return `global
  stats socket ${socket} level admin
  maxconn 4096

defaults
  mode http
  # An ALB does not retry a request on another target: neither may the stand-in, or it would hide
  # exactly the failures a rolling-update test must catch.
  retries 0
  timeout connect 2s
  # Client-side idle timeout like an ALB's (60 s).
  timeout client 60s
  timeout http-keep-alive 60s
  timeout server 30s
  # A check's answer may take up to 5 s before it counts as failed, as the manifests set the ALB's
  # (healthcheck-timeout-seconds); a busy machine then does not take healthy targets out.
  timeout check 5s
  # Like an ALB, send any client's request over an idle connection to the target, even the first
  # request of a client connection. A target that closes idle connections sooner than the balancer
  # forgets them races it: the request sent as the target closes fails (502).
  http-reuse always

${nodes.join('\n')}`;
}

/** Starts Debian's haproxy as an ALB target-group stand-in on 127.0.0.1. */
export async function startTargetGroup(options: TargetGroupOptions = {}): Promise<TargetGroup> {
  const nodeCount = options.nodes ?? 1;
  const ports = [options.port ?? (await freePort())];
  while (ports.length < nodeCount) ports.push(await freePort());
  const backends = ports.map((_, i) => backendOf(i + 1));
  const haproxy = await startHaproxy(
    (socket) => targetGroupConfig(ports, socket, options.healthPath ?? '/readyz'),
    options.haproxyBin,
  );
  const { command } = haproxy;
  const onEveryNode = async (cmd: (server: string) => string) => {
    for (const backend of backends) await command(cmd(`${backend}/`));
  };

  const targets = async (): Promise<TargetState[]> =>
    (await haproxy.servers())
      .filter((s) => s.backend === BACKEND)
      .map(({ backend: _, ...target }) => target);
  const waitForStatus = async (
    name: string,
    label: string,
    matches: (status: string) => boolean,
    timeoutMs: number,
  ) => {
    const started = Date.now();
    for (;;) {
      const states = (await haproxy.servers()).filter(
        (s) => s.name === name && backends.includes(s.backend),
      );
      if (states.length === backends.length && states.every((s) => matches(s.status))) {
        return Date.now() - started;
      }
      if (Date.now() - started > timeoutMs) {
        const seen = states.map((s) => `${s.backend} ${s.status}`).join(', ') || 'absent';
        throw new Error(`target ${name} not ${label} within ${timeoutMs} ms (${seen})`);
      }
      await sleep(100);
    }
  };

  return {
    port: ports[0] as number,
    url: `http://127.0.0.1:${ports[0]}`,
    nodeUrls: ports.map((port) => `http://127.0.0.1:${port}`),
    command,
    targets,
    output: haproxy.output,
    async addTarget(name, targetPort) {
      await onEveryNode((b) => `add server ${b}${name} 127.0.0.1:${targetPort} ${SERVER_OPTIONS}`);
      await onEveryNode((b) => `enable health ${b}${name}`);
      // Dynamic servers start in maintenance; leaving it would mark them UP before any check. Weight 0
      // while the state is forced DOWN, so the first passing check (rise 1) is what lets traffic in.
      await onEveryNode(
        (b) =>
          `set server ${b}${name} weight 0; set server ${b}${name} state ready; set server ${b}${name} health down; set server ${b}${name} weight 1`,
      );
    },
    waitHealthy: (name, timeoutMs = 10_000) =>
      waitForStatus(name, 'UP', (status) => status === 'UP', timeoutMs),
    waitUnhealthy: (name, timeoutMs = 10_000) =>
      waitForStatus(name, 'DOWN', (status) => status.startsWith('DOWN'), timeoutMs),
    async drainTarget(name) {
      await onEveryNode((b) => `set server ${b}${name} state drain`);
    },
    async removeTarget(name) {
      await onEveryNode((b) => `set server ${b}${name} state maint`);
      await onEveryNode((b) => `shutdown sessions server ${b}${name}`);
      // `del server` refuses while idle keep-alive connections are still attached: retry briefly.
      for (const backend of backends) {
        for (let i = 0; ; i++) {
          try {
            await command(`del server ${backend}/${name}`);
            break;
          } catch (err) {
            if (i > 50) throw err;
            await sleep(100);
          }
        }
      }
    },
    stop: haproxy.stop,
  };
}
