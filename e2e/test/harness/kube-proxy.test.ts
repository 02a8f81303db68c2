import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpRequest, sleep } from '../../lib/http';
import { type ServiceProxy, startServiceProxy } from '../../lib/kube-proxy';
import { describeWithTools } from '../support/require-tool';

jest.setTimeout(20_000);

/** A pod: answers its name, /readyz as the test says; `close()` stops listening like SIGTERM with no delay. */
async function fakePod(name: string, ready = true) {
  let isReady = ready;
  const server = http.createServer((req, res) => {
    if (req.url === '/readyz') {
      res.statusCode = isReady ? 200 : 503;
      res.end();
      return;
    }
    res.end(name);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    setReady(r: boolean) {
      isReady = r;
    },
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}

describeWithTools(['haproxy'], 'kube-proxy stand-in (a Service in front of pods)', () => {
  let service: ServiceProxy;
  const pods = new Map<string, Awaited<ReturnType<typeof fakePod>>>();
  beforeAll(async () => {
    service = await startServiceProxy({ propagationDelayMs: 500, readinessPeriodMs: 100 });
  });
  afterAll(async () => {
    for (const pod of pods.values()) pod.close();
    await service.stop();
  });
  const pod = async (name: string, ready = true) => {
    const p = await fakePod(name, ready);
    pods.set(name, p);
    return p;
  };

  it('adds a pod only once its readiness probe passed, after the propagation delay', async () => {
    const a = await pod('a', false);
    const added = service.addEndpoint('a', a.port, 5000);
    await sleep(300);
    a.setReady(true);
    const readyAt = Date.now();
    await added;
    expect(Date.now() - readyAt).toBeGreaterThanOrEqual(500);
    expect((await httpRequest(service.url)).body).toBe('a');
  });

  it('rejects a pod that never gets ready, without adding it', async () => {
    const never = await pod('never', false);
    await expect(service.addEndpoint('never', never.port, 400)).rejects.toThrow(/not Ready/);
    expect((await service.endpoints()).map((e) => e.name)).toEqual(['a']);
    await service.removeEndpoint('never');
  });

  it('balances connections, not requests, and never checks health', async () => {
    const b = await pod('b');
    await service.addEndpoint('b', b.port, 5000);
    // New connection per request: round robin over both pods.
    const fresh = await Promise.all([1, 2, 3, 4].map(() => httpRequest(service.url)));
    expect(fresh.map((r) => r.body).sort()).toEqual(['a', 'a', 'b', 'b']);
    // One keep-alive connection: every request on it reaches the same pod.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const pinned = new Set<string>();
    for (let i = 0; i < 4; i++) {
      pinned.add(
        await new Promise<string>((resolve, reject) => {
          http
            .get(service.url, { agent }, (res) => {
              let body = '';
              res.on('data', (c: Buffer) => {
                body += c.toString();
              });
              res.on('end', () => resolve(body));
            })
            .on('error', reject);
        }),
      );
    }
    agent.destroy();
    expect(pinned.size).toBe(1);
    // A pod that is not ready still gets connections: only the endpoint set decides.
    b.setReady(false);
    const notReady = await Promise.all([1, 2].map(() => httpRequest(service.url)));
    expect(notReady.map((r) => r.body).sort()).toEqual(['a', 'b']);
    b.setReady(true);
  });

  it('keeps sending new connections to a terminating pod until the change propagated', async () => {
    // b stops listening at once (no drain delay) while kube-proxy still routes to it.
    const leaving = service.terminating('b');
    pods.get('b')?.close();
    const during = await Promise.allSettled([1, 2, 3, 4].map(() => httpRequest(service.url)));
    await leaving;
    expect(during.filter((r) => r.status === 'rejected').length).toBe(2);
    const after = await Promise.all([1, 2, 3, 4].map(() => httpRequest(service.url)));
    expect(after.map((r) => r.body)).toEqual(['a', 'a', 'a', 'a']);
    expect((await service.endpoints()).find((e) => e.name === 'b')?.status).toBe('MAINT');
    await service.removeEndpoint('b');
    expect((await service.endpoints()).map((e) => e.name)).toEqual(['a']);
  });
});
