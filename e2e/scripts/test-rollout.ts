// npm run test:rollout: rolling updates and rollbacks of both tiers under load through the whole
// request path (load → ALB stand-in → frontend → kube-proxy stand-in → api → PostgreSQL), two
// negative controls that must fail, and a bad release that must stall. Prints every number.

import { existsSync } from 'node:fs';
import { hasCommand, startPostgres } from '@gitops-lab/test-support';
import { Checks, Cleanup, runProof } from '../lib/checks';
import { startClassroom } from '../lib/classroom';
import { startEngine } from '../lib/docker-engine';
import { acknowledgedIds, apiMix, readableIds, requests, weighted } from '../lib/guestbook';
import { startTargetGroup, type TargetGroup } from '../lib/haproxy';
import { sleep } from '../lib/http';
import { buildAppImage, dockerfileOf } from '../lib/images';
import { type ServiceProxy, startServiceProxy } from '../lib/kube-proxy';
import { type RequestKind, type RequestRecord, startLoad } from '../lib/load';
import { formatSummary, type LoadSummary, summarize } from '../lib/load-report';
import type { AppName } from '../lib/processes';
import { containerLauncher, processLauncher, type ReplicaLauncher } from '../lib/replicas';
import { abandon, createFleet, deploy, type Fleet, rollingUpdate, teardown } from '../lib/rollout';
import { serviceRouting, targetGroupRouting } from '../lib/routing';

const REPLICAS = 3;
const RATE = Number(process.env.E2E_RATE ?? 200);
/** The full-chain run keeps its steady load going until at least this many requests were sent. */
const MIN_REQUESTS = 15_000;
const SETTLE_MS = 3000;
/** Students of the classroom traffic in the full-chain run and in the keep-alive control. */
const STUDENTS = 40;
/** How long the keep-alive control lets the classroom read and reload (about 7 visits each). */
const CLASSROOM_MS = 45_000;
const checks = new Checks();
const phases: Phase[] = [];
const cleanup = new Cleanup();

/** The steady load: the api's guestbook mix through the frontend, plus the frontend's own /info. */
const chainMix: RequestKind[] = [...apiMix, weighted(requests.frontendInfo, 2)];
/** One student's page visit, as the scoreboard makes it. */
const visit: RequestKind[] = [requests.frontendInfo, requests.apiInfo, requests.messages].map(
  (request) => weighted(request, 1),
);

type Launchers = Record<AppName, ReplicaLauncher>;

/** `x-app-version` of the successful answers: of the frontend for /info, of the api under /api. */
function versionsOf(records: RequestRecord[], tier: AppName): Set<string> {
  const isFrontend = (r: RequestRecord) => r.kind === 'GET /info';
  return new Set(
    records
      .filter((r) => !r.failed && isFrontend(r) === (tier === 'frontend'))
      .map((r) => r.version ?? 'none'),
  );
}

async function chooseLaunchers(): Promise<Launchers> {
  const wanted = process.env.E2E_RUNTIME ?? 'auto';
  const apps: AppName[] = ['api', 'frontend'];
  const canContainers = hasCommand('dockerd') || hasCommand('docker');
  if (
    wanted === 'processes' ||
    (wanted === 'auto' && (!canContainers || !apps.every((app) => existsSync(dockerfileOf(app)))))
  ) {
    console.log('[rollout] replicas run as processes (node apps/<app>/dist/main.js)');
    return { api: processLauncher('api'), frontend: processLauncher('frontend') };
  }
  const engine = await startEngine();
  cleanup.add('docker engine', () => engine.stop());
  const launchers = {} as Launchers;
  for (const app of apps) {
    const image = await buildAppImage(engine, app);
    console.log(`[rollout] ${app} replicas run as containers of ${image.tag}`);
    launchers[app] = containerLauncher(engine, app, image.tag);
    cleanup.add(`${app} containers`, () => launchers[app].cleanup());
  }
  return launchers;
}

interface Stack {
  launchers: Launchers;
  /** The api Service (kube-proxy stand-in) the frontends reach as API_URL. */
  apiService: ServiceProxy;
  /** The ALB stand-in in front of the frontends. */
  alb: TargetGroup;
  apiEnv: Record<string, string>;
}

