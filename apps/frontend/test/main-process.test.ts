// The built server as a process, the way the container runs it: `node dist/main.js`.
import http from 'node:http';
import path from 'node:path';
import {
  freePort,
  getOnAgent,
  httpStatus,
  startNodeProcess,
  waitForHttp200,
  waitUntil,
} from '@gitops-lab/test-support';
import { startFakeApi } from './support/fake-api';

const ENTRY = path.join(__dirname, '..', 'dist', 'main.js');

/** `node dist/main.js` with JSON logs; `env` adds or overrides. */
const run = (env: Record<string, string>) =>
  startNodeProcess(ENTRY, { LOG_FORMAT: 'json', ...env });

describe('node dist/main.js', () => {
  it('refuses to start with bad configuration, naming every bad variable', async () => {
    const proc = run({
      PORT: 'eighty',
      API_URL: 'ftp://api',
      LOG_LEVEL: 'loud',
      GITHUB_REPOSITORY: 'not a repo',
    });
    expect(await proc.exited).toBe(1);
    const out = proc.output();
    expect(out).toContain('PORT: must be an integer');
    expect(out).toContain('API_URL: must use http: or https:');
    expect(out).toContain('LOG_LEVEL: must be one of');
    expect(out).toContain('GITHUB_REPOSITORY: must be owner/repo');
  });

  it('refuses a shutdown timeout that leaves no time after the drain delay', async () => {
    const proc = run({ SHUTDOWN_DELAY_MS: '5000', SHUTDOWN_TIMEOUT_MS: '3000' });
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toContain('SHUTDOWN_TIMEOUT_MS: must be greater than SHUTDOWN_DELAY_MS');
  });

  it('drains on SIGTERM: unready at once, still serving during the delay, then exits 0', async () => {
    const port = await freePort();
    const proc = run({
      PORT: String(port),
      API_URL: `http://127.0.0.1:${await freePort()}`,
      SHUTDOWN_DELAY_MS: '800',
      SHUTDOWN_TIMEOUT_MS: '5000',
    });
    try {
      await waitForHttp200(`http://127.0.0.1:${port}/readyz`, 10_000);
      const signalled = Date.now();
      proc.child.kill('SIGTERM');
      await waitUntil(
        async () => (await httpStatus(`http://127.0.0.1:${port}/readyz`)) === 503,
        1000,
        '/readyz answering 503',
      );
      expect(await httpStatus(`http://127.0.0.1:${port}/healthz`)).toBe(200);
      expect(await proc.exited).toBe(0);
      expect(Date.now() - signalled).toBeGreaterThanOrEqual(750);
    } finally {
      proc.child.kill('SIGKILL');
    }
  });

  it('proxies the instructor key to the api and never logs it, even at trace', async () => {
    const key = 'instructor-key-that-must-not-be-logged';
    const api = await startFakeApi((_req, res) => {
      res.statusCode = 401;
      res.setHeader('content-type', 'application/problem+json');
      res.end('{"type":"about:blank","title":"Unauthorized","status":401}');
    });
    const port = await freePort();
    const proc = run({
      PORT: String(port),
      API_URL: api.url,
      LOG_LEVEL: 'trace',
      SHUTDOWN_DELAY_MS: '0',
    });
    try {
      await waitForHttp200(`http://127.0.0.1:${port}/readyz`, 10_000);
      const res = await fetch(`http://127.0.0.1:${port}/api/fault/status/204`, {
        headers: { 'X-Instructor-Key': key },
      });
      expect(res.status).toBe(401);
      expect(api.received[0]?.headers['x-instructor-key']).toBe(key);
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
      // The request was logged (so a leak would show)...
      expect(proc.output()).toContain('/api/fault/status/204');
      // ...without the key.
      expect(proc.output()).not.toContain(key);
    } finally {
      proc.child.kill('SIGKILL');
      await api.close();
    }
  }, 30_000);

  it('keeps an idle keep-alive connection open for longer than the ALB idle timeout (60 s)', async () => {
    const port = await freePort();
    const proc = run({
      PORT: String(port),
      API_URL: `http://127.0.0.1:${await freePort()}`,
      SHUTDOWN_DELAY_MS: '0',
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await waitForHttp200(`http://127.0.0.1:${port}/readyz`, 10_000);
      // The ready line may sit in the log buffer for up to 100 ms after /readyz answers.
      await waitUntil(
        () => proc.output().includes('"keepAliveTimeoutMs":65000'),
        2000,
        'the ready log line',
      );
      const first = await getOnAgent(agent, `http://127.0.0.1:${port}/healthz`);
      expect(first).toEqual({ status: 200, keepAlive: 'timeout=65', reused: false });
      await new Promise((resolve) => setTimeout(resolve, 61_000));
      // Sent on the same connection: the server did not close it while it sat idle.
      expect(await getOnAgent(agent, `http://127.0.0.1:${port}/healthz`)).toMatchObject({
        status: 200,
        reused: true,
      });
    } finally {
      agent.destroy();
      proc.child.kill('SIGKILL');
    }
  }, 90_000);
});
