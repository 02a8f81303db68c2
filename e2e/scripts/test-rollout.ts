// npm run test:rollout: rolling update and rollback of the api under load behind an ALB stand-in,
// a negative control that must fail, and a bad release that must stall. Prints every number.

import { existsSync } from 'node:fs';
import { Checks, Cleanup, runProof } from '../lib/checks';
import { type DockerEngine, startEngine } from '../lib/docker-engine';
import { acknowledgedIds, apiMix, readableIds } from '../lib/guestbook';
import { startTargetGroup, type TargetGroup } from '../lib/haproxy';
import { sleep } from '../lib/http';
import { buildAppImage, dockerfileOf } from '../lib/images';
import { type RequestRecord, startLoad } from '../lib/load';
import { formatSummary, summarize } from '../lib/load-report';
import { startPostgres } from '../lib/postgres';
import { containerLauncher, processLauncher, type ReplicaLauncher } from '../lib/replicas';
import { abandon, createFleet, deploy, type Fleet, rollingUpdate, teardown } from '../lib/rollout';
import { hasCommand } from '../lib/tools';

const REPLICAS = 3;
const RATE = Number(process.env.E2E_RATE ?? 400);
const SETTLE_MS = 3000;
const checks = new Checks();
const cleanup = new Cleanup();

function versionsOf(records: RequestRecord[]): Set<string> {
  return new Set(records.filter((r) => !r.failed).map((r) => r.version ?? 'none'));
}

async function chooseLauncher(): Promise<ReplicaLauncher> {
  const wanted = process.env.E2E_RUNTIME ?? 'auto';
  const canContainers = hasCommand('dockerd') || hasCommand('docker');
  if (
    wanted === 'processes' ||
    (wanted === 'auto' && (!canContainers || !existsSync(dockerfileOf('api'))))
  ) {
    console.log('[rollout] replicas run as processes (node apps/api/dist/main.js)');
    return processLauncher('api');
  }
  const engine: DockerEngine = await startEngine();
  cleanup.add('docker engine', () => engine.stop());
  const image = await buildAppImage(engine, 'api');
  console.log(`[rollout] replicas run as containers of ${image.tag}`);
  const launcher = containerLauncher(engine, image.tag);
  cleanup.add('containers', () => launcher.cleanup());
  return launcher;
}

/** Scenario 1: A → B → A under load; nothing may fail and no message may be lost. */
async function updateAndRollback(
  tg: TargetGroup,
  launcher: ReplicaLauncher,
  env: Record<string, string>,
) {
  const fleet = createFleet(tg, launcher, env);
  await deploy(fleet, REPLICAS, 'A');
  const load = startLoad({ baseUrl: tg.url, rate: RATE, mix: apiMix });
  await sleep(SETTLE_MS);
  const update = await rollingUpdate(fleet, 'B');
  const midway = load.records.length;
  await sleep(SETTLE_MS);
  const rollback = await rollingUpdate(fleet, 'A');
  const rollbackDoneAt = load.elapsedMs();
  await sleep(SETTLE_MS);
  const records = await load.stop();
  const summary = summarize(records);
  console.log(formatSummary(`rolling update A→B, then rollback B→A (${launcher.kind})`, summary));
  for (const step of [...update.log, ...rollback.log]) console.log(`  step ${step.message}`);

  checks.check('update A→B completed', update.status === 'complete', `${update.ms} ms`);
  checks.check('rollback B→A completed', rollback.status === 'complete', `${rollback.ms} ms`);
  checks.check(`load ≥ 300 req/s`, summary.ratePerS >= 300, `${summary.ratePerS} req/s`);
  checks.check(
    '0 failed requests during update and rollback',
    summary.failed === 0,
    JSON.stringify(summary.failures),
  );
  const versions = versionsOf(records);
  checks.check(
    'every response from A or B',
    [...versions].every((v) => v === 'A' || v === 'B'),
    [...versions].join(','),
  );
  checks.check(
    'B served after the update',
    versionsOf(records.slice(midway - 200, midway)).has('B'),
  );
  const tail = records.filter((r) => r.sentAt > rollbackDoneAt);
  checks.check(
    'only A serves after the rollback',
    [...versionsOf(tail)].join() === 'A',
    `${tail.length} requests sent after it`,
  );
  const exits = fleet.retired.map((r) => r.exit.code);
  checks.check(
    'every retired replica exited 0 after SIGTERM',
    exits.every((c) => c === 0),
    exits.join(','),
  );

  const acked = acknowledgedIds(records);
  const stored = await readableIds(tg.url);
  const lost = acked.filter((id) => !stored.has(id));
  checks.check(
    'no acknowledged message lost',
    acked.length > 0 && lost.length === 0,
    `${acked.length} acknowledged, ${lost.length} missing`,
  );
  await teardown(fleet);
  return summary;
}

