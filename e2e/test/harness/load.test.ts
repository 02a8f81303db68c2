import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLoad } from '../../lib/load';
import { formatSummary, percentile, summarize } from '../../lib/load-report';

describe('load generator', () => {
  let server: http.Server;
  let url: string;
  let seen = 0;
  beforeAll(async () => {
    // Every third request fails; the version header alternates between X and Y.
    server = http.createServer((req, res) => {
      seen++;
      req.resume();
      res.setHeader('x-app-version', seen % 2 ? 'X' : 'Y');
      if (req.method === 'POST') {
        res.statusCode = seen % 3 === 0 ? 503 : 201;
        res.end(JSON.stringify({ id: seen }));
      } else res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it('sends at the asked rate and records status, version, failures and acknowledgements', async () => {
    const load = startLoad({
      baseUrl: url,
      rate: 200,
      mix: [
        { name: 'get', weight: 1, method: 'GET', path: '/', ok: [200] },
        { name: 'post', weight: 1, method: 'POST', path: '/', body: (seq) => ({ seq }), ok: [201] },
      ],
    });
    await new Promise((r) => setTimeout(r, 1000));
    const records = await load.stop();
    expect(records.length).toBeGreaterThan(170);
    expect(records.length).toBeLessThan(230);
    const posts = records.filter((r) => r.kind === 'post');
    expect(posts.length).toBeGreaterThan(records.length / 3);
    expect(posts.some((r) => r.failed && r.status === 503)).toBe(true);
    expect(
      posts.filter((r) => !r.failed).every((r) => typeof (r.ack as { id: number }).id === 'number'),
    ).toBe(true);

    const summary = summarize(records);
    expect(summary.requests).toBe(records.length);
    expect(summary.failed).toBe(summary.failures['HTTP 503 from the service']);
    expect(Object.keys(summary.versions).sort()).toEqual(['X', 'Y']);
    expect(formatSummary('t', summary)).toContain(
      `failed ${summary.failed} (HTTP 503 from the service: ${summary.failed})`,
    );
  });

  it('records refused connections as failures', async () => {
    const load = startLoad({
      baseUrl: 'http://127.0.0.1:1',
      rate: 50,
      mix: [{ name: 'get', weight: 1, method: 'GET', path: '/', ok: [200] }],
    });
    await new Promise((r) => setTimeout(r, 200));
    const summary = summarize(await load.stop());
    expect(summary.failed).toBe(summary.requests);
    expect(summary.failures.ECONNREFUSED).toBe(summary.requests);
  });

  it('computes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile([], 99)).toBe(0);
  });
});
