import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTargetGroup, type TargetGroup } from '../../lib/haproxy';
import { httpRequest, sleep } from '../../lib/http';
import { describeWithTools } from '../support/require-tool';

/** A minimal target whose readiness the test flips. */
async function fakeTarget(): Promise<{ port: number; setReady(r: boolean): void; close(): void }> {
  let ready = true;
  const server = http.createServer((req, res) => {
    res.statusCode = req.url === '/readyz' && !ready ? 503 : 200;
    res.end(req.url === '/readyz' ? '' : 'hello');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    setReady: (r) => {
      ready = r;
    },
    close: () => server.close(),
  };
}

jest.setTimeout(20_000);

describeWithTools(['haproxy'], 'haproxy target group', () => {
  let tg: TargetGroup;
  let target: Awaited<ReturnType<typeof fakeTarget>>;

  beforeAll(async () => {
    tg = await startTargetGroup();
    target = await fakeTarget();
  });
  afterAll(async () => {
    await tg.stop();
    target.close();
  });

  it('sends no traffic to a new target before its first passing check', async () => {
    await tg.addTarget('t1', target.port);
    expect((await tg.targets()).map((t) => t.status)).toEqual(['DOWN']);
    expect((await httpRequest(tg.url)).status).toBe(503);
    const ms = await tg.waitHealthy('t1', 5000);
    expect(ms).toBeLessThan(2500);
    const res = await httpRequest(tg.url);
    expect(res.status).toBe(200);
    expect(res.body).toBe('hello');
  });

  it('takes a target out after two failed checks', async () => {
    target.setReady(false);
    await sleep(3000);
    expect((await tg.targets())[0]?.status).toBe('DOWN');
    expect((await httpRequest(tg.url)).status).toBe(503);
    target.setReady(true);
    await tg.waitHealthy('t1', 3000);
  });

  it('drains and removes a target through the runtime API', async () => {
    await tg.drainTarget('t1');
    expect((await tg.targets())[0]?.status).toBe('DRAIN');
    expect((await httpRequest(tg.url)).status).toBe(503);
    await tg.removeTarget('t1');
    expect(await tg.targets()).toEqual([]);
  });

  it('reports runtime API errors', async () => {
    await expect(tg.drainTarget('nope')).rejects.toThrow(/No such server/);
  });
});

describeWithTools(['haproxy'], 'haproxy target group: idle connections like an ALB', () => {
  let tg: TargetGroup;
  let server: http.Server;
  /** Client port of the connection each request came over (one per ALB-to-target connection). */
  const sockets: number[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url !== '/readyz') sockets.push(req.socket.remotePort ?? 0);
      res.end('ok');
    });
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    tg = await startTargetGroup({ nodes: 2 });
    await tg.addTarget('t1', (server.address() as AddressInfo).port);
    await tg.waitHealthy('t1', 5000);
  });
  afterAll(async () => {
    await tg.stop();
    server.closeAllConnections();
    server.close();
  });

  it('sends requests of different clients over one idle connection, per node', async () => {
    const [node1, node2] = tg.nodeUrls as [string, string];
    // httpRequest opens a new client connection each time: only the balancer can reuse.
    for (const url of [node1, node1, node2, node2]) {
      expect((await httpRequest(url)).status).toBe(200);
      await sleep(200);
    }
    expect(sockets[0]).toBe(sockets[1]);
    expect(sockets[2]).toBe(sockets[3]);
    expect(sockets[0]).not.toBe(sockets[2]);
  });

  it('health-checks the target from every node', async () => {
    expect((await tg.targets()).map((t) => `${t.name} ${t.status}`)).toEqual(['t1 UP']);
    const answer = await tg.command('show servers state');
    expect(answer).toMatch(/ targets \d+ t1 /);
    expect(answer).toMatch(/ targets-2 \d+ t1 /);
  });
});
