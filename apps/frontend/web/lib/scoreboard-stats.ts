// The numbers beside the grid, computed from the recorded samples: per-version shares over a
// sliding window, one row per pod, error counts, latency percentiles and the time strip buckets.
// Pure (no DOM) so it is unit-tested directly and the page only draws what it returns.
import { percentile } from './percentile.js';
import type { Sample } from './samples.js';

export interface VersionShare {
  version: string;
  color: string;
  /** Requests answered by this version since the page opened. */
  total: number;
  /** Requests answered by this version inside the window. */
  count: number;
  /** count / all requests in the window (errors included), 0..1. */
  share: number;
  /** Pods of this version that answered inside the window, sorted. */
  pods: string[];
}

export interface WindowStats {
  windowMs: number;
  requests: number;
  errors: number;
  /** errors / requests inside the window, 0..1 (0 when there were no requests). */
  errorRate: number;
  /** Latency percentiles of the successful responses inside the window, in ms. */
  p50: number | undefined;
  p99: number | undefined;
  /** Every version seen since the page opened, in first-seen order (count 0 when absent now). */
  versions: VersionShare[];
}

export interface PodRow {
  pod: string;
  version: string;
  color: string;
  /** Successful answers since the page opened. */
  total: number;
  /** Error answers this pod sent since the page opened (a failing release shows here). */
  errors: number;
  lastSeenAt: number;
}

/** Colour for a pod seen only through errors, before any successful answer named its colour. */
const UNKNOWN_COLOR = '#6b7280';

export interface Bucket {
  start: number;
  requests: number;
  errors: number;
  /** Responses per version, in first-seen order, only versions present in the bucket. */
  versions: { version: string; color: string; count: number }[];
}

interface VersionInfo {
  color: string;
  total: number;
}

export class ScoreboardStats {
  private samples: Sample[] = [];
  private readonly versionInfo = new Map<string, VersionInfo>();
  private readonly podRows = new Map<string, PodRow>();
  private requestTotal = 0;
  private errorTotal = 0;

  /** @param retainMs how much history to keep: the longest window or strip the page draws. */
  constructor(private readonly retainMs: number) {}

  record(sample: Sample): void {
    this.samples.push(sample);
    this.requestTotal += 1;
    const { outcome } = sample;
    if (outcome.kind === 'error') {
      this.errorTotal += 1;
      if (outcome.pod) {
        const version = outcome.version ?? 'unknown';
        const color = this.versionInfo.get(version)?.color ?? UNKNOWN_COLOR;
        this.podRow(outcome.pod, version, color, sample.at).errors += 1;
      }
    } else {
      const info = this.versionInfo.get(outcome.version) ?? { color: outcome.color, total: 0 };
      info.color = outcome.color;
      info.total += 1;
      this.versionInfo.set(outcome.version, info);
      this.podRow(outcome.pod, outcome.version, outcome.color, sample.at).total += 1;
    }
    this.forgetBefore(sample.at - this.retainMs);
  }

  private podRow(pod: string, version: string, color: string, at: number): PodRow {
    const row = this.podRows.get(pod) ?? {
      pod,
      version,
      color,
      total: 0,
      errors: 0,
      lastSeenAt: at,
    };
    row.version = version;
    row.color = color;
    row.lastSeenAt = Math.max(row.lastSeenAt, at);
    this.podRows.set(pod, row);
    return row;
  }

  /** Requests and errors since the page opened: "zero downtime" is errors === 0. */
  get totals(): { requests: number; errors: number } {
    return { requests: this.requestTotal, errors: this.errorTotal };
  }

  /** Versions in the order they were first seen: the order of legend rows and cell patterns. */
  versionOrder(): string[] {
    return [...this.versionInfo.keys()];
  }

  window(now: number, windowMs: number): WindowStats {
    const inWindow = this.samples.filter((s) => s.at > now - windowMs && s.at <= now);
    const latencies: number[] = [];
    const perVersion = new Map<string, { count: number; pods: Set<string> }>();
    let errors = 0;
    for (const s of inWindow) {
      if (s.outcome.kind === 'error') {
        errors += 1;
        continue;
      }
      latencies.push(s.latencyMs);
      const entry = perVersion.get(s.outcome.version) ?? { count: 0, pods: new Set<string>() };
      entry.count += 1;
      entry.pods.add(s.outcome.pod);
      perVersion.set(s.outcome.version, entry);
    }
    const requests = inWindow.length;
    const versions = [...this.versionInfo.entries()].map(([version, info]) => {
      const entry = perVersion.get(version);
      const count = entry?.count ?? 0;
      return {
        version,
        color: info.color,
        total: info.total,
        count,
        share: requests === 0 ? 0 : count / requests,
        pods: entry ? [...entry.pods].sort() : [],
      };
    });
    return {
      windowMs,
      requests,
      errors,
      errorRate: requests === 0 ? 0 : errors / requests,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      versions,
    };
  }

  /** One row per pod ever seen, grouped by version (first-seen order, error-only versions last), then by name. */
  pods(): PodRow[] {
    const order = this.versionOrder();
    const rank = (version: string): number => {
      const index = order.indexOf(version);
      return index === -1 ? order.length : index;
    };
    return [...this.podRows.values()]
      .map((row) => ({ ...row }))
      .sort((a, b) => rank(a.version) - rank(b.version) || a.pod.localeCompare(b.pod));
  }

  /**
   * `count` consecutive buckets of `bucketMs` ending with the one that holds `now`, oldest first.
   * Bucket edges are aligned to multiples of bucketMs so bars do not shift while they fill.
   */
  buckets(now: number, bucketMs: number, count: number): Bucket[] {
    const lastStart = Math.floor(now / bucketMs) * bucketMs;
    const firstStart = lastStart - (count - 1) * bucketMs;
    const buckets = Array.from({ length: count }, (_, i) => ({
      start: firstStart + i * bucketMs,
      requests: 0,
      errors: 0,
      counts: new Map<string, number>(),
    }));
    for (const s of this.samples) {
      const index = Math.floor((s.at - firstStart) / bucketMs);
      const bucket = buckets[index];
      if (!bucket) continue;
      bucket.requests += 1;
      if (s.outcome.kind === 'error') bucket.errors += 1;
      else bucket.counts.set(s.outcome.version, (bucket.counts.get(s.outcome.version) ?? 0) + 1);
    }
    return buckets.map((b) => ({
      start: b.start,
      requests: b.requests,
      errors: b.errors,
      versions: [...this.versionInfo.entries()]
        .filter(([version]) => b.counts.has(version))
        .map(([version, info]) => ({
          version,
          color: info.color,
          count: b.counts.get(version) ?? 0,
        })),
    }));
  }

  private forgetBefore(cutoff: number): void {
    const firstKept = this.samples.findIndex((s) => s.at >= cutoff);
    if (firstKept > 0) this.samples = this.samples.slice(firstKept);
    else if (firstKept === -1) this.samples = [];
  }
}
