import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TargetGroup } from './haproxy';

/** A replica as Kubernetes would show it to Prometheus: a pod, its address, whether it is ready. */
export interface PodView {
  pod: string;
  address: string;
  ready: boolean;
}

export interface ClusterView {
  /** Prometheus HTTP service discovery: one target per pod, labelled `namespace` and `pod`. */
  discoveryUrl: string;
  /** `host:port` serving kube-state-metrics' `kube_pod_status_ready` for the same pods. */
  metricsTarget: string;
  stop(): Promise<void>;
}

/** `show servers state <backend>` → the pods behind the target group (header names, not positions). */
export function parseServersState(text: string): PodView[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const header =
    lines
      .find((l) => l.startsWith('# '))
      ?.slice(2)
      .split(' ') ?? [];
  const col = (row: string[], key: string) => row[header.indexOf(key)] ?? '';
  return lines
    .filter((l) => !l.startsWith('#') && /^\d+ /.test(l))
    .map((l) => l.split(' '))
    .map((row) => ({
      pod: col(row, 'srv_name'),
      address: `${col(row, 'srv_addr')}:${col(row, 'srv_port')}`,
      // 2 = running (passed its checks), and not in maintenance (being deleted).
      ready: col(row, 'srv_op_state') === '2' && (Number(col(row, 'srv_admin_state')) & 1) === 0,
    }));
}

/** kube-state-metrics' readiness gauge for `pods`, in the Prometheus text format. */
export function readinessMetrics(namespace: string, pods: PodView[]): string {
  const lines = ['# TYPE kube_pod_status_ready gauge'];
  for (const { pod, ready } of pods) {
    for (const [condition, value] of [
      ['true', ready],
      ['false', !ready],
    ] as const) {
      lines.push(
        `kube_pod_status_ready{namespace="${namespace}",pod="${pod}",condition="${condition}"} ${value ? 1 : 0}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The cluster's view of the replicas behind `tg`, for Prometheus: the target group's servers are
 * the pods (registered when they start, deleted after they exit, as pods appear in and leave
 * Kubernetes service discovery), and a server whose health checks pass is a ready pod (what the
 * readiness probe and kube-state-metrics report). Served on 127.0.0.1 at a free port.
 */
export async function startClusterView(tg: TargetGroup, namespace: string): Promise<ClusterView> {
  const pods = async () => parseServersState(await tg.command('show servers state targets'));
  const server = http.createServer((req, res) => {
    void (async () => {
      try {
        if (req.url === '/discovery') {
          const targets = (await pods()).map((p) => ({
            targets: [p.address],
            labels: { namespace, pod: p.pod },
          }));
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(targets));
        } else if (req.url === '/metrics') {
          res.setHeader('content-type', 'text/plain; version=0.0.4');
          res.end(readinessMetrics(namespace, await pods()));
        } else {
          res.statusCode = 404;
          res.end();
        }
      } catch (err) {
        res.statusCode = 500;
        res.end(String(err));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    discoveryUrl: `http://127.0.0.1:${port}/discovery`,
    metricsTarget: `127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
