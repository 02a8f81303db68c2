// The built api: fault injection is off unless turned on, a missing key is one warning at
// start-up, and neither the key nor the header ever reaches the logs.
import { INSTRUCTOR_KEY_HEADER } from '../src/faults/require-instructor-key';
import {
  type ApiProcess,
  FAULTS_ON,
  PROCESS_INSTRUCTOR_KEY,
  startApi,
} from './support/api-process';

let api: ApiProcess | undefined;
afterEach(async () => {
  api?.child.kill('SIGTERM');
  await api?.exited;
  api = undefined;
});

const WARNING =
  'fault injection is on but INSTRUCTOR_KEY is not set: every /api/fault/* request gets 401';

it('has no fault endpoints by default', async () => {
  api = await startApi({ SHUTDOWN_DELAY_MS: '0' });
  await api.waitForLog('api ready');
  expect(
    ((await (await fetch(`${api.url}/api/info`)).json()) as { faultInjection: boolean })
      .faultInjection,
  ).toBe(false);
  const res = await fetch(`${api.url}/api/fault/status/503`, {
    headers: { [INSTRUCTOR_KEY_HEADER]: 'anything' },
  });
  expect(res.status).toBe(404);
  expect(api.logs.filter((line) => line.msg === WARNING)).toHaveLength(0);
});

it('starts with fault injection on and no key, warns once, and refuses every fault request', async () => {
  api = await startApi({ FAULT_INJECTION: 'on', SHUTDOWN_DELAY_MS: '0' });
  await api.waitForLog('api ready');
  const res = await fetch(`${api.url}/api/fault/readiness`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [INSTRUCTOR_KEY_HEADER]: 'guess' },
    body: '{"ready":false}',
  });
  expect(res.status).toBe(401);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect((await fetch(`${api.url}/readyz`)).status).toBe(200);
  expect(api.logs.filter((line) => line.msg === WARNING)).toEqual([
    expect.objectContaining({ level: 40 }),
  ]);
});

it('never logs the key or the header, even at debug', async () => {
  const wrongKey = 'wrong-key-that-must-not-be-logged';
  api = await startApi({ ...FAULTS_ON, LOG_LEVEL: 'trace', SHUTDOWN_DELAY_MS: '0' });
  await api.waitForLog('api ready');
  for (const key of [PROCESS_INSTRUCTOR_KEY, wrongKey]) {
    for (const path of ['/api/fault/status/500', '/api/fault/status/204', '/api/info']) {
      await (
        await fetch(`${api.url}${path}`, { headers: { [INSTRUCTOR_KEY_HEADER]: key } })
      ).text();
    }
  }
  api.child.kill('SIGTERM');
  await api.exited;
  // The requests were logged (so the test would see a leak)...
  expect(api.logs.filter((line) => typeof line.req === 'object').length).toBeGreaterThanOrEqual(6);
  const everything = JSON.stringify(api.logs) + api.stderr();
  // ...and neither key, nor the header's value under any name, is in them.
  expect(everything).not.toContain(PROCESS_INSTRUCTOR_KEY);
  expect(everything).not.toContain(wrongKey);
});
