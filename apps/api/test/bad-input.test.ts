// Bad input never gets a 5xx: each case below must answer the given 4xx with a problem+json
// body naming the field at fault, and no stack trace.
import fc from 'fast-check';
import request from 'supertest';
import { INSTRUCTOR_KEY_HEADER } from '../src/faults/require-instructor-key';
import { createTestApi, TEST_INSTRUCTOR_KEY, type TestApi } from './support/test-app';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

interface BadRequest {
  name: string;
  method: 'get' | 'post' | 'delete' | 'put' | 'patch';
  path: string;
  body?: string;
  contentType?: string;
  status: number;
  field?: string;
}

const json = 'application/json';
const cases: BadRequest[] = [
  {
    name: 'malformed JSON',
    method: 'post',
    path: '/api/messages',
    body: '{"author": "a", ',
    contentType: json,
    status: 400,
    field: 'body',
  },
  {
    name: 'JSON array body',
    method: 'post',
    path: '/api/messages',
    body: '[1,2]',
    contentType: json,
    status: 400,
    field: 'body',
  },
  {
    name: 'JSON string body',
    method: 'post',
    path: '/api/messages',
    body: '"hi"',
    contentType: json,
    status: 400,
    field: 'body',
  },
  {
    name: 'JSON null body',
    method: 'post',
    path: '/api/messages',
    body: 'null',
    contentType: json,
    status: 400,
    field: 'body',
  },
  { name: 'no body', method: 'post', path: '/api/messages', status: 400, field: 'body' },
  {
    name: 'form-encoded body',
    method: 'post',
    path: '/api/messages',
    body: 'author=a&text=b',
    contentType: 'application/x-www-form-urlencoded',
    status: 415,
    field: 'content-type',
  },
  {
    name: 'text/plain body',
    method: 'post',
    path: '/api/messages',
    body: '{"author":"a","text":"b"}',
    contentType: 'text/plain',
    status: 415,
    field: 'content-type',
  },
  {
    name: 'body over 16 KiB',
    method: 'post',
    path: '/api/messages',
    body: JSON.stringify({ author: 'a', text: 'x'.repeat(17_000) }),
    contentType: json,
    status: 413,
    field: 'body',
  },
  {
    name: 'missing author',
    method: 'post',
    path: '/api/messages',
    body: '{"text":"hi"}',
    contentType: json,
    status: 400,
    field: 'author',
  },
  {
    name: 'author is a number',
    method: 'post',
    path: '/api/messages',
    body: '{"author":42,"text":"hi"}',
    contentType: json,
    status: 400,
    field: 'author',
  },
  {
    name: 'author over 40 chars',
    method: 'post',
    path: '/api/messages',
    body: JSON.stringify({ author: 'a'.repeat(41), text: 'hi' }),
    contentType: json,
    status: 400,
    field: 'author',
  },
  {
    name: 'blank author',
    method: 'post',
    path: '/api/messages',
    body: '{"author":"   ","text":"hi"}',
    contentType: json,
    status: 400,
    field: 'author',
  },
  {
    name: 'text is an object',
    method: 'post',
    path: '/api/messages',
    body: '{"author":"a","text":{"x":1}}',
    contentType: json,
    status: 400,
    field: 'text',
  },
  {
    name: 'text over 280 chars',
    method: 'post',
    path: '/api/messages',
    body: JSON.stringify({ author: 'a', text: 'x'.repeat(281) }),
    contentType: json,
    status: 400,
    field: 'text',
  },
  {
    name: 'text with a NUL byte',
    method: 'post',
    path: '/api/messages',
    body: '{"author":"a","text":"x\\u0000y"}',
    contentType: json,
    status: 400,
    field: 'text',
  },
  {
    name: 'text with a lone surrogate',
    method: 'post',
    path: '/api/messages',
    body: '{"author":"a","text":"x\\ud800y"}',
    contentType: json,
    status: 400,
    field: 'text',
  },
  {
    name: 'unknown field',
    method: 'post',
    path: '/api/messages',
    body: '{"author":"a","text":"b","admin":true}',
    contentType: json,
    status: 400,
    field: 'admin',
  },
  { name: 'limit 0', method: 'get', path: '/api/messages?limit=0', status: 400, field: 'limit' },
  {
    name: 'limit 101',
    method: 'get',
    path: '/api/messages?limit=101',
    status: 400,
    field: 'limit',
  },
  {
    name: 'limit not a number',
    method: 'get',
    path: '/api/messages?limit=ten',
    status: 400,
    field: 'limit',
  },
  {
    name: 'limit given twice',
    method: 'get',
    path: '/api/messages?limit=1&limit=2',
    status: 400,
    field: 'limit',
  },
  {
    name: 'forged cursor',
    method: 'get',
    path: '/api/messages?cursor=abc',
    status: 400,
    field: 'cursor',
  },
  {
    name: 'cursor with a huge id',
    method: 'get',
    path: `/api/messages?cursor=${Buffer.from('m1:99999999999').toString('base64url')}`,
    status: 400,
    field: 'cursor',
  },
  {
    name: 'delete with a non-numeric id',
    method: 'delete',
    path: '/api/messages/abc',
    status: 400,
    field: 'id',
  },
  { name: 'delete with id 0', method: 'delete', path: '/api/messages/0', status: 400, field: 'id' },
  {
    name: 'delete with an id beyond int32',
    method: 'delete',
    path: '/api/messages/99999999999',
    status: 400,
    field: 'id',
  },
  { name: 'undecodable path', method: 'delete', path: '/api/messages/%E0%A4%A', status: 400 },
  {
    name: 'fault status out of range',
    method: 'get',
    path: '/api/fault/status/600',
    status: 400,
    field: 'code',
  },
  {
    name: 'fault status 1xx',
    method: 'get',
    path: '/api/fault/status/101',
    status: 400,
    field: 'code',
  },
  {
    name: 'fault delay over the cap',
    method: 'get',
    path: '/api/fault/delay/30001',
    status: 400,
    field: 'ms',
  },
  {
    name: 'fault delay negative',
    method: 'get',
    path: '/api/fault/delay/-5',
    status: 400,
    field: 'ms',
  },
  {
    name: 'readiness not a boolean',
    method: 'post',
    path: '/api/fault/readiness',
    body: '{"ready":"yes"}',
    contentType: json,
    status: 400,
    field: 'ready',
  },
  {
    name: 'liveness without body',
    method: 'post',
    path: '/api/fault/liveness',
    status: 400,
    field: 'healthy',
  },
  { name: 'unknown route', method: 'get', path: '/api/nope', status: 404 },
  {
    name: 'PUT on messages',
    method: 'put',
    path: '/api/messages',
    body: '{}',
    contentType: json,
    status: 405,
  },
  { name: 'POST on info', method: 'post', path: '/api/info', status: 405 },
  { name: 'GET on a message id', method: 'get', path: '/api/messages/1', status: 405 },
  { name: 'PATCH on readyz', method: 'patch', path: '/readyz', status: 405 },
  { name: 'GET on crash', method: 'get', path: '/api/fault/crash', status: 405 },
];

