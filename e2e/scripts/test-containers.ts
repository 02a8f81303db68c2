// npm run test:containers: builds both images with their own Dockerfiles and runs them hardened, the
// way the manifests run them (image USER, read-only root with a tmpfs /tmp, no capabilities, the
// manifests' memory limit, no init). Prints build times, image sizes and readiness/stop times.
import { readFileSync } from 'node:fs';
import { Checks, Cleanup, runProof } from '../lib/checks';
import { type DockerEngine, startEngine } from '../lib/docker-engine';
import { httpRequest, waitForHttp200 } from '../lib/http';
import { type BuiltImage, buildAppImage } from '../lib/images';
import { manifestMemoryLimit } from '../lib/manifest-limits';
import { startPostgres } from '../lib/postgres';
import { type AppName, freePort } from '../lib/processes';
import { hardenedRunArgs } from '../lib/replicas';

const UID = 10001;
const READY_WITHIN_MS = 5000;
const GRACE_S = 30;
const checks = new Checks();
const cleanup = new Cleanup();

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

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
): Promise<Started> {
  const name = `e2e-containers-${image.app}`;
  const port = await freePort();
  const memory = manifestMemoryLimit(image.app);
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
    ...envArgs,
    image.tag,
  ]);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp200(`${url}/readyz`, READY_WITHIN_MS * 3);
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
    `${image.app}: ready within ${READY_WITHIN_MS / 1000} s`,
    readyMs <= READY_WITHIN_MS,
    `${readyMs} ms, memory limit ${memory}`,
  );
  return { image, name, url, readyMs };
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
  const hostPid = Number(
    (await engine.docker(['inspect', '-f', '{{.State.Pid}}', started.name])).stdout.trim(),
  );
  const proc = pid1(hostPid);
  checks.check(`${app}: runs as UID ${UID}`, proc.uid === UID, `uid ${proc.uid}`);
  checks.check(
    `${app}: Node is PID 1 (no init wrapper)`,
    /^(\S*\/)?node\b/.test(proc.cmdline),
    proc.cmdline,
  );
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
      checks.check(
        `${app}: image builds`,
        true,
        `${(image.buildMs / 1000).toFixed(1)} s, ${mib(image.sizeBytes)}`,
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
  const frontend = await startHardened(engine, frontendImage, { API_URL: api.url });

  for (const started of [api, frontend]) await checkIdentity(engine, started);
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
    'frontend: /api proxied to the api container',
    proxied.status === 200 && proxied.body.includes('written from a read-only container'),
    `HTTP ${proxied.status}`,
  );
  for (const started of [api, frontend]) await checkNoWrites(engine, started);

  const numbers: string[] = [];
  for (const started of [frontend, api]) {
    const stopMs = await stopAndCheck(engine, started);
    const { image } = started;
    numbers.push(
      `  ${image.app}: ${mib(image.sizeBytes)}, built in ${(image.buildMs / 1000).toFixed(1)} s, ` +
        `ready in ${started.readyMs} ms, docker stop → exit in ${(stopMs / 1000).toFixed(1)} s`,
    );
  }
  console.log(
    `\ncontainer numbers (base image: ${apiImage.nodeImage ?? 'the Dockerfile default'}):\n` +
      `${numbers.join('\n')}\n  total ${Math.round((Date.now() - t0) / 1000)} s`,
  );
}

runProof('test:containers', checks, cleanup, main);
