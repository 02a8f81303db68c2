// npm run test:analysis: a real Prometheus scrapes the api replicas of the rollout harness while
// releases roll out under load, and the analysis queries of monitoring/ judge each release: a good
// one passes and is kept, a bad one (FAULT_ERROR_RATE) fails and is rolled back. The bad release is
// the negative control: the run fails if it passes. Prints every measured value and decision.

import {
  type AnalysisArgs,
  type AnalysisPhase,
  analysisMetrics,
  analysisQuery,
  dashboardExpressions,
  judge,
  type MeasurementPhase,
  outcome,
  rolloutDashboard,
  substituteVariables,
} from '@gitops-lab/monitoring';
import { hasCommand, startPostgres } from '@gitops-lab/test-support';
import { Checks, Cleanup, runProof } from '../lib/checks';
import { startClusterView } from '../lib/cluster-view';
import { apiMix } from '../lib/guestbook';
import { startTargetGroup } from '../lib/haproxy';
import { sleep } from '../lib/http';
import { type RequestRecord, startLoad } from '../lib/load';
import { formatSummary, summarize } from '../lib/load-report';
import { type Prometheus, startPrometheus } from '../lib/prometheus';
import { processLauncher } from '../lib/replicas';
import { createFleet, deploy, type Fleet, rollingUpdate, teardown } from '../lib/rollout';
import { targetGroupRouting } from '../lib/routing';

const REPLICAS = 3;
/** Enough traffic for every measurement to see requests of each version; not a stress test. */
const RATE = 100;
const NAMESPACE = 'gitops-lab-e2e';
const BAD_ERROR_RATE = 0.2;
/** What Grafana would put in for the dashboard's variables, at the proof's 1 s scrape interval. */
const GRAFANA_VALUES = { job: 'api', namespace: NAMESPACE, __rate_interval: '15s' };

const checks = new Checks();
const cleanup = new Cleanup();

interface Measurement {
  metric: string;
  value: number | undefined;
  phase: MeasurementPhase;
}

interface AnalysisResult {
  phase: AnalysisPhase;
  measurements: Measurement[];
}

/**
 * An AnalysisRun of monitoring's analysis metrics against `prometheus`, as the Argo Rollouts
 * controller runs one: every metric measured each interval until one fails or errors (the run
 * fails at once) or all have succeeded.
 */
async function runAnalysis(prometheus: Prometheus, args: AnalysisArgs): Promise<AnalysisResult> {
  const phases = new Map(analysisMetrics.map((m) => [m.name, [] as MeasurementPhase[]]));
  const measurements: Measurement[] = [];
  const intervalMs = Math.max(...analysisMetrics.map((m) => m.intervalS)) * 1000;
  for (;;) {
    await sleep(intervalMs);
    for (const metric of analysisMetrics) {
      const samples = await prometheus.query(analysisQuery(metric, args));
      const value = samples[0]?.value;
      const phase = judge(metric, value);
      phases.get(metric.name)?.push(phase);
      measurements.push({ metric: metric.name, value, phase });
      console.log(`[analysis] ${args.version} ${metric.name} = ${format(value)} → ${phase}`);
    }
    const outcomes = analysisMetrics.map((m) => outcome(m, phases.get(m.name) ?? []));
    const ended = outcomes.find((o) => o === 'Failed' || o === 'Error');
    if (ended) return { phase: ended, measurements };
    if (outcomes.every((o) => o === 'Successful')) return { phase: 'Successful', measurements };
  }
}

const format = (value: number | undefined) =>
  value === undefined ? 'no data' : Number.isNaN(value) ? 'NaN' : value.toFixed(3);

const dashboardQueries = () =>
  dashboardExpressions(rolloutDashboard()).filter((q) => !q.where.startsWith('variable'));

/** Runs every dashboard query once and adds the versions each one returned to `seen`. */
async function readDashboard(prometheus: Prometheus, seen: Map<string, Set<string>>) {
  for (const q of dashboardQueries()) {
    const found = seen.get(q.where) ?? new Set<string>();
    seen.set(q.where, found);
    for (const s of await prometheus.query(substituteVariables(q.expr, GRAFANA_VALUES))) {
      if (s.labels.version && !Number.isNaN(s.value)) found.add(s.labels.version);
    }
  }
}

