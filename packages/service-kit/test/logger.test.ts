import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bufferedDestination, createLogger, LOG_FLUSH_INTERVAL_MS } from '../src/logger';

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
