#!/usr/bin/env node
// `npm start`: builds the api and the frontend, runs them on the embedded database, prints the
// URLs. Ctrl-C shuts both down gracefully (a second Ctrl-C stops them at once).
//
// The fault endpoints are on, behind an instructor key made up for this run and printed with the
// URLs (the scoreboard asks for it before it shows the fault controls).
//
// Environment: DEMO_API_PORT (3001), DEMO_FRONTEND_PORT (3000), DEMO_SKIP_BUILD=1 to reuse the
// last build; anything else (FAULT_*, INSTRUCTOR_KEY, LOG_LEVEL, APP_COLOR...) is passed on to the
// services.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const apiPort = Number(process.env.DEMO_API_PORT ?? 3001);
const frontendPort = Number(process.env.DEMO_FRONTEND_PORT ?? 3000);
const apiMain = join(root, 'apps/api/dist/main.js');
const frontendMain = join(root, 'apps/frontend/dist/main.js');
const READY_TIMEOUT_MS = 90_000;
const instructorKey = process.env.INSTRUCTOR_KEY || randomBytes(18).toString('base64url');

const say = (message) => console.log(`[start-demo] ${message}`);

function build() {
  const filters = ['--filter=@gitops-lab/api'];
  if (existsSync(join(root, 'apps/frontend/package.json')))
    filters.push('--filter=@gitops-lab/frontend');
  say(`building: turbo run build ${filters.join(' ')}`);
  execFileSync(
    'npx',
    ['--no-install', 'turbo', 'run', 'build', ...filters, '--output-logs=errors-only'],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
}

const services = [];
let stopping = false;

function start(name, main, port, env) {
  // Own process group: a terminal Ctrl-C reaches only this script, which forwards exactly one
  // SIGINT per Ctrl-C (two would make the services skip their graceful shutdown).
  const child = spawn(process.execPath, [main], {
    cwd: dirname(dirname(main)),
    env: {
      SHUTDOWN_DELAY_MS: '0', // nothing to deregister from locally
      LOG_FORMAT: 'pretty',
      ...process.env,
      ...env,
      PORT: String(port),
    },
    stdio: 'inherit',
    detached: true,
  });
  const service = { name, port, child, exitCode: undefined };
  child.on('exit', (code, signal) => {
    service.exitCode = code ?? 1;
    if (!stopping) {
      say(`${name} exited unexpectedly (${signal ?? `code ${code}`}): stopping the demo`);
      process.exitCode = 1;
      stopAll('SIGTERM');
    }
    if (services.every((s) => s.exitCode !== undefined)) {
      if (services.some((s) => s.exitCode !== 0)) process.exitCode = 1;
      say(`stopped${process.exitCode ? ' with errors' : ''}`);
      // Nothing left to wait for, even if a readiness poll is still pending.
      process.exit();
    }
  });
  services.push(service);
  return service;
}

function stopAll(signal) {
  stopping = true;
  for (const { child, exitCode } of services) {
    if (exitCode === undefined) child.kill(signal);
  }
}

async function waitReady(service) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && service.exitCode === undefined) {
    try {
      const res = await fetch(`http://localhost:${service.port}/readyz`, {
        signal: AbortSignal.timeout(2000),
      });
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    say(stopping ? 'stopping now' : 'shutting down gracefully (Ctrl-C again to stop at once)');
    stopAll(signal);
  });
}

if (process.env.DEMO_SKIP_BUILD !== '1') build();

const api = start('api', apiMain, apiPort, {
  FAULT_INJECTION: process.env.FAULT_INJECTION ?? 'on',
  INSTRUCTOR_KEY: instructorKey,
  DATA_DIR: join(root, '.data/api'),
});
const frontend = existsSync(frontendMain)
  ? start('frontend', frontendMain, frontendPort, { API_URL: `http://localhost:${apiPort}` })
  : undefined;

const ready = await Promise.all(services.map(waitReady));
if (ready.every(Boolean)) {
  console.log('');
  say('GitOps Lab demo is running:');
  if (frontend) say(`  frontend     http://localhost:${frontendPort}/`);
  say(`  api info     http://localhost:${api.port}/api/info`);
  say(`  guestbook    http://localhost:${api.port}/api/messages`);
  say(`  api metrics  http://localhost:${api.port}/metrics`);
  say(`  instructor key  ${instructorKey}  (unlocks the fault controls, new every run)`);
  say('Press Ctrl-C to stop.');
  console.log('');
} else if (!stopping) {
  say(`not ready within ${READY_TIMEOUT_MS / 1000} s: stopping`);
  process.exitCode = 1;
  stopAll('SIGTERM');
}
