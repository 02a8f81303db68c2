import request from 'supertest';
import { INSTRUCTOR_KEY_HEADER } from '../src/faults/require-instructor-key';
import { createTestApi, TEST_INSTRUCTOR_KEY, type TestApi } from './support/test-app';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());
afterEach(() => {
  Object.assign(api.faults, {
    ready: true,
    healthy: true,
    errorRate: 0,
    latencyMs: 0,
    neverReady: false,
  });
});

describe('per-request faults', () => {
  it.each([200, 201, 418, 500, 503])(
    'GET /api/fault/status/%i answers that status',
    async (code) => {
      const res = await request(api.app)
        .get(`/api/fault/status/${code}`)
        .set(INSTRUCTOR_KEY_HEADER, TEST_INSTRUCTOR_KEY);
      expect(res.status).toBe(code);
    },
  );

  it('GET /api/fault/status/204 answers without a body', async () => {
    const res = await request(api.app)
      .get('/api/fault/status/204')
      .set(INSTRUCTOR_KEY_HEADER, TEST_INSTRUCTOR_KEY);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
  });

  it('GET /api/fault/delay/:ms answers after the delay', async () => {
    const started = Date.now();
    const res = await request(api.app)
      .get('/api/fault/delay/300')
      .set(INSTRUCTOR_KEY_HEADER, TEST_INSTRUCTOR_KEY);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ delayedMs: 300 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});

describe('runtime toggles', () => {
  it('POST /api/fault/readiness turns /readyz off and on again', async () => {
    await request(api.app)
      .post('/api/fault/readiness')
      .set(INSTRUCTOR_KEY_HEADER, TEST_INSTRUCTOR_KEY)
      .send({ ready: false })
      .expect(200, { ready: false });
    const down = await request(api.app).get('/readyz');
    expect(down.status).toBe(503);
    expect(down.body.detail).toContain('POST /api/fault/readiness');
    expect((await request(api.app).get('/api/info')).body.faults.ready).toBe(false);
    await request(api.app)
      .post('/api/fault/readiness')
      .set(INSTRUCTOR_KEY_HEADER, TEST_INSTRUCTOR_KEY)
      .send({ ready: true })
      .expect(200);
    expect((await request(api.app).get('/readyz')).status).toBe(200);
  });

  it('POST /api/fault/liveness turns /healthz off and on again', async () => {
    await request(api.app)
      .post('/api/fault/liveness')
      .set(INSTRUCTOR_KEY_HEADER, TEST_INSTRUCTOR_KEY)
      .send({ healthy: false })
      .expect(200, { healthy: false });
    expect((await request(api.app).get('/healthz')).status).toBe(503);
    await request(api.app)
      .post('/api/fault/liveness')
      .set(INSTRUCTOR_KEY_HEADER, TEST_INSTRUCTOR_KEY)
      .send({ healthy: true })
      .expect(200);
    expect((await request(api.app).get('/healthz')).status).toBe(200);
  });

  it('POST /api/fault/crash answers 202, then exits 1', async () => {
    const res = await request(api.app)
      .post('/api/fault/crash')
      .set(INSTRUCTOR_KEY_HEADER, TEST_INSTRUCTOR_KEY);
    expect(res.status).toBe(202);
    expect(api.exitCodes).toEqual([1]);
    api.exitCodes.length = 0;
  });
});

describe('bad-release settings from env', () => {
  it('FAULT_ERROR_RATE fails exactly that share of /api requests (random() < rate)', async () => {
    // A cycling "random" source: 0.00, 0.05, ..., 0.95. With rate 0.15 exactly 3 of 20 fail.
    let tick = 0;
    const faulty = await createTestApi({
      repository: api.repository,
      faults: { errorRate: 0.15 },
      random: () => (tick++ % 20) / 20,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await request(faulty.app).get('/api/info')).status);
    expect(statuses.filter((s) => s === 500)).toHaveLength(3);
    expect(statuses.filter((s) => s === 200)).toHaveLength(17);
  });

  it('FAULT_ERROR_RATE=1 never touches probes, /metrics or the fault endpoints', async () => {
    const broken = await createTestApi({ repository: api.repository, faults: { errorRate: 1 } });
    const info = await request(broken.app).get('/api/info');
    expect(info.status).toBe(500);
    expect(info.body.title).toBe('Injected fault');
    expect((await request(broken.app).get('/api/messages')).status).toBe(500);
    expect((await request(broken.app).get('/healthz')).status).toBe(200);
    expect((await request(broken.app).get('/readyz')).status).toBe(200);
    expect((await request(broken.app).get('/metrics')).status).toBe(200);
    expect(
      (
        await request(broken.app)
          .get('/api/fault/status/200')
          .set(INSTRUCTOR_KEY_HEADER, TEST_INSTRUCTOR_KEY)
      ).status,
    ).toBe(200);
  });

  it('FAULT_LATENCY_MS slows /api requests but not probes', async () => {
    const slow = await createTestApi({ repository: api.repository, faults: { latencyMs: 250 } });
    let started = Date.now();
    await request(slow.app).get('/api/info').expect(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    started = Date.now();
    await request(slow.app).get('/healthz').expect(200);
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('FAULT_NEVER_READY keeps /readyz at 503', async () => {
    const never = await createTestApi({ repository: api.repository, faults: { neverReady: true } });
    const res = await request(never.app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.detail).toBe('FAULT_NEVER_READY is set');
    expect((await request(never.app).get('/api/info')).body.faults.neverReady).toBe(true);
  });

  it('FAULT_INJECTION=off removes the fault endpoints and says so in /api/info', async () => {
    const off = await createTestApi({ repository: api.repository, faults: { endpoints: false } });
    expect((await request(off.app).get('/api/info')).body.faultInjection).toBe(false);
    expect(
      (
        await request(off.app)
          .get('/api/fault/status/500')
          .set(INSTRUCTOR_KEY_HEADER, TEST_INSTRUCTOR_KEY)
      ).status,
    ).toBe(404);
    expect(
      (
        await request(off.app)
          .post('/api/fault/crash')
          .set(INSTRUCTOR_KEY_HEADER, TEST_INSTRUCTOR_KEY)
      ).status,
    ).toBe(404);
    expect(
      (
        await request(off.app)
          .post('/api/fault/readiness')
          .set(INSTRUCTOR_KEY_HEADER, TEST_INSTRUCTOR_KEY)
          .send({ ready: false })
      ).status,
    ).toBe(404);
    expect(off.exitCodes).toEqual([]);
  });
});
