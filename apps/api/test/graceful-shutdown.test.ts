// The built server as a child process: SIGTERM while slow requests are in flight.
import { Agent, request as httpRequest } from 'node:http';
import { INSTRUCTOR_KEY_HEADER } from '../src/faults/require-instructor-key';
import {
  type ApiProcess,
  FAULTS_ON,
  PROCESS_INSTRUCTOR_KEY,
  startApi,
} from './support/api-process';

interface Answer {
  status: number;
  at: number;
}

function get(url: string, agent?: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = { [INSTRUCTOR_KEY_HEADER]: PROCESS_INSTRUCTOR_KEY };
    httpRequest(url, { agent: agent ?? false, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, at: Date.now() }));
    })
      .on('error', reject)
      .end();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const DELAY_MS = 1500;
const SLOW_MS = 2500;

describe('graceful shutdown of the built server', () => {
  let api: ApiProcess;
  afterEach(() => {
    if (api?.child.exitCode === null) api.child.kill('SIGKILL');
  });

  it('turns unready first, keeps serving through the delay, finishes in-flight work, then exits 0', async () => {
    api = await startApi({
      ...FAULTS_ON,
      SHUTDOWN_DELAY_MS: String(DELAY_MS),
      SHUTDOWN_TIMEOUT_MS: '10000',
    });
    await api.waitForLog('api ready');
    expect((await get(`${api.url}/readyz`)).status).toBe(200);

    // An idle keep-alive connection: shutdown must close it instead of waiting for its timeout.
    const keepAlive = new Agent({ keepAlive: true });
    expect((await get(`${api.url}/healthz`, keepAlive)).status).toBe(200);

    const slow = [1, 2, 3].map(() => get(`${api.url}/api/fault/delay/${SLOW_MS}`));
    await sleep(300);
    const signalledAt = Date.now();
    api.child.kill('SIGTERM');

    await sleep(100);
    const readiness = await get(`${api.url}/readyz`);
    expect(readiness.status).toBe(503);
    expect(readiness.at - signalledAt).toBeLessThan(DELAY_MS);

    await sleep(400);
    const duringDelay = await get(`${api.url}/api/info`);
    expect(duringDelay.status).toBe(200);

    await sleep(DELAY_MS - 500 + 500);
    await expect(get(`${api.url}/healthz`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    const finished = await Promise.all(slow);
    expect(finished.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(await api.exited).toBe(0);
    const exitedAfter = Date.now() - signalledAt;
    // Slow requests end ~2.2 s after the signal; the idle keep-alive socket (5 s timeout) must not hold the exit.
    expect(exitedAfter).toBeLessThan(4500);
    keepAlive.destroy();

    const phases = api.logs
      .filter((l) => typeof l.phase === 'string')
      .map((l) => [l.phase, l.inFlight]);
    expect(phases).toEqual([
      ['draining', 3],
      ['closing', 3],
      ['closing', 0],
      ['closed', 0],
    ]);
    expect(api.logs.some((l) => l.msg === 'database closed')).toBe(true);
  }, 30_000);

  it('exits 1 when in-flight work outlives SHUTDOWN_TIMEOUT_MS', async () => {
    api = await startApi({ ...FAULTS_ON, SHUTDOWN_DELAY_MS: '0', SHUTDOWN_TIMEOUT_MS: '800' });
    await api.waitForLog('api ready');
    const stuck = get(`${api.url}/api/fault/delay/5000`).catch((error: Error) => error);
    await sleep(200);
    const signalledAt = Date.now();
    api.child.kill('SIGTERM');
    expect(await api.exited).toBe(1);
    expect(Date.now() - signalledAt).toBeLessThan(2500);
    await stuck;
    expect(api.logs.some((l) => l.msg === 'shutdown timeout: exiting with in-flight work')).toBe(
      true,
    );
  }, 30_000);

  it('a second signal exits at once', async () => {
    api = await startApi({ SHUTDOWN_DELAY_MS: '10000', SHUTDOWN_TIMEOUT_MS: '20000' });
    await api.waitForLog('api ready');
    const signalledAt = Date.now();
    api.child.kill('SIGTERM');
    await api.waitForLog('shutdown: not ready, still serving while the load balancer deregisters');
    api.child.kill('SIGINT');
    expect(await api.exited).toBe(1);
    expect(Date.now() - signalledAt).toBeLessThan(3000);
  }, 30_000);
});
