import http from 'node:http';
import { freePort } from '@gitops-lab/test-support';
import request from 'supertest';
import { type FakeApi, startFakeApi } from './support/fake-api';
import { buildTestApp } from './support/test-app';

describe('the /api proxy', () => {
  let api: FakeApi;

  beforeEach(async () => {
    api = await startFakeApi((req, res, body) => {
      if (req.url?.startsWith('/api/hang')) return; // never answers
      if (req.url?.startsWith('/api/partial')) {
        // A chunked body that stops after the first chunk: the process "dies".
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('partial');
        setTimeout(() => res.socket?.destroy(), 50);
        return;
      }
      res.statusCode = req.method === 'POST' ? 201 : 200;
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-app-version', '2.0.0');
      res.setHeader('x-pod-name', 'api-pod-b');
      res.setHeader('x-custom', 'from-api');
      res.end(JSON.stringify({ echo: body, url: req.url }));
    });
  });
  afterEach(() => api.close());

  it('passes status, body and the api headers through, and forwards method, path, query and body', async () => {
    const { app } = buildTestApp({ apiUrl: api.url });
    const res = await request(app)
      .post('/api/messages?limit=5')
      .set('content-type', 'application/json')
      .send({ author: 'ada', text: 'hi' });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      echo: '{"author":"ada","text":"hi"}',
      url: '/api/messages?limit=5',
    });
    // The api's identity headers win over the frontend's own: the page reads the answering pod from them.
    expect(res.headers['x-app-version']).toBe('2.0.0');
    expect(res.headers['x-pod-name']).toBe('api-pod-b');
    expect(res.headers['x-custom']).toBe('from-api');
    expect(api.received[0]).toMatchObject({ method: 'POST', url: '/api/messages?limit=5' });
    expect(api.received[0]?.headers['content-type']).toBe('application/json');
  });

  it("passes the api's error responses through unchanged", async () => {
    const problem = { type: 'about:blank', title: 'Invalid request', status: 400 };
    await api.close();
    api = await startFakeApi((_req, res) => {
      res.statusCode = 400;
      res.setHeader('content-type', 'application/problem+json');
      res.end(JSON.stringify(problem));
    });
    const res = await request(buildTestApp({ apiUrl: api.url }).app)
      .post('/api/messages')
      .send({});
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(res.text)).toEqual(problem);
    // This upstream (like a load balancer's own 503) named no pod: the frontend must not name itself.
    expect(res.headers['x-pod-name']).toBeUndefined();
    expect(res.headers['x-app-version']).toBeUndefined();
  });

  it('forwards the instructor key the page sends to the fault endpoints', async () => {
    const { app } = buildTestApp({ apiUrl: api.url });
    await request(app)
      .post('/api/fault/readiness')
      .set('X-Instructor-Key', 'key-from-the-page')
      .send({ ready: false })
      .expect(201);
    expect(api.received[0]?.headers['x-instructor-key']).toBe('key-from-the-page');
  });

  it('forwards the request id and x-forwarded-* but not hop-by-hop headers', async () => {
    const { app } = buildTestApp({ apiUrl: api.url });
    const res = await request(app)
      .get('/api/info')
      .set('x-request-id', 'trace-123')
      .set('connection', 'keep-alive, x-hop')
      .set('x-hop', 'only-for-this-connection');
    expect(res.headers['x-request-id']).toBe('trace-123');
    const headers = api.received[0]?.headers ?? {};
    expect(headers['x-request-id']).toBe('trace-123');
    expect(headers['x-forwarded-for']).toMatch(/127\.0\.0\.1/);
    expect(headers['x-forwarded-proto']).toBe('http');
    expect(headers['x-hop']).toBeUndefined();
    expect(headers.host).toBe(`127.0.0.1:${api.port}`);
  });

  it('opens a fresh api connection for every request, even on one keep-alive client connection', async () => {
    const { app } = buildTestApp({ apiUrl: api.url });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const clientSockets = new Set<unknown>();
    try {
      for (let i = 0; i < 5; i++) {
        await new Promise<void>((resolve, reject) => {
          const req = http.get({ host: '127.0.0.1', port, path: '/api/info', agent }, (res) => {
            clientSockets.add(res.socket);
            res.resume();
            res.on('end', resolve);
          });
          req.on('error', reject);
        });
      }
    } finally {
      agent.destroy();
      server.close();
    }
    expect(clientSockets.size).toBe(1);
    expect(api.connections()).toBe(5);
    expect(new Set(api.received.map((r) => r.connection)).size).toBe(5);
    expect(api.received.every((r) => r.headers.connection === 'close')).toBe(true);
  });

  it('answers 502 problem+json at once when the api is unreachable', async () => {
    const { app } = buildTestApp({ apiUrl: `http://127.0.0.1:${await freePort()}` });
    const started = Date.now();
    const res = await request(app).get('/api/info');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(res.status).toBe(502);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.text)).toMatchObject({
      title: 'Bad Gateway',
      status: 502,
      detail: expect.stringContaining('ECONNREFUSED'),
    });
    // No api pod answered: the response must not carry a pod name the page would show as one.
    expect(res.headers['x-pod-name']).toBeUndefined();
    expect(res.headers['x-app-version']).toBeUndefined();
  });

  it('answers 504 problem+json when the api accepts but does not answer in time', async () => {
    const { app } = buildTestApp({ apiUrl: api.url, upstreamTimeoutMs: 300 });
    const started = Date.now();
    const res = await request(app).get('/api/hang');
    const elapsed = Date.now() - started;
    expect(res.status).toBe(504);
    expect(JSON.parse(res.text)).toMatchObject({ title: 'Gateway Timeout', status: 504 });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1500);
  });

  it('cuts the response when the api dies mid-body, instead of ending it as if complete', async () => {
    const { app } = buildTestApp({ apiUrl: api.url });
    await expect(request(app).get('/api/partial')).rejects.toThrow();
  });

  it('cancels the api request when the browser gives up', async () => {
    const { app } = buildTestApp({ apiUrl: api.url, upstreamTimeoutMs: 5000 });
    await expect(request(app).get('/api/hang').timeout(200)).rejects.toThrow(/Timeout/);
    // The proxy destroyed its upstream request: the api's connection closes long before the 5 s timeout.
    const deadline = Date.now() + 1000;
    while (api.closedConnections() === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(api.received).toHaveLength(1);
    expect(api.closedConnections()).toBe(1);
  });
});
