// An ALB keeps an idle connection to the api for up to 60 s and then reuses it: the built server
// must still have it open. One real minute of idling (slow on purpose; CI runs it).
import http from 'node:http';
import { getOnAgent } from '@gitops-lab/test-support';
import { type ApiProcess, startApi } from './support/api-process';

const ALB_IDLE_TIMEOUT_MS = 60_000;

describe('keep-alive towards a load balancer', () => {
  let api: ApiProcess | undefined;
  afterEach(async () => {
    api?.child.kill('SIGTERM');
    await api?.exited;
  });

  it('keeps an idle connection open for longer than the ALB idle timeout', async () => {
    api = await startApi({ SHUTDOWN_DELAY_MS: '0' });
    expect(await api.waitForLog('api ready')).toMatchObject({ keepAliveTimeoutMs: 65_000 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await getOnAgent(agent, `${api.url}/healthz`);
      expect(first).toEqual({ status: 200, keepAlive: 'timeout=65', reused: false });
      await new Promise((resolve) => setTimeout(resolve, ALB_IDLE_TIMEOUT_MS + 1000));
      // Sent on the same connection: the server did not close it while it sat idle.
      expect(await getOnAgent(agent, `${api.url}/healthz`)).toMatchObject({
        status: 200,
        reused: true,
      });
    } finally {
      agent.destroy();
    }
  }, 90_000);

  it('takes its keep-alive timeout from KEEP_ALIVE_TIMEOUT_MS', async () => {
    api = await startApi({ SHUTDOWN_DELAY_MS: '0', KEEP_ALIVE_TIMEOUT_MS: '5000' });
    await api.waitForLog('api ready');
    const res = await fetch(`${api.url}/healthz`);
    expect(res.headers.get('keep-alive')).toBe('timeout=5');
  });
});