/** Polls every dashboard query each second and collects the versions each one returned. */
function watchDashboard(prometheus: Prometheus) {
  const seen = new Map<string, Set<string>>();
  let running = true;
  const polling = (async () => {
    while (running) {
      await readDashboard(prometheus, seen);
      await sleep(1000);
    }
  })();
  return {
    async stop() {
      running = false;
      await polling;
      return seen;
    },
  };
}

/**
 * Waits until every dashboard panel shows `version` under load, as an instructor checks the
 * dashboard before releasing: a rate over the 15 s window needs two scrapes with traffic, so a
 * release started at once could replace the old pods before any latency line existed.
 */
async function waitForBaseline(prometheus: Prometheus, version: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = new Map<string, Set<string>>();
    await readDashboard(prometheus, seen);
    const missing = [...seen].filter(([, found]) => !found.has(version)).map(([panel]) => panel);
    if (missing.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`no ${version} series after ${timeoutMs / 1000} s in: ${missing.join(', ')}`);
    await sleep(1000);
  }
}

/** The 5xx share of the responses `version` gave, as the load generator saw them. */
function clientErrorRatio(records: RequestRecord[], version: string): number {
  const answered = records.filter((r) => r.version === version);
  return answered.filter((r) => r.status >= 500).length / Math.max(1, answered.length);
}

/**
 * Releases `version` with a rolling update while the analysis runs; a release whose analysis does
 * not succeed is rolled back to `stable` (after the update in progress ends: the harness, like a
 * Deployment, cannot stop half-way).
 */
async function release(
  fleet: Fleet,
  prometheus: Prometheus,
  version: string,
  stable: { version: string; env: Record<string, string> },
  env: Record<string, string>,
) {
  const dashboard = watchDashboard(prometheus);
  const update = rollingUpdate(fleet, version, { env });
  const analysis = await runAnalysis(prometheus, { namespace: NAMESPACE, version });
  const updated = await update;
  const rollback =
    analysis.phase === 'Successful'
      ? undefined
      : await rollingUpdate(fleet, stable.version, stable);
  const dashboardVersions = await dashboard.stop();
  return { analysis, updated, rollback, dashboardVersions, doneAt: Date.now() };
}

function checkDashboard(label: string, seen: Map<string, Set<string>>, versions: string[]) {
  for (const [panel, found] of seen) {
    checks.check(
      `${label}: dashboard "${panel}" returned series for ${versions.join(' and ')}`,
      versions.every((v) => found.has(v)),
      [...found].sort().join(', ') || 'none',
    );
  }
}

const values = (result: AnalysisResult, metric: string) =>
  result.measurements
    .filter((m) => m.metric === metric)
    .map((m) => format(m.value))
    .join(', ');

