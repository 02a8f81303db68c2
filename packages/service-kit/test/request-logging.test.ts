import { PassThrough } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { createLogger } from '../src/logger';
import { formatRequestFields, requestLogging } from '../src/request-logging';

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

  it('logs a request the client abandoned as an error', async () => {
    const { app, lines } = appWithLogLines();
    await expect(request(app).get('/hang').timeout(200)).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lines).toEqual([
      expect.objectContaining({ level: 50, aborted: true, msg: 'GET /hang aborted by the client' }),
    ]);
  });
});

describe('formatRequestFields', () => {
  // The hand-built line must be byte for byte what pino writes for the same call.
  function pinoLine(fields: Record<string, unknown>, msg: string): string {
    let line = '';
    const destination = new PassThrough();
    destination.on('data', (chunk: Buffer) => {
      line += chunk.toString();
    });
    const logger = createLogger({ service: 'test', format: 'json', destination });
    logger.info(fields, msg);
    return line;
  }

  const prefixLength = (line: string) => line.indexOf(',"req":');

  it.each([
    ['a plain request', '/api/info', '::ffff:127.0.0.1', 200, false],
    ['a url that needs escaping', '/x?q="a\\b"&é=%20', '::1', 404, false],
    ['an aborted request without an address', '/hang', undefined, 200, true],
  ])('matches pino for %s', (_name, url, remoteAddress, status, aborted) => {
    const req = { id: 'trace-42', method: 'GET', url, remoteAddress };
    const expected = pinoLine(
      {
        req,
        res: { statusCode: status },
        responseTime: 7,
        ...(aborted && { aborted: true }),
      },
      `GET ${url} ${aborted ? 'aborted by the client' : status}`,
    );
    const fields = formatRequestFields(req, status, 7, aborted);
    expect(`${fields}}\n`).toBe(expected.slice(prefixLength(expected)));
    expect(JSON.parse(`{"level":30${fields}}`)).toMatchObject({ req: { url } });
  });
});
