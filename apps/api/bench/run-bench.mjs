// `npm run bench`: autocannon against the built api (metrics, JSON logs and security headers on,
// PGlite storage) and against a bare Express 5 app serving the same JSON, in one run on the same
// machine, so the ratio means something even on busy shared cores.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = dirname(fileURLToPath(import.meta.url));
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 3);
// Other processes share the cores and their load drifts: each round measures the api and bare
// Express back to back (in alternating order) and yields one ratio; the median ratio is kept.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
// The floor the api must keep with its stock libraries (pino-http, helmet, res.json): 0.6 of bare
// Express's throughput, with a p99 under 20 ms.
const FLOOR_RATIO = 0.6;
const P99_CEILING_MS = 20;

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function startProcess(script, env, readyCheck) {
  const port = await freePort();
  // Logs go to /dev/null: they are produced and written, just not kept.
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${url}${readyCheck}`)).ok) return { child, url };
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`${script} did not start`);
}

async function stop({ child }) {
  child.kill('SIGTERM');
  await once(child, 'exit');
}

async function measureOnce(url) {
  // A short warm-up so JIT and connection set-up do not count.
  await autocannon({ url, connections: CONNECTIONS, duration: 1 });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  return { rps: result.requests.average, p99: result.latency.p99 };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function compare(apiUrl, bareUrl) {
  const api = [];
  const bare = [];
  const ratios = [];
  for (let round = 0; round < ROUNDS; round++) {
    const apiFirst = round % 2 === 0;
    const first = await measureOnce(apiFirst ? apiUrl : bareUrl);
    const second = await measureOnce(apiFirst ? bareUrl : apiUrl);
    const [withKit, baseline] = apiFirst ? [first, second] : [second, first];
    api.push(withKit);
    bare.push(baseline);
    ratios.push(withKit.rps / baseline.rps);
  }
  const summary = (runs) => ({
    rps: median(runs.map((r) => r.rps)),
    p99: median(runs.map((r) => r.p99)),
  });
  return { withKit: summary(api), baseline: summary(bare), ratio: median(ratios) };
}

const api = await startProcess(
  join(here, '..', 'dist', 'main.js'),
  { DATA_DIR: 'memory://', LOG_FORMAT: 'json', LOG_LEVEL: 'info', SHUTDOWN_DELAY_MS: '0' },
  '/readyz',
);
let bare;
try {
  for (let i = 1; i <= 30; i++) {
    await fetch(`${api.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ author: `bench ${i}`, text: `message number ${i} for the benchmark` }),
    });
  }
  const paths = ['/api/info', '/api/messages'];
  const bodies = {};
  for (const path of paths) bodies[path] = await (await fetch(`${api.url}${path}`)).json();
  bare = await startProcess(
    join(here, 'bare-express.mjs'),
    { BARE_ROUTES: JSON.stringify(bodies) },
    '/api/info',
  );

  console.log(
    `autocannon: ${CONNECTIONS} connections, ${DURATION_S} s per run, ${ROUNDS} rounds of api and bare Express back to back\n`,
  );
  const rows = [];
  for (const path of paths) {
    const { withKit, baseline, ratio } = await compare(`${api.url}${path}`, `${bare.url}${path}`);
    rows.push({
      endpoint: `GET ${path}`,
      'api req/s': Math.round(withKit.rps),
      'api p99 ms': withKit.p99,
      'bare req/s': Math.round(baseline.rps),
      'bare p99 ms': baseline.p99,
      'median ratio': Number(ratio.toFixed(2)),
    });
  }
  console.table(rows);
  for (const row of rows) {
    const ratio = row['median ratio'];
    const p99 = row['api p99 ms'];
    const verdict = ratio >= FLOOR_RATIO && p99 < P99_CEILING_MS ? 'meets' : 'misses';
    console.log(
      `${row.endpoint}: ${ratio} of bare Express, p99 ${p99} ms: ${verdict} the floor (${FLOOR_RATIO}, p99 < ${P99_CEILING_MS} ms)`,
    );
  }
} finally {
  await stop(api);
  if (bare) await stop(bare);
}
