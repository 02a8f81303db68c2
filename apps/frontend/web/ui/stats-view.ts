// Draws the numbers beside the grid: headline counters, the version legend, one row per pod and
// the time strip. Everything shown in colour is also written out in text.
import { formatAgo, formatClock, formatLatencyPair, formatPercent } from '../lib/format.js';
import type { Bucket, PodRow, ScoreboardStats, WindowStats } from '../lib/scoreboard-stats.js';
import { patternClass } from '../lib/version-style.js';
import { byId, el, morphChildren, setText } from './dom.js';

export const STRIP_BUCKET_MS = 5000;
export const STRIP_BUCKETS = 36;

function swatch(color: string, versionIndex: number): HTMLElement {
  const element = el('span', {
    className: `swatch ${patternClass(versionIndex)}`,
    attrs: { 'aria-hidden': 'true' },
  });
  element.style.backgroundColor = color;
  return element;
}

function emptyRow(columns: number, text: string): HTMLTableRowElement {
  return el('tr', { className: 'empty' }, [
    el('td', { text, attrs: { colspan: String(columns) } }),
  ]);
}

function bucketText(bucket: Bucket): string {
  if (bucket.requests === 0) return 'no requests';
  const parts = bucket.versions.map(
    (v) => `${v.version} ${formatPercent(v.count / bucket.requests)}`,
  );
  parts.push(`errors ${formatPercent(bucket.errors / bucket.requests)}`);
  return parts.join(', ');
}

export class StatsView {
  private readonly errorsStat = byId('errors-stat');
  private readonly errorsTotal = byId('errors-total');
  private readonly errorsLabel = byId('errors-label');
  private readonly requestsTotal = byId('requests-total');
  private readonly errorRate = byId('error-rate');
  private readonly errorRateLabel = byId('error-rate-label');
  private readonly latency = byId('latency');
  private readonly legendBody = byId('legend-body');
  private readonly legendShareHead = byId('legend-share-head');
  private readonly legendCaption = byId('legend-caption');
  private readonly podsBody = byId('pods-body');
  private readonly strip = byId('strip');
  private readonly stripNow = byId('strip-now');

  /** @param podNotes what each pod last reported as broken on purpose (see fault-notes.ts). */
  constructor(
    private readonly stats: ScoreboardStats,
    private readonly podNotes: ReadonlyMap<string, string[]>,
  ) {}

  render(now: number, windowMs: number): void {
    const window = this.stats.window(now, windowMs);
    const order = this.stats.versionOrder();
    this.renderHeadline(window);
    this.renderLegend(window, order);
    this.renderPods(this.stats.pods(), order, now, windowMs);
    this.renderStrip(this.stats.buckets(now, STRIP_BUCKET_MS, STRIP_BUCKETS), order);
  }

  private renderHeadline(window: WindowStats): void {
    const { requests, errors } = this.stats.totals;
    const seconds = Math.round(window.windowMs / 1000);
    setText(this.errorsTotal, String(errors));
    // Colour plus words: "none so far" versus a count, never the colour alone.
    setText(
      this.errorsLabel,
      errors === 0 ? 'errors since the page opened: none so far' : 'errors since the page opened',
    );
    this.errorsStat.classList.toggle('stat-bad', errors > 0);
    this.errorsStat.classList.toggle('stat-good', errors === 0 && requests > 0);
    setText(this.requestsTotal, String(requests));
    setText(this.errorRate, `${formatPercent(window.errorRate)} (${window.errors})`);
    setText(this.errorRateLabel, `errors in the last ${seconds} s`);
    setText(this.latency, formatLatencyPair(window.p50, window.p99));
  }

  private renderLegend(window: WindowStats, order: string[]): void {
    const seconds = Math.round(window.windowMs / 1000);
    setText(this.legendShareHead, `Share (${seconds} s)`);
    setText(this.legendCaption, `Versions seen, share of answers in the last ${seconds} s`);
    if (window.versions.length === 0) {
      morphChildren(this.legendBody, [emptyRow(4, 'No answers yet.')]);
      return;
    }
    const rows = window.versions.map((v) => {
      const bar = el('span', { className: 'share-fill' });
      bar.style.width = formatPercent(v.share).replace(' ', '');
      bar.style.backgroundColor = v.color;
      return el('tr', { attrs: { 'data-version': v.version, 'data-key': v.version } }, [
        el('th', { attrs: { scope: 'row' } }, [
          swatch(v.color, order.indexOf(v.version)),
          el('span', { className: 'version-name', text: v.version }),
        ]),
        el('td', { className: 'share' }, [
          el('span', { className: 'share-bar', attrs: { 'aria-hidden': 'true' } }, [bar]),
          el('span', { className: 'share-value', text: formatPercent(v.share) }),
        ]),
        el('td', { className: 'num', text: String(v.total) }),
        el('td', { className: 'pods-now', text: v.pods.length === 0 ? 'none' : v.pods.join(', ') }),
      ]);
    });
    morphChildren(this.legendBody, rows);
  }

  private renderPods(pods: PodRow[], order: string[], now: number, windowMs: number): void {
    if (pods.length === 0) {
      morphChildren(this.podsBody, [emptyRow(5, 'No answers yet.')]);
      return;
    }
    const rows = pods.map((pod) => {
      const silent = now - pod.lastSeenAt > windowMs;
      const notes = this.podNotes.get(pod.pod) ?? [];
      return el(
        'tr',
        { className: silent ? 'silent' : '', attrs: { 'data-pod': pod.pod, 'data-key': pod.pod } },
        [
          el('th', { attrs: { scope: 'row' } }, [
            pod.pod,
            ...(notes.length > 0
              ? [el('span', { className: 'pod-note', text: notes.join(', ') })]
              : []),
          ]),
          el('td', { className: 'nowrap' }, [
            swatch(pod.color, order.indexOf(pod.version)),
            pod.version,
          ]),
          el('td', { className: 'num', text: String(pod.total) }),
          el('td', {
            className: pod.errors > 0 ? 'num pod-errors' : 'num',
            text: String(pod.errors),
          }),
          el('td', { text: `${formatAgo(now - pod.lastSeenAt)}${silent ? ' (gone quiet)' : ''}` }),
        ],
      );
    });
    morphChildren(this.podsBody, rows);
  }

  private renderStrip(buckets: Bucket[], order: string[]): void {
    const bars = buckets.map((bucket) => {
      const label = `${formatClock(bucket.start)}: ${bucketText(bucket)}`;
      const bar = el('span', {
        className: 'bar',
        attrs: {
          title: label,
          'data-start': String(bucket.start),
          'data-key': String(bucket.start),
        },
      });
      if (bucket.requests === 0) bar.classList.add('bar-empty');
      for (const v of bucket.versions) {
        const segment = el('span', {
          className: `segment ${patternClass(order.indexOf(v.version))}`,
        });
        segment.style.backgroundColor = v.color;
        segment.style.height = `${(v.count / bucket.requests) * 100}%`;
        bar.append(segment);
      }
      if (bucket.errors > 0) {
        const segment = el('span', { className: 'segment segment-error' });
        segment.style.height = `${(bucket.errors / bucket.requests) * 100}%`;
        bar.append(segment);
      }
      return bar;
    });
    morphChildren(this.strip, bars);
    // The newest bar is still filling: describe the last complete one.
    const complete = buckets.at(-2);
    setText(
      this.stripNow,
      complete
        ? `Last full bar (${formatClock(complete.start)}, 5 s): ${bucketText(complete)}.`
        : 'No requests yet.',
    );
  }
}
