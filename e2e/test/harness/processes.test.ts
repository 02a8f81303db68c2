import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { httpRequest } from '../../lib/http';
import { appEntry, type RunningService, startService } from '../../lib/processes';

// PGlite (the api's embedded database) takes a few seconds to start on a busy machine.
jest.setTimeout(30_000);

describe('startService (the built api as a child process)', () => {
  let dataDir: string;
  beforeAll(() => {
    // turbo builds the api before this workspace's tests (e2e depends on @gitops-lab/api).
    if (!existsSync(appEntry('api')))
      throw new Error(`${appEntry('api')} missing: build the api first`);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'e2e-proc-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  let api: RunningService;
  afterEach(async () => {
    await api?.stop('SIGKILL');
  });

  it('starts on a free port, becomes ready and exits 0 after its drain delay on SIGTERM', async () => {
    api = await startService({
      app: 'api',
      env: { APP_VERSION: 'harness', DATA_DIR: dataDir, SHUTDOWN_DELAY_MS: '400' },
    });
    expect(await api.waitReady(10_000)).toBeLessThan(10_000);
    const info = await httpRequest(`${api.url}/api/info`);
    expect(info.status).toBe(200);
    expect(info.headers['x-app-version']).toBe('harness');

    const exit = await api.stop();
    expect(exit.code).toBe(0);
    expect(exit.ms).toBeGreaterThanOrEqual(400);
    expect(exit.ms).toBeLessThan(5000);
    expect(api.alive()).toBe(false);
  });

  it('rejects waitReady when the service exits at start-up, with its output kept', async () => {
    api = await startService({ app: 'api', env: { SHUTDOWN_DELAY_MS: 'soon' } });
    await expect(api.waitReady(5000)).rejects.toThrow(/exited/);
    expect(api.output()).toMatch(/SHUTDOWN_DELAY_MS/);
  });
});
