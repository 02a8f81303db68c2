import { readAppInfo } from '../../web/lib/app-info';
import { backoffDelay } from '../../web/lib/backoff';
import { faultNotes } from '../../web/lib/fault-notes';
import { formatAgo, formatLatencyPair, formatMs, formatPercent } from '../../web/lib/format';
import { readMessages } from '../../web/lib/messages';
import { percentile } from '../../web/lib/percentile';
import { readProblem } from '../../web/lib/problem-details';
import { PATTERN_COUNT, patternClass, safeColor } from '../../web/lib/version-style';

describe('percentile', () => {
  it('uses the nearest rank', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 99)).toBe(5);
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('doubles per attempt up to the cap, with 50-100 % jitter', () => {
    const options = { baseMs: 1000, maxMs: 15_000 };
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, { ...options, random: () => 1 }))).toEqual(
      [1000, 2000, 4000, 8000, 15_000, 15_000],
    );
    expect(backoffDelay(2, { ...options, random: () => 0 })).toBe(2000);
  });
});

describe('readProblem', () => {
  it("keeps the api's field errors", () => {
    const problem = readProblem(400, {
      type: 'about:blank',
      title: 'Invalid request',
      status: 400,
      detail: 'text: must not be empty',
      errors: [{ field: 'text', detail: 'must not be empty' }, { nonsense: true }],
    });
    expect(problem).toEqual({
      status: 400,
      title: 'Invalid request',
      detail: 'text: must not be empty',
      fields: [{ field: 'text', detail: 'must not be empty' }],
    });
  });

  it('falls back to the status for bodies that are not problems', () => {
    expect(readProblem(502, undefined)).toEqual({
      status: 502,
      title: 'HTTP 502',
      detail: undefined,
      fields: [],
    });
  });
});

describe('readAppInfo', () => {
  const info = {
    service: 'api',
    version: '1.2.0',
    revision: 'abc',
    imageTag: 'sha-abc',
    color: '#123456',
    pod: 'api-1',
    namespace: 'ns',
    node: 'n',
    startedAt: '2026-01-01T00:00:00.000Z',
    uptimeSeconds: 3,
    faultInjection: true,
  };

  it('reads the identity payload', () => {
    expect(readAppInfo(info)).toMatchObject({
      version: '1.2.0',
      pod: 'api-1',
      faultInjection: true,
    });
  });

  it('never lets a colour become arbitrary CSS', () => {
    expect(readAppInfo({ ...info, color: 'red; background: url(x)' })?.color).toBe('#6b7280');
    expect(safeColor('teal')).toBe('teal');
  });

  it('rejects bodies that are not identity payloads', () => {
    expect(readAppInfo({ hello: 'world' })).toBeUndefined();
    expect(readAppInfo('<html>')).toBeUndefined();
  });

  it('treats a missing fault-injection flag as off', () => {
    const { faultInjection: _, ...withoutFlag } = info;
    expect(readAppInfo(withoutFlag)?.faultInjection).toBe(false);
  });
});

describe('readMessages', () => {
  it('reads the items of a page and drops unreadable ones', () => {
    const body = {
      items: [
        { id: 2, author: 'ada', text: 'hi', pod: 'api-1', createdAt: '2026-01-01T00:00:00Z' },
        { id: 3 },
      ],
    };
    expect(readMessages(body)).toEqual([
      { id: '2', author: 'ada', text: 'hi', pod: 'api-1', createdAt: '2026-01-01T00:00:00Z' },
    ]);
    expect(readMessages(null)).toEqual([]);
  });
});

describe('version patterns', () => {
  it('gives consecutive versions different patterns and cycles after the last', () => {
    expect(patternClass(0)).toBe('pattern-0');
    expect(patternClass(1)).toBe('pattern-1');
    expect(patternClass(PATTERN_COUNT)).toBe('pattern-0');
  });
});

describe('formatting', () => {
  it('formats shares, latencies and ages for the panels', () => {
    expect(formatPercent(0.254)).toBe('25 %');
    expect(formatMs(7.26)).toBe('7.3 ms');
    expect(formatMs(undefined)).toBe('–');
    expect(formatLatencyPair(7.26, 42.4)).toBe('7.3 / 42 ms');
    expect(formatAgo(3400)).toBe('3 s ago');
    expect(formatAgo(300_000)).toBe('5 min ago');
  });
});

describe('faultNotes', () => {
  it("says in words what the api's faults object reports as broken", () => {
    expect(
      faultNotes({
        ready: false,
        healthy: false,
        errorRate: 0.15,
        latencyMs: 300,
        neverReady: true,
      }),
    ).toEqual([
      'made unready',
      'never ready',
      'liveness failing',
      '15 % injected errors',
      '+300 ms injected latency',
    ]);
    expect(
      faultNotes({ ready: true, healthy: true, errorRate: 0, latencyMs: 0, neverReady: false }),
    ).toEqual([]);
    expect(faultNotes(undefined)).toEqual([]);
  });
});
