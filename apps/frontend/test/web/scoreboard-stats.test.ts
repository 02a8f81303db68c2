import type { Sample } from '../../web/lib/samples';
import { ScoreboardStats } from '../../web/lib/scoreboard-stats';

const ok = (at: number, version: string, pod: string, latencyMs = 10): Sample => ({
  at,
  latencyMs,
  outcome: { kind: 'ok', version, color: version === 'v1' ? '#2563eb' : '#16a34a', pod },
});
const failed = (at: number, reason = 'HTTP 502'): Sample => ({
  at,
  latencyMs: 1,
  outcome: { kind: 'error', reason },
});

describe('ScoreboardStats', () => {
  it('gives each version its share of the requests inside the window, errors included', () => {
    const stats = new ScoreboardStats(60_000);
    // Old traffic (outside a 10 s window ending at 20 s): only v1.
    for (let t = 0; t < 5000; t += 100) stats.record(ok(t, 'v1', 'api-a'));
    // Last 10 s: 6 × v1, 3 × v2, 1 error.
    for (let i = 0; i < 6; i++) stats.record(ok(11_000 + i, 'v1', i % 2 ? 'api-a' : 'api-b'));
    for (let i = 0; i < 3; i++) stats.record(ok(12_000 + i, 'v2', 'api-c'));
    stats.record(failed(13_000));

    const window = stats.window(20_000, 10_000);
    expect(window.requests).toBe(10);
    expect(window.errors).toBe(1);
    expect(window.errorRate).toBeCloseTo(0.1);
    expect(window.versions).toEqual([
      {
        version: 'v1',
        color: '#2563eb',
        total: 56,
        count: 6,
        share: 0.6,
        pods: ['api-a', 'api-b'],
      },
      { version: 'v2', color: '#16a34a', total: 3, count: 3, share: 0.3, pods: ['api-c'] },
    ]);
  });

  it('keeps a version that stopped answering in the legend with share 0 (a finished rollout)', () => {
    const stats = new ScoreboardStats(60_000);
    stats.record(ok(1000, 'v1', 'api-a'));
    stats.record(ok(30_000, 'v2', 'api-b'));
    const window = stats.window(31_000, 10_000);
    expect(window.versions.map((v) => [v.version, v.count, v.share])).toEqual([
      ['v1', 0, 0],
      ['v2', 1, 1],
    ]);
  });

  it('counts errors since the page opened, beyond the retained history', () => {
    const stats = new ScoreboardStats(1000);
    stats.record(failed(0));
    stats.record(ok(500, 'v1', 'api-a'));
    stats.record(failed(10_000, 'timeout'));
    expect(stats.totals).toEqual({ requests: 3, errors: 2 });
    expect(stats.window(10_000, 60_000).requests).toBe(1);
  });

  it('computes p50 and p99 over successful responses only', () => {
    const stats = new ScoreboardStats(60_000);
    for (let i = 1; i <= 100; i++) stats.record(ok(i, 'v1', 'api-a', i));
    stats.record({ ...failed(101), latencyMs: 2000 });
    const window = stats.window(200, 10_000);
    expect(window.p50).toBe(50);
    expect(window.p99).toBe(99);
  });

  it('has no latency and no error rate before any request', () => {
    const window = new ScoreboardStats(60_000).window(0, 10_000);
    expect(window).toMatchObject({ requests: 0, errorRate: 0, p50: undefined, p99: undefined });
  });

  it('lists one row per pod, grouped by version in first-seen order', () => {
    const stats = new ScoreboardStats(60_000);
    stats.record(ok(1, 'v2', 'api-z'));
    stats.record(ok(2, 'v1', 'api-b'));
    stats.record(ok(3, 'v1', 'api-a'));
    stats.record(ok(4, 'v2', 'api-z'));
    expect(stats.pods().map((p) => [p.pod, p.version, p.total, p.lastSeenAt])).toEqual([
      ['api-z', 'v2', 2, 4],
      ['api-a', 'v1', 1, 3],
      ['api-b', 'v1', 1, 2],
    ]);
    expect(stats.versionOrder()).toEqual(['v2', 'v1']);
  });

  it('charges error answers to the pod that sent them; proxy errors to no pod', () => {
    const stats = new ScoreboardStats(60_000);
    stats.record(ok(1, 'v2', 'api-z'));
    stats.record({
      at: 2,
      latencyMs: 1,
      outcome: { kind: 'error', reason: 'HTTP 500', pod: 'api-z', version: 'v2' },
    });
    stats.record({
      at: 3,
      latencyMs: 1,
      outcome: { kind: 'error', reason: 'HTTP 500', pod: 'api-bad', version: 'v3' },
    });
    stats.record(failed(4));
    expect(stats.pods()).toEqual([
      { pod: 'api-z', version: 'v2', color: '#16a34a', total: 1, errors: 1, lastSeenAt: 2 },
      { pod: 'api-bad', version: 'v3', color: '#6b7280', total: 0, errors: 1, lastSeenAt: 3 },
    ]);
    expect(stats.totals.errors).toBe(3);
  });

  it('splits the recent past into aligned buckets for the time strip', () => {
    const stats = new ScoreboardStats(60_000);
    stats.record(ok(1000, 'v1', 'api-a'));
    stats.record(ok(6000, 'v1', 'api-a'));
    stats.record(ok(7000, 'v2', 'api-b'));
    stats.record(failed(8000));
    const buckets = stats.buckets(12_000, 5000, 3);
    expect(buckets.map((b) => b.start)).toEqual([0, 5000, 10_000]);
    expect(buckets[0]).toMatchObject({ requests: 1, errors: 0 });
    expect(buckets[1]).toEqual({
      start: 5000,
      requests: 3,
      errors: 1,
      versions: [
        { version: 'v1', color: '#2563eb', count: 1 },
        { version: 'v2', color: '#16a34a', count: 1 },
      ],
    });
    expect(buckets[2]).toMatchObject({ requests: 0, versions: [] });
  });

  it('forgets samples older than its retention', () => {
    const stats = new ScoreboardStats(5000);
    stats.record(ok(0, 'v1', 'api-a'));
    stats.record(ok(10_000, 'v1', 'api-a'));
    expect(stats.window(10_000, 60_000).requests).toBe(1);
  });
});
