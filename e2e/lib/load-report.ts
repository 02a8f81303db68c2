import type { RequestRecord } from './load';

export interface LoadSummary {
  requests: number;
  failed: number;
  /** Failed requests by cause: `HTTP 502`, `ECONNRESET`, `timeout 5000 ms`... */
  failures: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  durationS: number;
  /** Requests sent per second (open loop: what was offered, however slow the answers were). */
  ratePerS: number;
  /** Responses per `x-app-version` (`none` for responses without it). */
  versions: Record<string, number>;
  /** Version share per time bucket, e.g. `{ fromS: 10, counts: { A: 600, B: 300 } }`. */
  timeline: { fromS: number; counts: Record<string, number> }[];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

const count = (map: Record<string, number>, key: string) => {
  map[key] = (map[key] ?? 0) + 1;
};

export function summarize(records: RequestRecord[], bucketS = 5): LoadSummary {
  const latencies = records.map((r) => r.ms).sort((a, b) => a - b);
  const failures: Record<string, number> = {};
  const versions: Record<string, number> = {};
  const buckets = new Map<number, Record<string, number>>();
  let lastMs = 0;
  let lastSent = 0;
  for (const r of records) {
    lastMs = Math.max(lastMs, r.sentAt + r.ms);
    lastSent = Math.max(lastSent, r.sentAt);
    if (r.failed) count(failures, r.error ?? `HTTP ${r.status} from the ${r.source ?? 'service'}`);
    else {
      count(versions, r.version ?? 'none');
      const from = Math.floor(r.sentAt / 1000 / bucketS) * bucketS;
      const bucket = buckets.get(from) ?? {};
      count(bucket, r.version ?? 'none');
      buckets.set(from, bucket);
    }
  }
  const durationS = lastMs / 1000;
  return {
    requests: records.length,
    failed: records.filter((r) => r.failed).length,
    failures,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    durationS: Math.round(durationS * 10) / 10,
    ratePerS: lastSent > 0 ? Math.round(records.length / (lastSent / 1000)) : 0,
    versions,
    timeline: [...buckets.entries()]
      .sort(([a], [b]) => a - b)
      .map(([fromS, counts]) => ({ fromS, counts })),
  };
}

/** Human-readable summary block for the console and the CI log. */
export function formatSummary(title: string, s: LoadSummary): string {
  const share = (counts: Record<string, number>) => {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    return Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([v, n]) => `${v} ${Math.round((n / total) * 100)}%`)
      .join(' ');
  };
  const failures = Object.entries(s.failures)
    .map(([why, n]) => `${why}: ${n}`)
    .join(', ');
  return [
    `── ${title}`,
    `requests ${s.requests}, failed ${s.failed}${failures ? ` (${failures})` : ''}`,
    `p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms, duration ${s.durationS} s, ${s.ratePerS} req/s sent`,
    `versions: ${share(s.versions)}`,
    ...s.timeline.map((b) => `  ${String(b.fromS).padStart(4)} s  ${share(b.counts)}`),
  ].join('\n');
}
