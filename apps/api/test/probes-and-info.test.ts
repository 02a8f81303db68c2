import request from 'supertest';
import { createTestApi, TEST_POD, type TestApi } from './support/test-app';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

describe('probes', () => {
  it('GET /healthz answers 200', async () => {
    const res = await request(api.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 once started with a database that answers', async () => {
    const res = await request(api.app).get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready' });
  });

  it('GET /readyz answers 503 while starting', async () => {
    const starting = await createTestApi({ repository: api.repository, started: false });
    const res = await request(starting.app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toBe('still starting');
  });
});

describe('GET /api/info', () => {
  it('returns the identity payload', async () => {
    const res = await request(api.app).get('/api/info');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      service: 'api',
      version: '1.2.3',
      revision: 'abc1234',
      imageTag: 'sha-abc1234',
      color: expect.stringMatching(/^#[0-9a-f]{6}$/),
      pod: TEST_POD,
      namespace: 'gitops-lab-test',
      node: 'node-1',
      startedAt: expect.any(String),
      uptimeSeconds: expect.any(Number),
      storage: 'pglite',
      faultInjection: true,
      faults: { ready: true, healthy: true, errorRate: 0, latencyMs: 0, neverReady: false },
    });
  });

  it.each(['/api/info', '/healthz', '/metrics', '/does-not-exist'])(
    'every response carries x-app-version and x-pod-name (%s)',
    async (path) => {
      const res = await request(api.app).get(path);
      expect(res.headers['x-app-version']).toBe('1.2.3');
      expect(res.headers['x-pod-name']).toBe(TEST_POD);
    },
  );

  it('sends security headers', async () => {
    const res = await request(api.app).get('/api/info');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('GET /metrics', () => {
  it('exposes HTTP metrics by route template, build info and the guestbook counter', async () => {
    await request(api.app).post('/api/messages').send({ author: 'm', text: 'counted' });
    await request(api.app).delete('/api/messages/424242');
    const res = await request(api.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toMatch(
      /^app_build_info\{version="1.2.3",revision="abc1234",color="#[0-9a-f]{6}"\} 1$/m,
    );
    expect(res.text).toContain('guestbook_messages_total{operation="created"} 1');
    expect(res.text).toContain(
      'http_request_duration_seconds_count{method="DELETE",route="/api/messages/:id",status="404"} 1',
    );
    expect(res.text).not.toContain('/api/messages/424242');
    expect(res.text).toContain('http_requests_in_flight');
  });
});
