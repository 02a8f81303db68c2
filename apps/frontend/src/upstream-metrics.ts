// Metrics of the requests the frontend proxies to the api: what the api looked like from here,
// including the failures (status "unreachable"/"timeout") that never produced an HTTP status.
import { Histogram, type Registry } from 'prom-client';

/** The upstream status label: the api's HTTP status, or why there was none. */
export type UpstreamStatus = number | 'unreachable' | 'timeout' | 'aborted';

export type ObserveUpstream = (method: string, status: UpstreamStatus, seconds: number) => void;

export function createUpstreamMetrics(registry: Registry): ObserveUpstream {
  const histogram = new Histogram({
    name: 'frontend_upstream_request_duration_seconds',
    help: 'Requests proxied to the api, by method and upstream status (or unreachable/timeout/aborted).',
    labelNames: ['method', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return (method, status, seconds) =>
    histogram.observe({ method, status: String(status) }, seconds);
}
