// The cluster's view of the replicas for Prometheus: the target group's servers as pods, ready when
// their health checks pass, gone once deregistered.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ClusterView, readinessMetrics, startClusterView } from '../../lib/cluster-view';
import { startTargetGroup, type TargetGroup } from '../../lib/haproxy';
import { httpRequest } from '../../lib/http';
import { describeWithTools } from '../support/require-tool';

jest.setTimeout(30_000);

test('readiness is kube-state-metrics’ gauge: one series per condition', () => {
  expect(readinessMetrics('ns', [{ pod: 'p1-A', address: '127.0.0.1:1', ready: true }])).toBe(
    [
      '# TYPE kube_pod_status_ready gauge',
      'kube_pod_status_ready{namespace="ns",pod="p1-A",condition="true"} 1',
      'kube_pod_status_ready{namespace="ns",pod="p1-A",condition="false"} 0',
      '',
    ].join('\n'),
  );
});

describeWithTools(['haproxy'], 'the view of a real target group', () => {
  let tg: TargetGroup;
  let view: ClusterView;
  let replica: http.Server;
  let port: number;
  let ready = true;

  beforeAll(async () => {
    replica = http.createServer((req, res) => {
      res.statusCode = req.url === '/readyz' && !ready ? 503 : 200;
      res.end();
    });
    await new Promise<void>((resolve) => replica.listen(0, '127.0.0.1', resolve));
    port = (replica.address() as AddressInfo).port;
    tg = await startTargetGroup();
    view = await startClusterView(tg, 'ns');
  });
  afterAll(async () => {
    await view.stop();
    await tg.stop();
    await new Promise((resolve) => replica.close(resolve));
  });

  const discovery = async () => JSON.parse((await httpRequest(view.discoveryUrl)).body);
  const readiness = async () =>
    (await httpRequest(`http://${view.metricsTarget}/metrics`)).body
      .split('\n')
      .filter((l) => l.includes('condition="true"'));

  it('lists a target as a pod from registration on, not ready before its first passing check', async () => {
    await tg.addTarget('p1-A', port);
    expect(await discovery()).toEqual([
      { targets: [`127.0.0.1:${port}`], labels: { namespace: 'ns', pod: 'p1-A' } },
    ]);
    expect(await readiness()).toEqual([
      'kube_pod_status_ready{namespace="ns",pod="p1-A",condition="true"} 0',
    ]);
  });

  it('reports it ready once the checks pass, and not ready once /readyz fails', async () => {
    await tg.waitHealthy('p1-A');
    expect(await readiness()).toEqual([
      'kube_pod_status_ready{namespace="ns",pod="p1-A",condition="true"} 1',
    ]);
    ready = false;
    await tg.waitUnhealthy('p1-A');
    expect(await readiness()).toEqual([
      'kube_pod_status_ready{namespace="ns",pod="p1-A",condition="true"} 0',
    ]);
  });

  it('drops it once deregistered', async () => {
    await tg.removeTarget('p1-A');
    expect(await discovery()).toEqual([]);
    expect(await readiness()).toEqual([]);
  });
});
