// npm run test:containers: builds both images with their own Dockerfiles and runs them hardened, the
// way the manifests run them (image USER, read-only root with a tmpfs /tmp, no capabilities, the
// manifests' memory limit, no init). Prints build times, image sizes, readiness/stop times and the
// resident memory of each service idle and under load, for both storage engines of the api.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startPostgres, waitForHttp200 } from '@gitops-lab/test-support';
import { Checks, Cleanup, runProof } from '../lib/checks';
import { type DockerEngine, startEngine } from '../lib/docker-engine';
import { apiMix } from '../lib/guestbook';
import { httpRequest, sleep } from '../lib/http';
import { type BuiltImage, buildAppImage } from '../lib/images';
import { startLoad } from '../lib/load';
import { manifestMemory, manifestMemoryLimit } from '../lib/manifest-limits';
import type { AppName } from '../lib/processes';
import { hardenedRunArgs } from '../lib/replicas';
import { residentMemory } from '../lib/resident-memory';

const UID = 10001;
const READY_WITHIN_MS = 5000;
const GRACE_S = 30;
/** The budget for each image, uncompressed (Docker's image Size), in bytes. */
const IMAGE_BUDGET_BYTES = 150e6;
/** The load of the memory measurement: the rollout proofs' api mix, through the frontend. */
const LOAD_RATE = 150;
const LOAD_MS = 20_000;
/** A limit must leave this much room over the peak measured under load (garbage-collector swings). */
const LIMIT_HEADROOM = 1.5;
/** The memory limit of the api container on PGlite (`docker run --memory`). */
const PGLITE_MEMORY = '1536m';
/** PGlite's first start runs initdb before the api is ready (8.7 s measured on 2 cores). */
const PGLITE_READY_WITHIN_MS = 20_000;
const checks = new Checks();
const cleanup = new Cleanup();

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

interface Started {
  image: BuiltImage;
  name: string;
  url: string;
  readyMs: number;
}

