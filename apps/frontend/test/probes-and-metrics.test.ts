import { freePort } from '@gitops-lab/test-support';
import request from 'supertest';
import { startFakeApi } from './support/fake-api';
import { buildTestApp } from './support/test-app';

describe('probes', () => {
  it('is live and ready while the api is down: the page shows the outage instead', async () => {
    const { app } = buildTestApp({ apiUrl: `http://127.0.0.1:${await freePort()}` });
    expect((await request(app).get('/healthz')).status).toBe(200);
    expect((await request(app).get('/readyz')).status).toBe(200);
    expect((await request(app).get('/api/info')).status).toBe(502);
  });

  it('turns unready when its own lifecycle says so (shutting down)', async () => {
    const test = buildTestApp({ apiUrl: `http://127.0.0.1:${await freePort()}` });
    test.setReady(false);
    const res = await request(test.app).get('/readyz');
    expect(res.status).toBe(503);
    expect((await request(test.app).get('/healthz')).status).toBe(200);
  });
});

describe('GET /metrics', () => {
  it('has an upstream-request histogram by status, failures included', async () => {
    const api = await startFakeApi((_req, res) => {
      res.statusCode = 503;
      res.end();
    });
    try {
      const { app } = buildTestApp({ apiUrl: api.url });
      await request(app).get('/api/info');
      await request(app).get('/api/info');
      const down = buildTestApp({ apiUrl: `http://127.0.0.1:${await freePort()}` });
      await request(down.app).get('/api/info');

      const metrics = (await request(app).get('/metrics')).text;
      expect(metrics).toContain(
        'frontend_upstream_request_duration_seconds_count{method="GET",status="503"} 2',
      );
      expect(metrics).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/api\/\*path"/);
      const downMetrics = (await request(down.app).get('/metrics')).text;
      expect(downMetrics).toContain(
        'frontend_upstream_request_duration_seconds_count{method="GET",status="unreachable"} 1',
      );
    } finally {
      await api.close();
    }
  });
});
