// A kube-proxy stand-in: a ClusterIP Service's virtual address in front of a Deployment's pods.
// HAProxy in tcp mode picks an endpoint per connection (round robin), never looks at a pod's health
// and never retries, as kube-proxy's iptables/IPVS rules do. Only the EndpointSlice changes what
// it routes to, and each change reaches the node after a propagation delay:
//   - a pod joins once its readiness probe passes (the kubelet polls /readyz),
//   - a pod leaves when its termination begins (the same moment the kubelet sends SIGTERM), and
//     connections already open stay open (conntrack), so requests on them finish.

import { freePort } from '@gitops-lab/test-support';
import { startHaproxy } from './haproxy-process';
import { httpRequest, sleep } from './http';

const BACKEND = 'endpoints';

/** EndpointSlice controller → API server → kube-proxy on every node: about a second or two. */
export const DEFAULT_PROPAGATION_DELAY_MS = 1500;

export interface ServiceProxyOptions {
  /** Delay between an endpoint change and the proxy acting on it (default 1500 ms). */
  propagationDelayMs?: number;
  /** Period of the kubelet's readiness probe on /readyz (default 1000 ms). */
  readinessPeriodMs?: number;
  haproxyBin?: string;
}

export interface EndpointState {
  name: string;
  /** `no check` while in the endpoint set, `MAINT` once removed (connections still finishing). */
  status: string;
  /** Connections this endpoint has been given so far. */
  connections: number;
  /** Connections open right now. */
  open: number;
}

export interface ServiceProxy {
  /** The Service's address, e.g. the frontend's API_URL. */
  url: string;
  propagationDelayMs: number;
  /**
   * Probes 127.0.0.1:`port`/readyz like the kubelet until it answers 200, then adds the endpoint
   * after the propagation delay. Rejects after `timeoutMs` without adding it (a pod never Ready).
   */
  addEndpoint(name: string, port: number, timeoutMs?: number): Promise<void>;
  /**
   * Termination of `name` begins now: it leaves the endpoint set after the propagation delay (new
   * connections go elsewhere, open ones finish). Resolves once the proxy acted on it.
   */
  terminating(name: string): Promise<void>;
  /** Forgets `name` once its pod is gone (no-op for an endpoint never added). */
  removeEndpoint(name: string): Promise<void>;
  endpoints(): Promise<EndpointState[]>;
  output(): string;
  stop(): Promise<void>;
}

/** The haproxy.cfg of the Service: tcp mode, round robin per connection, no checks, no retries. */
export function serviceProxyConfig(port: number, socket: string): string {
  return `global
  stats socket ${socket} level admin
  maxconn 4096

defaults
  mode tcp
  # kube-proxy's rules send a connection to one endpoint; if that pod refuses it, the client gets
  # the refusal. No retry, no redispatch.
  retries 0
  timeout connect 2s
  timeout client 60s
  timeout server 60s

frontend service
  bind 127.0.0.1:${port}
  default_backend ${BACKEND}

backend ${BACKEND}
  balance roundrobin
`;
}

/** Starts the kube-proxy stand-in for one Service on a free port of 127.0.0.1. */
export async function startServiceProxy(options: ServiceProxyOptions = {}): Promise<ServiceProxy> {
  const port = await freePort();
  const propagationDelayMs = options.propagationDelayMs ?? DEFAULT_PROPAGATION_DELAY_MS;
  const readinessPeriodMs = options.readinessPeriodMs ?? 1000;
  const haproxy = await startHaproxy(
    (socket) => serviceProxyConfig(port, socket),
    options.haproxyBin,
  );
  const server = (name: string) => `${BACKEND}/${name}`;
  const endpoints = async (): Promise<EndpointState[]> =>
    (await haproxy.servers())
      .filter((s) => s.backend === BACKEND)
      .map((s) => ({ name: s.name, status: s.status, connections: s.requests, open: s.sessions }));

  return {
    url: `http://127.0.0.1:${port}`,
    propagationDelayMs,
    endpoints,
    output: haproxy.output,
    async addEndpoint(name, endpointPort, timeoutMs = 30_000) {
      const started = Date.now();
      for (;;) {
        const ready = await httpRequest(`http://127.0.0.1:${endpointPort}/readyz`, {
          timeoutMs: 1000,
        }).then(
          (res) => res.status === 200,
          () => false,
        );
        if (ready) break;
        if (Date.now() - started > timeoutMs) {
          throw new Error(`endpoint ${name} not Ready within ${timeoutMs} ms`);
        }
        await sleep(readinessPeriodMs);
      }
      await sleep(propagationDelayMs);
      // Dynamic servers start in maintenance: `state ready` puts the endpoint in rotation.
      await haproxy.command(`add server ${server(name)} 127.0.0.1:${endpointPort}`);
      await haproxy.command(`set server ${server(name)} state ready`);
    },
    async terminating(name) {
      await sleep(propagationDelayMs);
      // Maintenance takes no new connections and leaves the open ones alone (conntrack).
      await haproxy.command(`set server ${server(name)} state maint`);
    },
    async removeEndpoint(name) {
      if (!(await endpoints()).some((e) => e.name === name)) return;
      await haproxy.command(`set server ${server(name)} state maint`);
      await haproxy.command(`shutdown sessions server ${server(name)}`);
      await haproxy.command(`del server ${server(name)}`);
    },
    stop: haproxy.stop,
  };
}