function fleetsOf(stack: Stack, apiEnv: Record<string, string> = {}) {
  const api = createFleet(serviceRouting(stack.apiService, 'api'), stack.launchers.api, {
    ...stack.apiEnv,
    ...apiEnv,
  });
  const frontend = createFleet(targetGroupRouting(stack.alb), stack.launchers.frontend, {
    API_URL: stack.apiService.url,
    LOG_LEVEL: 'warn',
  });
  cleanup.add('api replicas', () => teardown(api));
  cleanup.add('frontend replicas', () => teardown(frontend));
  return { api, frontend };
}

/** One update or rollback of the full-chain run: its label and when it ran (load clock, ms). */
interface Phase {
  label: string;
  fromMs: number;
  toMs: number;
}

async function update(fleet: Fleet, version: string, label: string, clock: () => number) {
  const fromMs = clock();
  const result = await rollingUpdate(fleet, version);
  phases.push({ label, fromMs, toMs: clock() });
  checks.check(`${label} completed`, result.status === 'complete', `${result.ms} ms`);
  for (const step of result.log) console.log(`  ${label}: ${step.message}`);
  return result;
}

/** Summary line with the numbers the issue asks for. */
function numbers(s: LoadSummary, acked: number, missing: number): string {
  return `${s.requests} requests, ${s.failed} failed, p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms, ${acked} writes acknowledged, ${missing} missing, ${s.durationS} s`;
}

/** Scenario 1: api A→B, frontend A→B, then both back, under steady and classroom traffic. */
async function fullChain(stack: Stack): Promise<string> {
  const { api, frontend } = fleetsOf(stack);
  await deploy(api, REPLICAS, 'A');
  await deploy(frontend, REPLICAS, 'A');
  const load = startLoad({ baseUrl: stack.alb.url, rate: RATE, mix: chainMix });
  const classroom = startClassroom({ nodeUrls: stack.alb.nodeUrls, students: STUDENTS, visit });
  await sleep(SETTLE_MS);
  await update(api, 'B', 'api update A→B', load.elapsedMs);
  await update(frontend, 'B', 'frontend update A→B', load.elapsedMs);
  const midway = load.records.length;
  await sleep(SETTLE_MS);
  await update(api, 'A', 'api rollback B→A', load.elapsedMs);
  await update(frontend, 'A', 'frontend rollback B→A', load.elapsedMs);
  const rollbackDoneAt = load.elapsedMs();
  await sleep(Math.max(SETTLE_MS, (MIN_REQUESTS / RATE) * 1000 - load.elapsedMs()));
  const [steady, students] = await Promise.all([load.stop(), classroom.stop()]);
  const records = [...steady, ...students];
  const summary = summarize(records);
  console.log(
    formatSummary(`full chain: update and rollback of both tiers (${api.launcher.kind})`, summary),
  );
  console.log(
    formatSummary(`  of which classroom traffic (${STUDENTS} students)`, summarize(students)),
  );
  const phaseLines = phases.map((phase) => {
    const during = summarize(
      records.filter((r) => r.sentAt >= phase.fromMs && r.sentAt <= phase.toMs),
    );
    return `${phase.label}: ${during.requests} requests, ${during.failed} failed, p50 ${during.p50Ms} ms, p99 ${during.p99Ms} ms, ${Math.round((phase.toMs - phase.fromMs) / 100) / 10} s`;
  });

  checks.check(
    `at least ${MIN_REQUESTS} requests`,
    summary.requests >= MIN_REQUESTS,
    `${summary.requests}`,
  );
  checks.check(
    'full chain: 0 failed requests during both updates and rollbacks',
    summary.failed === 0,
    JSON.stringify(summary.failures),
  );
  for (const tier of ['api', 'frontend'] as const) {
    const all = versionsOf(records, tier);
    checks.check(
      `${tier}: every answer from A or B`,
      [...all].every((v) => v === 'A' || v === 'B'),
      [...all].join(','),
    );
    checks.check(
      `${tier}: B served after the update`,
      versionsOf(steady.slice(midway - 300, midway), tier).has('B'),
    );
    const tail = versionsOf(
      steady.filter((r) => r.sentAt > rollbackDoneAt),
      tier,
    );
    checks.check(
      `${tier}: only A serves after the rollback`,
      [...tail].join() === 'A',
      [...tail].join(),
    );
  }
  const exits = [...api.retired, ...frontend.retired].map((r) => r.exit.code);
  checks.check(
    'every retired replica exited 0 after SIGTERM',
    exits.every((c) => c === 0),
    exits.join(','),
  );

  const acked = acknowledgedIds(records);
  const stored = await readableIds(stack.alb.url);
  const lost = acked.filter((id) => !stored.has(id));
  checks.check(
    'no acknowledged guestbook write lost',
    acked.length > 0 && lost.length === 0,
    `${acked.length} acknowledged, ${lost.length} missing`,
  );
  await teardown(frontend);
  await teardown(api);
  return [numbers(summary, acked.length, lost.length), ...phaseLines.map((l) => `    ${l}`)].join(
    '\n',
  );
}

