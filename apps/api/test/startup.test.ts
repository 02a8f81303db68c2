// Start-up behaviour of the built server: config validation and the start-up fault settings.
import { INSTRUCTOR_KEY_HEADER } from '../src/faults/require-instructor-key';
import { FAULTS_ON, PROCESS_INSTRUCTOR_KEY, startApi } from './support/api-process';

describe('configuration', () => {
  it('names every bad variable with its reason and exits 1', async () => {
    const api = await startApi({
      PORT: 'eighty',
      FAULT_ERROR_RATE: '1.5',
      FAULT_NEVER_READY: 'perhaps',
      LOG_LEVEL: 'chatty',
      DATABASE_URL: 'mysql://db/guestbook',
      APP_COLOR: 'not a colour!',
    });
    expect(await api.exited).toBe(1);
    const report = api.stderr();
    expect(report).toContain('Invalid configuration (6 problems)');
    for (const line of [
      'PORT: must be an integer, got "eighty"',
      'FAULT_ERROR_RATE: must be between 0 and 1, got 1.5',
      'FAULT_NEVER_READY: must be one of',
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent, got "chatty"',
      'DATABASE_URL: must use postgres: or postgresql:, got mysql:',
      'APP_COLOR: must be a colour like',
    ]) {
      expect(report).toContain(line);
    }
    expect(report).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('refuses a shutdown timeout that does not cover the drain delay', async () => {
    const api = await startApi({ SHUTDOWN_DELAY_MS: '5000', SHUTDOWN_TIMEOUT_MS: '3000' });
    expect(await api.exited).toBe(1);
    expect(api.stderr()).toContain(
      'SHUTDOWN_TIMEOUT_MS: must be greater than SHUTDOWN_DELAY_MS (5000)',
    );
  });

  it('reports APP_VERSION, GIT_REVISION, IMAGE_TAG, APP_COLOR and the downward-API names', async () => {
    const api = await startApi({
      APP_VERSION: '2.0.0-b',
      GIT_REVISION: 'fedcba9',
      IMAGE_TAG: 'sha-fedcba9',
      APP_COLOR: '#ff8800',
      POD_NAME: 'api-abc-123',
      POD_NAMESPACE: 'gitops-lab-dev',
      NODE_NAME: 'node-a',
      SHUTDOWN_DELAY_MS: '0',
    });
    await api.waitForLog('api ready');
    const res = await fetch(`${api.url}/api/info`);
    expect(res.headers.get('x-app-version')).toBe('2.0.0-b');
    expect(res.headers.get('x-pod-name')).toBe('api-abc-123');
    expect(await res.json()).toMatchObject({
      version: '2.0.0-b',
      revision: 'fedcba9',
      imageTag: 'sha-fedcba9',
      color: '#ff8800',
      pod: 'api-abc-123',
      namespace: 'gitops-lab-dev',
      node: 'node-a',
    });
    api.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
  });
});

describe('start-up faults', () => {
  it('FAULT_STARTUP_DELAY_MS: nothing listens until the delay is over', async () => {
    const api = await startApi({ FAULT_STARTUP_DELAY_MS: '1500', SHUTDOWN_DELAY_MS: '0' });
    await api.waitForLog('fault injection: slow start');
    await expect(fetch(`${api.url}/healthz`)).rejects.toMatchObject({
      cause: { code: 'ECONNREFUSED' },
    });
    await api.waitForLog('api ready');
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
    api.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
  });

  it('FAULT_CRASH_AFTER_MS: the process exits 1 on its own', async () => {
    const api = await startApi({ FAULT_CRASH_AFTER_MS: '1000' });
    expect(await api.exited).toBe(1);
    expect(api.logs.some((l) => l.msg === 'fault injection: crashing (exit 1)')).toBe(true);
  });

  it('POST /api/fault/crash makes the real process exit 1', async () => {
    const api = await startApi(FAULTS_ON);
    await api.waitForLog('api ready');
    const res = await fetch(`${api.url}/api/fault/crash`, {
      method: 'POST',
      headers: { [INSTRUCTOR_KEY_HEADER]: PROCESS_INSTRUCTOR_KEY },
    });
    expect(res.status).toBe(202);
    expect(await api.exited).toBe(1);
  });

  it('a port already in use is reported and exits 1', async () => {
    const first = await startApi({ SHUTDOWN_DELAY_MS: '0' });
    await first.waitForLog('api ready');
    const second = await startApi({ PORT: String(first.port) });
    expect(await second.exited).toBe(1);
    expect(second.logs.some((l) => l.msg === 'server error')).toBe(true);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  });
});
