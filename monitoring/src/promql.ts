// The label contract every query here relies on, and the PromQL fragments built on it.
//
// Every scraped replica carries `job` (the app: `api` or `frontend`), `namespace` and `pod`: the
// cluster's scrape config (argocd/monitoring) and the e2e Prometheus both set exactly these. The
// request histogram has no version label; `app_build_info{version}` of the same pod supplies it.

/** Requests that users sent: probes and scrapes are not traffic and must not dilute a ratio. */
export const USER_TRAFFIC = 'route!~"/healthz|/readyz|/metrics"';

/** The metric of the request histogram the services export (service-kit's metrics.ts). */
export const REQUESTS = 'http_request_duration_seconds';

/** A label selector body from `name="value"` / `name=~"regex"` matchers. */
export function selector(...matchers: string[]): string {
  return `{${matchers.join(', ')}}`;
}

/**
 * Adds the `version` label of each series' pod: `app_build_info` is 1 per pod, so the
 * multiplication keeps the value and `group_left (version)` copies the label over.
 */
export function withVersion(expr: string, buildInfo: string): string {
  return `${expr} * on (namespace, pod) group_left (version) app_build_info${buildInfo}`;
}

/** Keeps only the series of pods whose `app_build_info` matches `buildInfo` (one version). */
export function ofVersion(expr: string, buildInfo: string): string {
  return `${expr} and on (namespace, pod) app_build_info${buildInfo}`;
}
