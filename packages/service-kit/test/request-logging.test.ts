import { PassThrough } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { createLogger } from '../src/logger';
import { requestLogging } from '../src/request-logging';

function appWithLogLines() {
  const lines: Record<string, unknown>[] = [];
  const destination = new PassThrough();
  destination.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
  });
  const logger = createLogger({ service: 'test', format: 'json', level: 'info', destination });
  const app = express();
  app.use(requestLogging({ logger }));
  app.get('/hello', (_req, res) => {
    res.json({ hi: true });
  });
  app.get('/hang', () => {
    // never answers: the client gives up
  });
  app.get('/healthz', (_req, res) => {
    res.send('ok');
  });
  return { app, lines };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('requestLogging', () => {
  it('logs one JSON line per request and echoes an incoming x-request-id', async () => {
    const { app, lines } = appWithLogLines();
    const res = await request(app).get('/hello').set('x-request-id', 'trace-42');
    await flush();
    expect(res.headers['x-request-id']).toBe('trace-42');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      service: 'test',
      level: 30,
      req: { id: 'trace-42', method: 'GET', url: '/hello' },
      res: { statusCode: 200 },
      msg: 'GET /hello 200',
    });
    expect(lines[0]).toHaveProperty('responseTime');
    expect(lines[0]).not.toHaveProperty('err');
  });

  it('logs a 5xx as an error with its status, without a made-up error object', async () => {
    const { app, lines } = appWithLogLines();
    app.get('/broken', (_req, res) => {
      res.status(503).send('down');
    });
    await request(app).get('/broken');
    await flush();
    expect(lines).toEqual([
      expect.objectContaining({ level: 50, msg: 'GET /broken 503', res: { statusCode: 503 } }),
    ]);
    expect(lines[0]).not.toHaveProperty('err');
  });

  it('generates an id when none (or an unsafe one) is sent', async () => {
    const { app } = appWithLogLines();
    const res = await request(app).get('/hello').set('x-request-id', 'bad id\twith spaces');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps successful probes out of the info log and logs 404s as warnings', async () => {
    const { app, lines } = appWithLogLines();
    await request(app).get('/healthz');
    await request(app).get('/missing');
    await flush();
    expect(lines.map((l) => [l.level, (l.req as { url: string }).url])).toEqual([[40, '/missing']]);
  });

  it('never logs request headers (the instructor key travels in one)', async () => {
    const { app, lines } = appWithLogLines();
    await request(app)
      .get('/hello')
      .set('x-instructor-key', 'secret-instructor-key')
      .set('authorization', 'Bearer secret-token');
    await flush();
    expect(lines).toHaveLength(1);
    expect(lines[0]?.req).toEqual({
      id: expect.any(String),
      method: 'GET',
      url: '/hello',
      remoteAddress: expect.any(String),
    });
    expect(JSON.stringify(lines)).not.toMatch(/secret-instructor-key|secret-token/);
  });

  it('logs a request the client abandoned as an error', async () => {
    const { app, lines } = appWithLogLines();
    await expect(request(app).get('/hang').timeout(200)).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lines).toEqual([
      expect.objectContaining({ level: 50, aborted: true, msg: 'GET /hang aborted by the client' }),
    ]);
  });
});