/** Scenario 2: the same update with the drain delay off must fail requests (the test can fail). */
async function negativeControl(
  tg: TargetGroup,
  launcher: ReplicaLauncher,
  env: Record<string, string>,
) {
  const fleet = createFleet(tg, launcher, { ...env, SHUTDOWN_DELAY_MS: '0' });
  await deploy(fleet, REPLICAS, 'A');
  const load = startLoad({ baseUrl: tg.url, rate: RATE, mix: apiMix });
  await sleep(SETTLE_MS);
  await rollingUpdate(fleet, 'B');
  await sleep(SETTLE_MS);
  const summary = summarize(await load.stop());
  console.log(formatSummary('negative control: drain delay off (SHUTDOWN_DELAY_MS=0)', summary));
  checks.check(
    'negative control: failed requests without the drain delay',
    summary.failed > 0,
    `${summary.failed} failed`,
  );
  await teardown(fleet);
  return summary;
}

/** Scenario 3: a B that never gets ready stalls the update with A at 100%; rollback removes it. */
async function badRelease(tg: TargetGroup, launcher: ReplicaLauncher, env: Record<string, string>) {
  const fleet: Fleet = createFleet(tg, launcher, env);
  await deploy(fleet, REPLICAS, 'A');
  const load = startLoad({ baseUrl: tg.url, rate: RATE, mix: apiMix });
  await sleep(SETTLE_MS);
  const update = await rollingUpdate(fleet, 'B', {
    env: { FAULT_NEVER_READY: 'true' },
    progressDeadlineMs: 10_000,
  });
  const stalledAt = load.records.length;
  checks.check(
    'bad release: update stalls at the progress deadline',
    update.status === 'stalled',
    `${update.ms} ms`,
  );
  if (update.status === 'stalled') await abandon(fleet, update.pending);
  await sleep(SETTLE_MS);
  const records = await load.stop();
  const summary = summarize(records);
  console.log(formatSummary('bad release B (FAULT_NEVER_READY), stall, rollback', summary));
  checks.check(
    'bad release: 0 failed requests',
    summary.failed === 0,
    JSON.stringify(summary.failures),
  );
  checks.check(
    'bad release: A serves 100% during the stall',
    [...versionsOf(records.slice(0, stalledAt))].join() === 'A',
  );
  checks.check(
    'bad release: A serves 100% after the rollback',
    [...versionsOf(records.slice(stalledAt))].join() === 'A',
  );
  const targets = await tg.targets();
  checks.check(
    `bad release: ${REPLICAS} A targets UP after the rollback`,
    targets.length === REPLICAS && targets.every((t) => t.status === 'UP' && t.name.endsWith('-A')),
    targets.map((t) => `${t.name} ${t.status}`).join(', '),
  );
  await teardown(fleet);
  return summary;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  if (!hasCommand('haproxy'))
    throw new Error('haproxy is missing: run scripts/install-system-deps.sh');
  const launcher = await chooseLauncher();
  const pg = await startPostgres();
  cleanup.add('postgres', () => pg.stop());
  const tg = await startTargetGroup();
  cleanup.add('haproxy', () => tg.stop());
  // All replicas share one PostgreSQL, as pods share the cluster's database.
  const env = { DATABASE_URL: pg.url, LOG_LEVEL: 'warn' };

  const good = await updateAndRollback(tg, launcher, env);
  const negative = await negativeControl(tg, launcher, env);
  const bad = await badRelease(tg, launcher, env);

  console.log(
    `\nrollout numbers (${launcher.kind}, ${REPLICAS} replicas, ${RATE} req/s target):\n` +
      `  update+rollback: ${good.requests} requests, ${good.failed} failed, p50 ${good.p50Ms} ms, p99 ${good.p99Ms} ms, ${good.durationS} s\n` +
      `  negative control: ${negative.requests} requests, ${negative.failed} failed\n` +
      `  bad release: ${bad.requests} requests, ${bad.failed} failed\n` +
      `  total ${Math.round((Date.now() - t0) / 1000)} s`,
  );
}

runProof('test:rollout', checks, cleanup, main);
