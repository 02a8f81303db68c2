// The e2e Prometheus: Debian's real binary, scraping what HTTP service discovery names, answering
// instant queries, and stopped by its PID.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sleep } from '../../lib/http';
import { type Prometheus, prometheusConfig, startPrometheus } from '../../lib/prometheus';
import { describeWithTools } from '../support/require-tool';

jest.setTimeout(60_000);

test('the config scrapes every second, by service discovery or fixed targets', () => {
  expect(
    JSON.parse(
      prometheusConfig([
        { name: 'api', discoveryUrl: 'http://127.0.0.1:1/discovery' },
        { name: 'kube-state-metrics', targets: ['127.0.0.1:2'], honorLabels: true },
      ]),
    ),
  ).toEqual({
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    scrape_configs: [
      {
        job_name: 'api',
        http_sd_configs: [{ url: 'http://127.0.0.1:1/discovery', refresh_interval: '1s' }],
      },
      {
        job_name: 'kube-state-metrics',
        honor_labels: true,
        static_configs: [{ targets: ['127.0.0.1:2'] }],
      },
    ],
  });
});

describeWithTools(['prometheus'], 'a real Prometheus', () => {
  let prometheus: Prometheus;
  let server: http.Server;
  let discovered: { targets: string[]; labels: Record<string, string> }[] = [];

  beforeAll(async () => {
    // One process is both the discovery endpoint and the scraped target.
    server = http.createServer((req, res) => {
      if (req.url === '/discovery') {
        // Prometheus refuses a discovery answer without this content type.
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(discovered));
      } else res.end('# TYPE demo_up gauge\ndemo_up 1\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    discovered = [{ targets: [`127.0.0.1:${port}`], labels: { namespace: 'ns', pod: 'p1' } }];
    prometheus = await startPrometheus([
      { name: 'demo', discoveryUrl: `http://127.0.0.1:${port}/discovery` },
    ]);
  });
  afterAll(async () => {
    await prometheus?.stop();
    await new Promise((resolve) => server.close(resolve));
  });

  it('scrapes the discovered target with the labels discovery gave it', async () => {
    let samples = await prometheus.query('demo_up');
    for (let i = 0; samples.length === 0 && i < 40; i++) {
      await sleep(500);
      samples = await prometheus.query('demo_up');
    }
    expect(samples).toEqual([
      {
        labels: expect.objectContaining({
          __name__: 'demo_up',
          job: 'demo',
          namespace: 'ns',
          pod: 'p1',
        }),
        value: 1,
      },
    ]);
  });

  it('returns NaN as NaN and a scalar as one unlabelled sample', async () => {
    expect(await prometheus.query('0/0')).toEqual([{ labels: {}, value: Number.NaN }]);
  });

  it('rejects a query Prometheus cannot parse, with its own message', async () => {
    await expect(prometheus.query('sum(')).rejects.toThrow(/bad_data/);
  });

  it('stops by its PID', async () => {
    const { pid } = prometheus;
    await prometheus.stop();
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
