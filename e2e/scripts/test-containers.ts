// npm run test:containers: builds both images with their own Dockerfiles and runs each hardened,
// the way the manifests run them. Prints build times and image sizes.
import { readFileSync } from 'node:fs';
import { Checks, Cleanup } from '../lib/checks';
import { type DockerEngine, startEngine } from '../lib/docker-engine';
import { httpRequest, waitForHttp200 } from '../lib/http';
import { type BuiltImage, buildAppImage } from '../lib/images';
import { type AppName, freePort } from '../lib/processes';
import { hardenedRunArgs } from '../lib/replicas';

const UID = 10001;
const READY_WITHIN_MS = 5000;
const GRACE_S = 30;
const checks = new Checks();
const cleanup = new Cleanup();

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

/** Host-side view of the container's PID 1 (no user namespaces: host UIDs are container UIDs). */
function pid1(hostPid: number): { uid: number; cmdline: string } {
  const status = readFileSync(`/proc/${hostPid}/status`, 'utf8');
  const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
  const cmdline = readFileSync(`/proc/${hostPid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  return { uid, cmdline };
}

/** Requests that make the service do its real work, including writes where it has any. */
async function exercise(app: AppName, url: string): Promise<void> {
  if (app === 'api') {
    const post = await httpRequest(`${url}/api/messages`, {
      method: 'POST',
      body: JSON.stringify({ author: 'containers', text: 'written inside a read-only container' }),
    });
    checks.check(
      'api: POST /api/messages stores a message under DATA_DIR',
      post.status === 201,
      `HTTP ${post.status}`,
    );
    const info = await httpRequest(`${url}/api/info`);
    checks.check('api: GET /api/info', info.status === 200, info.body.slice(0, 120));
  } else {
    const page = await httpRequest(`${url}/`);
    checks.check('frontend: GET / serves the page', page.status === 200, `HTTP ${page.status}`);
  }
}

async function runHardened(engine: DockerEngine, image: BuiltImage, env: Record<string, string>) {
  const { app } = image;
  const name = `e2e-containers-${app}`;
  const port = await freePort();
  await engine.docker(['rm', '-f', name], { allowFailure: true });
  cleanup.add(`container ${name}`, async () => {
    await engine.docker(['rm', '-f', name], { allowFailure: true });
  });
  const envArgs = Object.entries({ ...env, PORT: String(port) }).flatMap(([k, v]) => [
    '-e',
    `${k}=${v}`,
  ]);
  // The image's own USER is what runs (no --user): it must be numeric 10001. No --init: Node is PID 1.
  const t0 = Date.now();
  await engine.docker([
    'run',
    '-d',
    '--name',
    name,
    '--network',
    'host',
    ...hardenedRunArgs(),
    ...envArgs,
    image.tag,
  ]);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp200(`${url}/readyz`, READY_WITHIN_MS * 3);
  } catch (err) {
    const logs = await engine.docker(['logs', name], { allowFailure: true });
    throw new Error(
      `${app} never became ready: ${(err as Error).message}\n${logs.stdout}${logs.stderr}`,
    );
  }
  const readyMs = Date.now() - t0;
  checks.check(
    `${app}: ready within ${READY_WITHIN_MS / 1000} s`,
    readyMs <= READY_WITHIN_MS,
    `${readyMs} ms`,
  );

  const configuredUser = (
    await engine.docker(['image', 'inspect', '-f', '{{.Config.User}}', image.tag])
  ).stdout.trim();
  checks.check(
    `${app}: image USER is numeric ${UID}`,
    configuredUser.split(':')[0] === String(UID),
    `USER ${configuredUser}`,
  );
  const hostPid = Number(
    (await engine.docker(['inspect', '-f', '{{.State.Pid}}', name])).stdout.trim(),
  );
  const proc = pid1(hostPid);
  checks.check(`${app}: runs as UID ${UID}`, proc.uid === UID, `uid ${proc.uid}`);
  checks.check(
    `${app}: Node is PID 1 (no init wrapper)`,
    /^(\S*\/)?node\b/.test(proc.cmdline),
    proc.cmdline,
  );

  await exercise(app, url);
  const diff = (await engine.docker(['diff', name])).stdout.trim();
  checks.check(
    `${app}: writes nothing outside /tmp and its data dir`,
    diff === '',
    diff || 'docker diff empty',
  );

  const stopped = Date.now();
  await engine.docker(['stop', '-t', String(GRACE_S), name]);
  const stopMs = Date.now() - stopped;
  const state = JSON.parse(
    (await engine.docker(['inspect', '-f', '{{json .State}}', name])).stdout,
  ) as {
    ExitCode: number;
    OOMKilled: boolean;
  };
  checks.check(
    `${app}: docker stop → exit 0 well before the ${GRACE_S} s grace period`,
    state.ExitCode === 0 && !state.OOMKilled && stopMs < (GRACE_S * 1000) / 2,
    `exit ${state.ExitCode} after ${(stopMs / 1000).toFixed(1)} s`,
  );
  const logs = await engine.docker(['logs', name], { allowFailure: true });
  await engine.docker(['rm', '-f', name]);
  return { readyMs, stopMs, logs: logs.stdout + logs.stderr };
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const engine = await startEngine();
  cleanup.add('docker engine', () => engine.stop());

  const images: BuiltImage[] = [];
  for (const app of ['api', 'frontend'] as const) {
    try {
      const image = await buildAppImage(engine, app);
      images.push(image);
      checks.check(
        `${app}: image builds`,
        true,
        `${(image.buildMs / 1000).toFixed(1)} s, ${mib(image.sizeBytes)}`,
      );
    } catch (err) {
      checks.check(`${app}: image builds`, false, (err as Error).message.slice(-3000));
    }
  }

  const numbers: string[] = [];
  for (const image of images) {
    // The api stores into PGlite under its image default DATA_DIR (/tmp/data); the frontend needs no api
    // to be ready.
    const result = await runHardened(engine, image, { LOG_LEVEL: 'info' });
    numbers.push(
      `  ${image.app}: ${image.tag} ${mib(image.sizeBytes)}, built in ${(image.buildMs / 1000).toFixed(1)} s, ` +
        `ready in ${result.readyMs} ms, docker stop in ${(result.stopMs / 1000).toFixed(1)} s` +
        ` (base ${image.nodeImage ?? 'Dockerfile default'})`,
    );
  }
  console.log(
    `\ncontainer numbers:\n${numbers.join('\n')}\n  total ${Math.round((Date.now() - t0) / 1000)} s`,
  );
  console.log(checks.report('test:containers'));
}

main()
  .catch((err: Error) => {
    checks.check('test:containers ran to the end', false, err.stack ?? err.message);
  })
  .finally(async () => {
    await cleanup.runAll();
    process.exit(checks.failed > 0 ? 1 : 0);
  });