/** Host-side view of the container's PID 1 (no user namespaces: host UIDs are container UIDs). */
function pid1(hostPid: number): { uid: number; cmdline: string } {
  const status = readFileSync(`/proc/${hostPid}/status`, 'utf8');
  const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
  const cmdline = readFileSync(`/proc/${hostPid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  return { uid, cmdline };
}

async function startHardened(
  engine: DockerEngine,
  image: BuiltImage,
  env: Record<string, string>,
  {
    name = `e2e-containers-${image.app}`,
    memory = manifestMemoryLimit(image.app),
    readyWithinMs = READY_WITHIN_MS,
    extra = [] as string[],
  } = {},
): Promise<Started> {
  const port = await freePort();
  await engine.docker(['rm', '-f', name], { allowFailure: true });
  cleanup.add(`container ${name}`, async () => {
    await engine.docker(['rm', '-f', name], { allowFailure: true });
  });
  const envArgs = Object.entries({ ...env, PORT: String(port) }).flatMap(([k, v]) => [
    '-e',
    `${k}=${v}`,
  ]);
  const t0 = Date.now();
  // No --user: the image's own USER must be numeric 10001. No --init: Node is PID 1.
  await engine.docker([
    'run',
    '-d',
    '--name',
    name,
    '--network',
    'host',
    ...hardenedRunArgs(memory),
    ...extra,
    ...envArgs,
    image.tag,
  ]);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp200(`${url}/readyz`, readyWithinMs * 3);
  } catch (err) {
    const logs = await engine.docker(['logs', name], { allowFailure: true });
    const state = await engine.docker(['inspect', '-f', '{{json .State}}', name], {
      allowFailure: true,
    });
    throw new Error(
      `${image.app} never became ready: ${(err as Error).message}\n${state.stdout}${logs.stdout}${logs.stderr}`,
    );
  }
  const readyMs = Date.now() - t0;
  checks.check(
    `${name.replace('e2e-containers-', '')}: ready within ${readyWithinMs / 1000} s`,
    readyMs <= readyWithinMs,
    `${readyMs} ms, memory limit ${memory}`,
  );
  return { image, name, url, readyMs };
}

async function hostPid(engine: DockerEngine, started: Started): Promise<number> {
  return Number(
    (await engine.docker(['inspect', '-f', '{{.State.Pid}}', started.name])).stdout.trim(),
  );
}

interface MemoryRow {
  what: string;
  idleMiB: number;
  peakMiB: number;
}

/**
 * Resident memory of `subjects` idle (after start-up settled) and at their peak after LOAD_MS of
 * the api mix at LOAD_RATE sent to `baseUrl`. Every request of the load must succeed.
 */
async function measureMemory(
  engine: DockerEngine,
  label: string,
  subjects: { what: string; started: Started }[],
  baseUrl: string,
): Promise<MemoryRow[]> {
  await sleep(3000);
  const pids = await Promise.all(subjects.map((s) => hostPid(engine, s.started)));
  const idle = pids.map((pid) => residentMemory(pid).rssMiB);
  const load = startLoad({ baseUrl, rate: LOAD_RATE, mix: apiMix });
  await sleep(LOAD_MS);
  const records = await load.stop();
  const failed = records.filter((r) => r.failed);
  checks.check(
    `${label}: every request of the memory load succeeded`,
    records.length > 0 && failed.length === 0,
    `${records.length} requests at ${LOAD_RATE}/s, ${failed.length} failed`,
  );
  return subjects.map((s, i) => ({
    what: s.what,
    idleMiB: idle[i] as number,
    peakMiB: residentMemory(pids[i] as number).peakMiB,
  }));
}

/**
 * The manifests' memory budget of `app`, from the numbers measured here: on EKS (dev, prod) the
 * request reserves the peak under load; on kind (local) it reserves the idle figure, so the whole
 * demo fits one laptop node. Every limit leaves LIMIT_HEADROOM over the peak.
 */
function checkBudget(app: AppName, row: MemoryRow): void {
  for (const env of ['dev', 'prod', 'local'] as const) {
    const budget = manifestMemory(app, env);
    const [reserve, what] =
      env === 'local' ? [row.idleMiB, 'idle'] : [row.peakMiB, 'peak under load'];
    checks.check(
      `${row.what}: ${env} memory request ${budget.requestMi}Mi ≥ its ${what}`,
      budget.requestMi >= reserve,
      `${what} ${reserve.toFixed(0)} MiB`,
    );
    checks.check(
      `${row.what}: ${env} memory limit ${budget.limitMi}Mi ≥ ${LIMIT_HEADROOM}× its peak under load`,
      budget.limitMi >= LIMIT_HEADROOM * row.peakMiB,
      `peak ${row.peakMiB.toFixed(0)} MiB`,
    );
  }
}

async function checkIdentity(engine: DockerEngine, started: Started): Promise<void> {
  const { app, tag } = started.image;
  const user = (
    await engine.docker(['image', 'inspect', '-f', '{{.Config.User}}', tag])
  ).stdout.trim();
  checks.check(
    `${app}: image USER is numeric ${UID}`,
    user.split(':')[0] === String(UID),
    `USER ${user}`,
  );
  const proc = pid1(await hostPid(engine, started));
  checks.check(`${app}: runs as UID ${UID}`, proc.uid === UID, `uid ${proc.uid}`);
  checks.check(
    `${app}: Node is PID 1 (no init wrapper)`,
    /^(\S*\/)?node\b/.test(proc.cmdline),
    proc.cmdline,
  );
}

/**
 * A FROM scratch image has no package database: it must carry os-release and a dpkg status file
 * per Debian package it copied (node's libraries), or image scanners see nothing to check.
 */
async function checkScannable(engine: DockerEngine, started: Started): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'status.d-'));
  try {
    await engine.docker(['cp', `${started.name}:/var/lib/dpkg/status.d`, dir]);
    await engine.docker(['cp', `${started.name}:/etc/os-release`, dir]);
    const packages = readdirSync(path.join(dir, 'status.d')).sort();
    const osName = /^PRETTY_NAME="?([^"\n]*)/m.exec(
      readFileSync(path.join(dir, 'os-release'), 'utf8'),
    );
    checks.check(
      `${started.image.app}: scanners can tell its Debian release and node's library packages`,
      Boolean(osName) && ['libc6', 'libgcc-s1', 'libstdc++6'].every((p) => packages.includes(p)),
      `${osName?.[1] ?? 'no os-release'}; status.d: ${packages.join(', ') || 'empty'}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function checkNoWrites(engine: DockerEngine, started: Started): Promise<void> {
  // With a read-only root every write outside the tmpfs fails; `docker diff` also lists anything else
  // the container layer gained.
  const diff = (await engine.docker(['diff', started.name])).stdout.trim();
  checks.check(
    `${started.image.app}: writes nothing outside /tmp and its data dir`,
    diff === '',
    diff || 'docker diff empty',
  );
}

async function stopAndCheck(engine: DockerEngine, started: Started): Promise<number> {
  const t0 = Date.now();
  await engine.docker(['stop', '-t', String(GRACE_S), started.name]);
  const stopMs = Date.now() - t0;
  const state = JSON.parse(
    (await engine.docker(['inspect', '-f', '{{json .State}}', started.name])).stdout,
  ) as {
    ExitCode: number;
    OOMKilled: boolean;
  };
  checks.check(
    `${started.image.app}: docker stop → exit 0 well before the ${GRACE_S} s grace period`,
    state.ExitCode === 0 && !state.OOMKilled && stopMs < (GRACE_S * 1000) / 2,
    `exit ${state.ExitCode} after ${(stopMs / 1000).toFixed(1)} s`,
  );
  await engine.docker(['rm', '-f', started.name]);
  return stopMs;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const engine = await startEngine();
  cleanup.add('docker engine', () => engine.stop());

  const images = new Map<AppName, BuiltImage>();
  for (const app of ['api', 'frontend'] as const) {
    try {
      const image = await buildAppImage(engine, app);
      images.set(app, image);
      checks.check(`${app}: image builds`, true, `${(image.buildMs / 1000).toFixed(1)} s`);
      checks.check(
        `${app}: image under ${mb(IMAGE_BUDGET_BYTES)} uncompressed`,
        image.sizeBytes < IMAGE_BUDGET_BYTES,
        `${mb(image.sizeBytes)} (${mib(image.sizeBytes)})`,
      );
    } catch (err) {
      checks.check(`${app}: image builds`, false, (err as Error).message.slice(-3000));
    }
  }
  const apiImage = images.get('api');
  const frontendImage = images.get('frontend');
  if (!apiImage || !frontendImage) return;

  // As in the cluster: the api talks to PostgreSQL through the libpq variables, the frontend proxies
  // /api to the api.
  const pg = await startPostgres();
  cleanup.add('postgres', () => pg.stop());
  const api = await startHardened(engine, apiImage, {
    PGHOST: '127.0.0.1',
    PGPORT: String(pg.port),
    PGUSER: 'postgres',
    PGPASSWORD: 'unused-trust-auth',
    PGDATABASE: 'postgres',
  });
  // By name, as the cluster's `http://api`: the image has no shell or package manager, but its
  // C library must still resolve names (here through /etc/hosts; in a pod also through DNS).
  const apiByName = api.url.replace('127.0.0.1', 'api.e2e.internal');
  const frontend = await startHardened(
    engine,
    frontendImage,
    { API_URL: apiByName },
    { extra: ['--add-host', 'api.e2e.internal:127.0.0.1'] },
  );

  for (const started of [api, frontend]) {
    await checkIdentity(engine, started);
    await checkScannable(engine, started);
  }
  const post = await httpRequest(`${api.url}/api/messages`, {
    method: 'POST',
    body: JSON.stringify({ author: 'containers', text: 'written from a read-only container' }),
  });
  checks.check(
    'api: POST /api/messages stores a message',
    post.status === 201,
    `HTTP ${post.status}`,
  );
  const page = await httpRequest(`${frontend.url}/`);
  checks.check(
    'frontend: GET / serves the page with a Content-Security-Policy',
    page.status === 200 && Boolean(page.headers['content-security-policy']),
    `HTTP ${page.status}`,
  );
  const proxied = await httpRequest(`${frontend.url}/api/messages`);
  checks.check(
    'frontend: /api proxied to the api container, found by name',
    proxied.status === 200 && proxied.body.includes('written from a read-only container'),
    `HTTP ${proxied.status}`,
  );
  // Week 3 runs `kubectl exec deploy/frontend -- node -e 'fetch("http://api/...")'`: with no shell
  // in the image, node itself must run under exec and resolve the api's name.
  const execd = await engine.docker(
    [
      'exec',
      frontend.name,
      'node',
      '-e',
      `fetch("${apiByName}/api/info").then((r) => r.json()).then((i) => console.log(i.service))`,
    ],
    { allowFailure: true },
  );
  checks.check(
    'frontend: `exec … node -e fetch(api by name)` works in the shell-less image',
    execd.code === 0 && execd.stdout.trim() === 'api',
    `exit ${execd.code}: ${(execd.stdout + execd.stderr).trim().slice(0, 200)}`,
  );
  for (const started of [api, frontend]) await checkNoWrites(engine, started);

  // Memory as the cluster runs them (PostgreSQL), then the api alone on PGlite (npm start, docker
  // run without a database; the manifests never run it). PGlite's first start runs initdb in
  // WebAssembly and peaks near 1.1 GiB (OOM-killed under 1 GiB), so that container gets
  // PGLITE_MEMORY, the limit week 1 of the course gives it, instead of the api's.
  const withPostgres = await measureMemory(
    engine,
    'frontend + api on PostgreSQL',
    [
      { what: 'api (PostgreSQL)', started: api },
      { what: 'frontend', started: frontend },
    ],
    frontend.url,
  );
  const pglite = await startHardened(
    engine,
    apiImage,
    {},
    {
      name: 'e2e-containers-api-pglite',
      memory: PGLITE_MEMORY,
      readyWithinMs: PGLITE_READY_WITHIN_MS,
    },
  );
  const withPglite = await measureMemory(
    engine,
    'api on PGlite',
    [{ what: 'api (PGlite)', started: pglite }],
    pglite.url,
  );
  const [apiPg, frontendRow] = withPostgres as [MemoryRow, MemoryRow];
  checkBudget('api', apiPg);
  checkBudget('frontend', frontendRow);

  const numbers: string[] = [];
  for (const started of [frontend, api, pglite]) {
    const stopMs = await stopAndCheck(engine, started);
    const { image } = started;
    if (started === pglite) continue;
    numbers.push(
      `  ${image.app}: ${mb(image.sizeBytes)}, built in ${(image.buildMs / 1000).toFixed(1)} s, ` +
        `ready in ${started.readyMs} ms, docker stop → exit in ${(stopMs / 1000).toFixed(1)} s`,
    );
  }
  const memory = [...withPostgres, ...withPglite].map(
    (row) =>
      `  ${row.what.padEnd(18)} idle ${row.idleMiB.toFixed(0).padStart(4)} MiB   peak under load ${row.peakMiB.toFixed(0).padStart(4)} MiB`,
  );
  console.log(
    `\ncontainer numbers (base image: ${apiImage.nodeImage ?? 'the Dockerfile default'}):\n` +
      `${numbers.join('\n')}\n` +
      `resident memory (VmRSS / VmHWM of PID 1; load: ${LOAD_RATE} req/s of the api mix for ${LOAD_MS / 1000} s):\n` +
      `${memory.join('\n')}\n  total ${Math.round((Date.now() - t0) / 1000)} s`,
  );
}

runProof('test:containers', checks, cleanup, main);
