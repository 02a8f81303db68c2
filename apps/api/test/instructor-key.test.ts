// The fault endpoints answer only to the instructor key (X-Instructor-Key), through HTTP.
import request from 'supertest';
import { INSTRUCTOR_KEY_HEADER } from '../src/faults/require-instructor-key';
import { createTestApi, TEST_INSTRUCTOR_KEY, type TestApi } from './support/test-app';

const FAULT_REQUESTS = [
  ['get', '/api/fault/status/503'],
  ['get', '/api/fault/delay/10'],
  ['post', '/api/fault/readiness'],
  ['post', '/api/fault/liveness'],
  ['post', '/api/fault/crash'],
  ['get', '/api/fault/no-such-fault'],
] as const;

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

function expectRefused(res: request.Response): void {
  expect(res.status).toBe(401);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['www-authenticate']).toBe('Instructor-Key');
  expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized' });
}

describe('the instructor key', () => {
  it.each(FAULT_REQUESTS)('%s %s without the key: 401, nothing happens', async (method, path) => {
    const res = await request(api.app)[method](path).send({ ready: false, healthy: false });
    expectRefused(res);
    expect(res.body.detail).toContain('X-Instructor-Key');
    expect(api.faults).toMatchObject({ ready: true, healthy: true });
    expect(api.exitCodes).toEqual([]);
  });

  it.each([
    ['a wrong key', 'not-the-key'],
    ['the key with a character more', `${TEST_INSTRUCTOR_KEY}x`],
    ['a prefix of the key', TEST_INSTRUCTOR_KEY.slice(0, -1)],
    ['the key in another case', TEST_INSTRUCTOR_KEY.toUpperCase()],
    ['an empty key', ''],
  ])('refuses %s', async (_name, key) => {
    const res = await request(api.app)
      .post('/api/fault/readiness')
      .set(INSTRUCTOR_KEY_HEADER, key)
      .send({ ready: false });
    expectRefused(res);
    expect(api.faults.ready).toBe(true);
  });

  it('accepts the key, and the header name in any case', async () => {
    await request(api.app)
      .get('/api/fault/status/204')
      .set('X-Instructor-Key', TEST_INSTRUCTOR_KEY)
      .expect(204);
  });

  it('is not needed anywhere else', async () => {
    for (const path of ['/api/info', '/api/messages', '/healthz', '/readyz', '/metrics']) {
      expect((await request(api.app).get(path)).status).toBe(200);
    }
  });

  it('without INSTRUCTOR_KEY configured, every fault request is refused, whatever it sends', async () => {
    const locked = await createTestApi({ repository: api.repository, instructorKey: null });
    expect((await request(locked.app).get('/api/info')).body.faultInjection).toBe(true);
    for (const key of [undefined, '', 'anything', TEST_INSTRUCTOR_KEY]) {
      let req = request(locked.app).post('/api/fault/crash');
      if (key !== undefined) req = req.set(INSTRUCTOR_KEY_HEADER, key);
      const res = await req;
      expectRefused(res);
      expect(res.body.detail).toContain('INSTRUCTOR_KEY is not set');
    }
    expect(locked.exitCodes).toEqual([]);
  });

  it('with fault injection off, the fault endpoints do not exist (404), key or not', async () => {
    const off = await createTestApi({ repository: api.repository, faults: { endpoints: false } });
    await request(off.app)
      .get('/api/fault/status/500')
      .set(INSTRUCTOR_KEY_HEADER, TEST_INSTRUCTOR_KEY)
      .expect(404);
    await request(off.app).get('/api/fault/status/500').expect(404);
  });
});
