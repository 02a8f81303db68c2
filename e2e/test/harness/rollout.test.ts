import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTargetGroup, type TargetGroup } from '../../lib/haproxy';
import type { ReplicaLauncher } from '../../lib/replicas';
import {
  abandon,
  createFleet,
  deploy,
  type Fleet,
  rollingUpdate,
  teardown,
} from '../../lib/rollout';
import { targetGroupRouting } from '../../lib/routing';
import { describeWithTools } from '../support/require-tool';

jest.setTimeout(30_000);

/** Replicas as in-process HTTP servers; `NEVER_READY` makes /readyz fail forever. */
function fakeLauncher(events: string[]): ReplicaLauncher {
  return {
    app: 'api',
    kind: 'processes',
    async start(name, env) {
      const server = http.createServer((req, res) => {
        res.statusCode = req.url === '/readyz' && env.NEVER_READY ? 503 : 200;
        res.end(env.APP_VERSION);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      events.push(`start ${name}`);
      return {
        name,
        port: (server.address() as AddressInfo).port,
        async stop() {
          events.push(`stop ${name}`);
          server.closeAllConnections();
          await new Promise((resolve) => server.close(resolve));
          return { code: 0, signal: null, ms: 0 };
        },
        logs: async () => '',
      };
    },
    async cleanup() {},
  };
}

describeWithTools(['haproxy'], 'rolling update orchestration', () => {
  let tg: TargetGroup;
  beforeAll(async () => {
    tg = await startTargetGroup();
  });
  afterAll(() => tg.stop());

  // Stop every replica even when an assertion failed, or its server would keep jest alive.
  let fleet: Fleet | undefined;
  afterEach(async () => {
    if (fleet) await teardown(fleet);
    fleet = undefined;
  });
  const targetStates = async () => (await tg.targets()).map((t) => `${t.name} ${t.status}`).sort();

  it('starts a new replica before stopping each old one and ends with only the new version', async () => {
    const events: string[] = [];
    fleet = createFleet(targetGroupRouting(tg), fakeLauncher(events), {});
    await deploy(fleet, 2, 'A');
    const result = await rollingUpdate(fleet, 'B');
    expect(result.status).toBe('complete');
    // maxSurge 1 / maxUnavailable 0: each old replica stops only after its replacement started.
    expect(events.indexOf('start api-3-B')).toBeLessThan(events.indexOf('stop api-1-A'));
    expect(events.indexOf('start api-4-B')).toBeLessThan(events.indexOf('stop api-2-A'));
    expect(fleet.replicas.map((r) => r.version)).toEqual(['B', 'B']);
    expect(await targetStates()).toEqual(['api-3-B UP', 'api-4-B UP']);
    await teardown(fleet);
    expect(await tg.targets()).toEqual([]);
  });

  it('stalls on a replica that never gets healthy, leaving the old ones untouched', async () => {
    const events: string[] = [];
    fleet = createFleet(targetGroupRouting(tg), fakeLauncher(events), {});
    await deploy(fleet, 2, 'A');
    const result = await rollingUpdate(fleet, 'B', {
      env: { NEVER_READY: '1' },
      progressDeadlineMs: 2500,
    });
    expect(result.status).toBe('stalled');
    expect(events.filter((e) => e.startsWith('stop'))).toEqual([]);
    if (result.status === 'stalled') await abandon(fleet, result.pending);
    expect(await targetStates()).toEqual(['api-1-A UP', 'api-2-A UP']);
  });
});
