// /api/info and GET /api/messages send JSON rendered once and reused: the answers must be the
// ones `res.json` would give (bytes, content-type, ETag, 304, HEAD) and never go stale.
import express from 'express';
import request from 'supertest';
import { INSTRUCTOR_KEY_HEADER } from '../src/faults/require-instructor-key';
import { createTestApi, TEST_INSTRUCTOR_KEY, type TestApi } from './helpers/test-app';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
  await request(api.app).post('/api/messages').send({ author: 'ada', text: 'first' }).expect(201);
});
afterAll(() => api.close());

/** What a plain `res.json` answers for the same value. */
async function plainJson(value: unknown) {
  const plain = express();
  plain.get('/', (_req, res) => {
    res.json(value);
  });
  return request(plain).get('/');
}

describe.each(['/api/info', '/api/messages'])('GET %s', (path) => {
  it('answers the bytes, content-type and ETag that res.json would', async () => {
    const res = await request(api.app).get(path).expect(200);
    const plain = await plainJson(res.body);
    expect(res.text).toBe(plain.text);
    expect(res.headers['content-type']).toBe(plain.headers['content-type']);
    expect(res.headers['content-length']).toBe(plain.headers['content-length']);
    expect(res.headers.etag).toBe(plain.headers.etag);
  });

  it('answers 304 to If-None-Match with the current ETag, and HEAD without a body', async () => {
    const first = await request(api.app).get(path).expect(200);
    const again = await request(api.app).get(path).set('if-none-match', String(first.headers.etag));
    // /api/info changes every tenth of a second: either still fresh (304) or a new ETag.
    if (again.status === 200) expect(again.headers.etag).not.toBe(first.headers.etag);
    else expect(again.status).toBe(304);
    const head = await request(api.app).head(path).expect(200);
    expect(head.text).toBeUndefined();
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
  });
});

describe('rendered responses never go stale', () => {
  it('/api/info shows a fault toggle and the passing uptime at once', async () => {
    const before = (await request(api.app).get('/api/info')).body;
    await request(api.app)
      .post('/api/fault/liveness')
      .set(INSTRUCTOR_KEY_HEADER, TEST_INSTRUCTOR_KEY)
      .send({ healthy: false })
      .expect(200);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const after = (await request(api.app).get('/api/info')).body;
    await request(api.app)
      .post('/api/fault/liveness')
      .set(INSTRUCTOR_KEY_HEADER, TEST_INSTRUCTOR_KEY)
      .send({ healthy: true })
      .expect(200);
    expect(after.faults.healthy).toBe(false);
    expect(after.uptimeSeconds).toBeGreaterThan(before.uptimeSeconds);
  });

  it('GET /api/messages shows a new message right after it was posted', async () => {
    const before = (await request(api.app).get('/api/messages')).body;
    await request(api.app)
      .post('/api/messages')
      .send({ author: 'bob', text: 'second' })
      .expect(201);
    const after = (await request(api.app).get('/api/messages')).body;
    expect(after.items).toHaveLength(before.items.length + 1);
    expect(after.items[0]).toMatchObject({ author: 'bob', text: 'second' });
  });
});
