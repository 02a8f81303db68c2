// The embedded path: PGlite files under DATA_DIR survive a restart, and migrations are idempotent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@gitops-lab/service-kit';
import { openMessageRepository } from '../src/storage/open-message-repository';

const silent = createLogger({ service: 'api', level: 'silent', format: 'json' });

describe('PGlite storage under DATA_DIR', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'gitops-lab-api-')), 'nested', 'data');
  afterAll(() => rmSync(join(dataDir, '..', '..'), { recursive: true, force: true }));

  it('is used without DATABASE_URL/PGHOST and keeps messages across restarts', async () => {
    const settings = { DATABASE_URL: undefined, PGHOST: undefined, DATA_DIR: dataDir };
    const first = await openMessageRepository(settings, silent);
    expect(first.engine).toBe('pglite');
    const stored = await first.create({ author: 'disk', text: 'still here?', pod: 'p1' });
    await first.close();

    const second = await openMessageRepository(settings, silent);
    const page = await second.list({ limit: 10 });
    expect(page.items).toEqual([stored]);
    await second.close();
  });
});