describe('malformed requests', () => {
  it.each(cases)('$name → $status', async ({ method, path, body, contentType, status, field }) => {
    let req = request(api.app)[method](path).set(INSTRUCTOR_KEY_HEADER, TEST_INSTRUCTOR_KEY);
    if (contentType) req = req.set('content-type', contentType);
    const res = await (body === undefined ? req : req.send(body));
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, title: expect.any(String) });
    if (field)
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(res.text).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });

  it('405 answers list the allowed methods', async () => {
    const res = await request(api.app).put('/api/messages');
    expect(res.headers.allow).toBe('GET, HEAD, POST');
  });

  it('left nothing in the guestbook and no crash behind', async () => {
    expect(api.exitCodes).toEqual([]);
    expect((await request(api.app).get('/healthz')).status).toBe(200);
  });
});

describe('property: random input never produces a 5xx', () => {
  const methods = fc.constantFrom('get', 'post', 'put', 'delete', 'patch' as const);
  const segment = fc.oneof(
    fc.constantFrom(
      'api',
      'messages',
      'info',
      'fault',
      'status',
      'delay',
      'readiness',
      'liveness',
      'metrics',
      'readyz',
      '1',
      '%',
      '%zz',
      '..',
    ),
    fc.string({ maxLength: 8 }).map(encodeURIComponent),
  );
  const path = fc
    .array(segment, { minLength: 1, maxLength: 4 })
    .map((parts) => `/${parts.join('/')}`);
  const query = fc.dictionary(
    fc.constantFrom('limit', 'cursor', 'x'),
    fc.string({ maxLength: 12 }),
  );
  const body = fc.oneof(
    fc.json({ maxDepth: 3 }),
    fc.string({ maxLength: 64 }),
    fc
      .record({ author: fc.anything(), text: fc.anything() })
      .map((value) => JSON.stringify(value) ?? 'null'),
    fc
      .record({ author: fc.string({ maxLength: 50 }), text: fc.string({ maxLength: 300 }) })
      .map((v) => JSON.stringify(v)),
  );
  const contentType = fc.constantFrom(
    json,
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/json; charset=latin1',
  );

  it('for random paths, queries, bodies and content types', async () => {
    await fc.assert(
      fc.asyncProperty(methods, path, query, body, contentType, async (method, p, q, b, type) => {
        // The crash endpoint would answer 202 and "exit"; it is covered by the faults tests.
        if (p.startsWith('/api/fault/crash')) return;
        const res = await request(api.app)
          [method](p)
          .query(q)
          .set('content-type', type)
          .set(INSTRUCTOR_KEY_HEADER, TEST_INSTRUCTOR_KEY)
          .send(b);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('for random message bodies posted to the guestbook', async () => {
    const anyMessage = fc.record(
      {
        author: fc.oneof(fc.string({ unit: 'binary', maxLength: 45 }), fc.anything()),
        text: fc.oneof(fc.string({ unit: 'binary', maxLength: 290 }), fc.anything()),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(anyMessage, async (message) => {
        const res = await request(api.app)
          .post('/api/messages')
          .set('content-type', json)
          .send(JSON.stringify(message));
        expect([201, 400]).toContain(res.status);
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
