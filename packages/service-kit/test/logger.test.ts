import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import {
  bufferedDestination,
  createLogger,
  isoTimeCachedPerMillisecond,
  LOG_FLUSH_INTERVAL_MS,
} from '../src/logger';

describe('isoTimeCachedPerMillisecond', () => {
  afterEach(() => jest.useRealTimers());

  it("formats like pino's isoTime and follows the clock", () => {
    jest.useFakeTimers({ now: new Date('2026-01-02T03:04:05.678Z') });
    expect(isoTimeCachedPerMillisecond()).toBe(pino.stdTimeFunctions.isoTime());
    expect(isoTimeCachedPerMillisecond()).toBe(',"time":"2026-01-02T03:04:05.678Z"');
    jest.advanceTimersByTime(1);
    expect(isoTimeCachedPerMillisecond()).toBe(',"time":"2026-01-02T03:04:05.679Z"');
  });
});

describe('bufferedDestination', () => {
  // Lines are buffered for throughput, but a quiet process must still show its last line soon,
  // without exiting and without more lines pushing it out.
  it('holds a lone line back, then writes it out within the flush interval', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'service-kit-log-'));
    const file = join(dir, 'out.log');
    const destination = bufferedDestination(file);
    try {
      await once(destination, 'ready');
      const logger = createLogger({ service: 'quiet', format: 'json', destination });
      logger.info('only line');
      expect(readFileSync(file, 'utf8')).toBe('');
      await new Promise((resolve) => setTimeout(resolve, LOG_FLUSH_INTERVAL_MS * 3));
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
        service: 'quiet',
        msg: 'only line',
      });
    } finally {
      destination.end();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
