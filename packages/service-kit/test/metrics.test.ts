import express from 'express';
import request from 'supertest';
import { createMetrics, UNMATCHED_ROUTE } from '../src/metrics';

function appWithMetrics() {
  // An identity-like object with more fields than the three labels.
  const build = { service: 'x', version: '1.2.3', revision: 'abc', color: '#112233', pod: 'p' };
  const metrics = createMetrics({ build });
  const app = express();
  app.use(metrics.httpMetrics);
  app.get('/metrics', metrics.metricsHandler);
  app.get('/items/:id', (_req, res) => {
    res.json({ ok: true });
  });
  return app;
}

describe('createMetrics', () => {
  it('labels requests by route template, method and status, never by raw path', async () => {
    const app = appWithMetrics();
    await request(app).get('/items/1');
    await request(app).get('/items/2');
    await request(app).get('/random/scanner/path');
    const text = (await request(app).get('/metrics')).text;
    expect(text).toContain(
      'http_request_duration_seconds_count{method="GET",route="/items/:id",status="200"} 2',
    );
    expect(text).toContain(
      `http_request_duration_seconds_count{method="GET",route="${UNMATCHED_ROUTE}",status="404"} 1`,
    );
    expect(text).not.toContain('/items/1');
    expect(text).not.toContain('scanner');
  });

  it('exposes build info, the in-flight gauge and default Node metrics', async () => {
    const text = (await request(appWithMetrics()).get('/metrics')).text;
    expect(text).toContain('app_build_info{version="1.2.3",revision="abc",color="#112233"} 1');
    // The scrape itself is in flight while the registry is rendered.
    expect(text).toMatch(/^http_requests_in_flight 1$/m);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });
});