async function main(): Promise<void> {
  const t0 = Date.now();
  for (const tool of ['haproxy', 'prometheus']) {
    if (!hasCommand(tool))
      throw new Error(`${tool} is missing: run scripts/install-system-deps.sh`);
  }
  const pg = await startPostgres();
  cleanup.add('postgres', () => pg.stop());
  const tg = await startTargetGroup();
  cleanup.add('haproxy', () => tg.stop());
  const view = await startClusterView(tg, NAMESPACE);
  cleanup.add('cluster view', () => view.stop());
  const prometheus = await startPrometheus([
    { name: 'api', discoveryUrl: view.discoveryUrl },
    { name: 'kube-state-metrics', targets: [view.metricsTarget], honorLabels: true },
  ]);
  cleanup.add('prometheus', () => prometheus.stop());
  console.log(
    `[analysis] prometheus ${prometheus.url} (PID ${prometheus.pid}), scraping every 1 s`,
  );

  const env = { DATABASE_URL: pg.url, LOG_LEVEL: 'warn', SHUTDOWN_DELAY_MS: '3000' };
  const fleet = createFleet(targetGroupRouting(tg), processLauncher('api'), env);
  cleanup.add('replicas', () => teardown(fleet));
  await deploy(fleet, REPLICAS, 'A');
  const load = startLoad({ baseUrl: tg.url, rate: RATE, mix: apiMix });
  cleanup.add('load', async () => {
    await load.stop();
  });

  await waitForBaseline(prometheus, 'A');
  console.log(
    `[analysis] every dashboard panel shows A after ${Math.round(load.elapsedMs() / 1000)} s of load`,
  );

  // Good release: B passes its analysis and stays.
  const good = await release(fleet, prometheus, 'B', { version: 'A', env: {} }, {});
  const goodDoneAt = load.elapsedMs();
  console.log(
    `\ngood release B: error ratio ${values(good.analysis, 'error-ratio')}; p99 ${values(good.analysis, 'p99-latency')} s` +
      `\n  decision: ${good.analysis.phase === 'Successful' ? 'pass → B kept' : `${good.analysis.phase} → rolled back`}\n`,
  );

  // Bad release: C answers 20 % of the api requests with a 500; its analysis must fail.
  const faults = { FAULT_ERROR_RATE: String(BAD_ERROR_RATE) };
  const bad = await release(fleet, prometheus, 'C', { version: 'B', env: {} }, faults);
  const badDoneAt = load.elapsedMs();
  await sleep(2000);
  const records = await load.stop();
  const clientRatio = clientErrorRatio(records, 'C');
  const measuredRatios = bad.analysis.measurements
    .filter((m) => m.metric === 'error-ratio' && m.value !== undefined)
    .map((m) => m.value as number);
  console.log(
    `\nbad release C (FAULT_ERROR_RATE=${BAD_ERROR_RATE}): error ratio ${values(bad.analysis, 'error-ratio')}; p99 ${values(bad.analysis, 'p99-latency')} s` +
      `\n  the load generator saw ${clientRatio.toFixed(3)} of C's answers fail` +
      `\n  decision: ${bad.analysis.phase === 'Successful' ? 'pass → C kept' : `fail (${bad.analysis.phase}) → rolled back to B`}\n`,
  );
  console.log(formatSummary('load through both releases', summarize(records)));

  checks.check('good release: analysis passes', good.analysis.phase === 'Successful');
  checks.check('good release: update completed', good.updated.status === 'complete');
  checks.check('good release: not rolled back', good.rollback === undefined);
  checks.check(
    'good release: no request failed',
    records.filter((r) => r.sentAt <= goodDoneAt && r.failed).length === 0,
  );
  checkDashboard('good release', good.dashboardVersions, ['A', 'B']);

  checks.check(
    'bad release (negative control): analysis fails',
    bad.analysis.phase === 'Failed',
    bad.analysis.phase,
  );
  checks.check(
    'bad release: Prometheus measured an error ratio above the 5 % limit',
    measuredRatios.some((r) => r > 0.05),
    measuredRatios.map((r) => r.toFixed(3)).join(', '),
  );
  checks.check(
    'bad release: Prometheus agrees with the load generator within 0.1',
    measuredRatios.length > 0 && Math.abs((measuredRatios.at(-1) as number) - clientRatio) <= 0.1,
    `Prometheus ${format(measuredRatios.at(-1))}, load generator ${clientRatio.toFixed(3)}`,
  );
  checks.check(
    'bad release: rolled back to B',
    bad.rollback?.status === 'complete' && fleet.replicas.every((r) => r.version === 'B'),
    fleet.replicas.map((r) => r.replica.name).join(', '),
  );
  const after = records.filter((r) => r.sentAt > badDoneAt);
  checks.check(
    'bad release: only B answers after the rollback',
    after.length > 0 && after.every((r) => r.version === 'B' && !r.failed),
    `${after.length} requests after it`,
  );
  checks.check(
    'bad release: every failed request was an injected 500 from C',
    records.filter((r) => r.failed).every((r) => r.status === 500 && r.version === 'C'),
  );
  checkDashboard('bad release', bad.dashboardVersions, ['B', 'C']);
  console.log(`\ntest:analysis took ${Math.round((Date.now() - t0) / 1000)} s`);
}

runProof('test:analysis', checks, cleanup, main);