/** Control 1: the api without its drain delay behind kube-proxy loses requests in an update. */
async function noDrainDelayControl(stack: Stack): Promise<string> {
  const { api, frontend } = fleetsOf(stack, { SHUTDOWN_DELAY_MS: '0' });
  await deploy(api, REPLICAS, 'A');
  await deploy(frontend, 2, 'A');
  const load = startLoad({ baseUrl: stack.alb.url, rate: RATE, mix: chainMix });
  await sleep(SETTLE_MS);
  await rollingUpdate(api, 'B');
  await sleep(SETTLE_MS);
  const summary = summarize(await load.stop());
  console.log(
    formatSummary(
      `negative control: api SHUTDOWN_DELAY_MS=0 behind the kube-proxy stand-in (endpoints follow ${stack.apiService.propagationDelayMs} ms late)`,
      summary,
    ),
  );
  // The frontend's own 502 (the api connection refused) is the failure kube-proxy causes; a 503 of
  // the ALB stand-in would only say the machine was too busy for the health checks.
  const refused = summary.failures['HTTP 502 from the service'] ?? 0;
  checks.check(
    'negative control: SHUTDOWN_DELAY_MS=0 behind kube-proxy fails requests (frontend 502: api unreachable)',
    refused > 0,
    `${refused} of ${summary.failed} failed`,
  );
  await teardown(frontend);
  await teardown(api);
  return `${summary.requests} requests, ${summary.failed} failed ${JSON.stringify(summary.failures)}`;
}

/**
 * Control 2: the same classroom against two frontends, each behind its own ALB stand-in with one
 * node per student: one with Node's default keep-alive (5 s), one with the services' default.
 */
async function keepAliveControl(stack: Stack): Promise<{ bad: string; good: string }> {
  const api = createFleet(
    serviceRouting(stack.apiService, 'api'),
    stack.launchers.api,
    stack.apiEnv,
  );
  cleanup.add('api replicas', () => teardown(api));
  await deploy(api, 1, 'A');
  const run = async (label: string, env: Record<string, string>) => {
    const alb = await startTargetGroup({ nodes: STUDENTS });
    cleanup.add(`ALB ${label}`, () => alb.stop());
    const fleet = createFleet(targetGroupRouting(alb), stack.launchers.frontend, {
      API_URL: stack.apiService.url,
      LOG_LEVEL: 'warn',
      ...env,
    });
    cleanup.add(`frontend ${label}`, () => teardown(fleet));
    await deploy(fleet, 1, label);
    const classroom = startClassroom({ nodeUrls: alb.nodeUrls, students: STUDENTS, visit });
    await sleep(CLASSROOM_MS);
    const summary = summarize(await classroom.stop());
    await teardown(fleet);
    await alb.stop();
    return summary;
  };
  const [bad, good] = await Promise.all([
    run('ka5s', { KEEP_ALIVE_TIMEOUT_MS: '5000' }),
    run('default', {}),
  ]);
  console.log(
    formatSummary(
      'negative control: frontend KEEP_ALIVE_TIMEOUT_MS=5000 behind the ALB stand-in, classroom traffic',
      bad,
    ),
  );
  console.log(formatSummary('the same classroom, frontend with its default keep-alive', good));
  checks.check(
    'negative control: Node default keep-alive behind the ALB gives 502s at classroom traffic',
    bad.failed > 0,
    `${bad.failed} failed of ${bad.requests}`,
  );
  checks.check(
    'default keep-alive: 0 failed at the same classroom traffic',
    good.failed === 0,
    `${good.failed} failed of ${good.requests}`,
  );
  await teardown(api);
  const line = (s: LoadSummary) =>
    `${s.requests} requests, ${s.failed} failed ${JSON.stringify(s.failures)}`;
  return { bad: line(bad), good: line(good) };
}

