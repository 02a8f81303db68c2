// Fires GET /api/info at a steady rate and reports every answer or failure as a sample.
// Each request goes through the frontend's proxy, which opens a fresh connection to the api
// Service per request, so the samples show how the load balancer spreads requests over pods.
import { type AppInfo, readAppInfo } from '../lib/app-info.js';
import type { Sample } from '../lib/samples.js';

/** A request that takes longer than this is drawn as a timed-out error cell. */
export const REQUEST_TIMEOUT_MS = 2000;
export const MIN_RATE = 1;
export const MAX_RATE = 50;

export type SampleListener = (sample: Sample, info: AppInfo | undefined) => void;

function failureReason(error: unknown): string {
  return error instanceof DOMException && error.name === 'TimeoutError'
    ? 'timeout'
    : 'network error';
}

export class RequestLoop {
  private timer: ReturnType<typeof setInterval> | undefined;
  private rate: number;

  constructor(
    private readonly onSample: SampleListener,
    initialRate: number,
  ) {
    this.rate = RequestLoop.clampRate(initialRate);
  }

  static clampRate(rate: number): number {
    if (!Number.isFinite(rate)) return MIN_RATE;
    return Math.min(MAX_RATE, Math.max(MIN_RATE, Math.round(rate)));
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  get currentRate(): number {
    return this.rate;
  }

  start(): void {
    this.stop();
    this.timer = setInterval(() => void this.fire(), 1000 / this.rate);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  setRate(rate: number): void {
    this.rate = RequestLoop.clampRate(rate);
    if (this.running) this.start();
  }

  private async fire(): Promise<void> {
    const started = performance.now();
    const finish = (outcome: Sample['outcome'], info?: AppInfo): void =>
      this.onSample({ at: Date.now(), latencyMs: performance.now() - started, outcome }, info);
    try {
      const response = await fetch('/api/info', {
        cache: 'no-store',
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (!response.ok) {
        await response.body?.cancel();
        // An api pod that answered with an error names itself; the proxy's own 502/504 does not.
        const pod = response.headers.get('x-pod-name') ?? undefined;
        const version = response.headers.get('x-app-version') ?? undefined;
        finish({ kind: 'error', reason: `HTTP ${response.status}`, pod, version });
        return;
      }
      const info = readAppInfo(await response.json());
      if (!info) {
        finish({ kind: 'error', reason: 'not an info answer' });
        return;
      }
      finish({ kind: 'ok', version: info.version, color: info.color, pod: info.pod }, info);
    } catch (error) {
      finish({ kind: 'error', reason: failureReason(error) });
    }
  }
}
