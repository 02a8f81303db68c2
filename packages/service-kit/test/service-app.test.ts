import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import {
  createIdentity,
  createMetrics,
  createServiceApp,
  PROBLEM_CONTENT_TYPE,
} from '../src/index';

function serviceApp() {
  const identity = createIdentity({
    service: 'demo',
    packageJsonPath: path.join(__dirname, '../package.json'),
    env: {
      APP_VERSION: undefined,
      APP_COLOR: undefined,
      NODE_NAME: undefined,
      GIT_REVISION: 'abc1234',
      IMAGE_TAG: 'sha-abc1234',
      POD_NAME: 'demo-1',
      POD_NAMESPACE: 'ns',
    },
  });
  const metrics = createMetrics({ build: identity, defaultMetrics: false });
  const app = createServiceApp(
    { logger: pino({ enabled: false }), identity, metrics },
    (routes) => {
      routes.get('/hello', (_req, res) => {
        res.json({ hello: 'world' });
      });
      routes.get('/metrics', metrics.metricsHandler);
      routes.get('/boom', () => {
        throw new Error('secret stack detail');
      });
    },
  );
  return { app, identity };
}

describe('createServiceApp', () => {
  it('puts identity, request id and security headers on every response', async () => {
    const { app, identity } = serviceApp();
    const res = await request(app).get('/hello').set('x-request-id', 'req-42').expect(200);
    expect(res.body).toEqual({ hello: 'world' });
    expect(res.headers['x-app-version']).toBe(identity.version);
    expect(res.headers['x-pod-name']).toBe('demo-1');
    expect(res.headers['x-request-id']).toBe('req-42');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    // A per-request JSON body gets no ETag: it could never match, and hashing it costs throughput.
    expect(res.headers.etag).toBeUndefined();
  });

  it('answers unknown routes with a problem+json 404, still with the identity headers', async () => {
    const res = await request(serviceApp().app).get('/nope').expect(404);
    expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect(res.headers['x-pod-name']).toBe('demo-1');
  });

  it('turns a thrown error into a problem+json 500 without the stack', async () => {
    const res = await request(serviceApp().app).get('/boom').expect(500);
    expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect(res.text).not.toContain('secret stack detail');
  });

  it('times the service routes by template in the request histogram', async () => {
    const { app } = serviceApp();
    await request(app).get('/hello').expect(200);
    const metrics = await request(app).get('/metrics').expect(200);
    expect(metrics.text).toMatch(
      /http_request_duration_seconds_count\{[^}]*route="\/hello"[^}]*\} 1/,
    );
  });
});