/** Scenario 4: an api B that never gets ready stalls its update with A serving; rollback removes it. */
async function badRelease(stack: Stack): Promise<string> {
  const { api, frontend } = fleetsOf(stack);
  await deploy(api, REPLICAS, 'A');
  await deploy(frontend, 2, 'A');
  const load = startLoad({ baseUrl: stack.alb.url, rate: RATE, mix: chainMix });
  await sleep(SETTLE_MS);
  const result = await rollingUpdate(api, 'B', {
    env: { FAULT_NEVER_READY: 'true' },
    progressDeadlineMs: 10_000,
  });
  checks.check(
    'bad release: api update stalls at the progress deadline',
    result.status === 'stalled',
    `${result.ms} ms`,
  );
  if (result.status === 'stalled') await abandon(api, result.pending);
  await sleep(SETTLE_MS);
  const records = await load.stop();
  const summary = summarize(records);
  console.log(formatSummary('bad release: api B (FAULT_NEVER_READY), stall, rollback', summary));
  checks.check(
    'bad release: 0 failed requests',
    summary.failed === 0,
    JSON.stringify(summary.failures),
  );
  const served = versionsOf(records, 'api');
  checks.check('bad release: only api A answered', [...served].join() === 'A', [...served].join());
  const endpoints = await stack.apiService.endpoints();
  checks.check(
    `bad release: ${REPLICAS} api A endpoints after the rollback`,
    endpoints.length === REPLICAS && endpoints.every((e) => e.name.endsWith('-A')),
    endpoints.map((e) => `${e.name} ${e.status}`).join(', '),
  );
  await teardown(frontend);
  await teardown(api);
  return `${summary.requests} requests, ${summary.failed} failed`;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  if (!hasCommand('haproxy'))
    throw new Error('haproxy is missing: run scripts/install-system-deps.sh');
  const launchers = await chooseLaunchers();
  const pg = await startPostgres();
  cleanup.add('postgres', () => pg.stop());
  const apiService = await startServiceProxy();
  cleanup.add('kube-proxy stand-in', () => apiService.stop());
  const alb = await startTargetGroup();
  cleanup.add('ALB stand-in', () => alb.stop());
  // All api replicas share one PostgreSQL, as pods share the cluster's database.
  const stack: Stack = {
    launchers,
    apiService,
    alb,
    apiEnv: { DATABASE_URL: pg.url, LOG_LEVEL: 'warn' },
  };

  const chain = await fullChain(stack);
  const noDelay = await noDrainDelayControl(stack);
  const keepAlive = await keepAliveControl(stack);
  const bad = await badRelease(stack);

  console.log(
    `\nrollout numbers (${launchers.api.kind}, ${REPLICAS} replicas per tier, ${RATE} req/s steady + ${STUDENTS} students):\n` +
      `  full chain, update + rollback of api and frontend: ${chain}\n` +
      `  negative control, api SHUTDOWN_DELAY_MS=0 behind kube-proxy: ${noDelay}\n` +
      `  negative control, frontend KEEP_ALIVE_TIMEOUT_MS=5000 behind the ALB: ${keepAlive.bad}\n` +
      `  same classroom, default keep-alive: ${keepAlive.good}\n` +
      `  bad api release: ${bad}\n` +
      `  total ${Math.round((Date.now() - t0) / 1000)} s`,
  );
}

runProof('test:rollout', checks, cleanup, main);
