// `npm start` is the README's first command: prove its launcher really starts both services,
// wires the frontend to the api, prints the URLs, stops gracefully on Ctrl-C (SIGINT) and fails
// loudly when a service cannot start. The build is skipped: turbo builds the apps before this test.
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { freePort } from '@gitops-lab/test-support';
import { repoRoot } from '../../lib/repo';

jest.setTimeout(60_000);

interface Demo {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startDemo(apiPort: number, frontendPort: number): Demo {
  let output = '';
  const child = spawn(process.execPath, [path.join(repoRoot(), 'scripts/start-demo.mjs')], {
    cwd: repoRoot(),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DEMO_SKIP_BUILD: '1',
      DEMO_API_PORT: String(apiPort),
      DEMO_FRONTEND_PORT: String(frontendPort),
      LOG_FORMAT: 'json',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(predicate: () => boolean, what: string, output: () => string) {
  const deadline = Date.now() + 45_000;
  while (!predicate()) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; output:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('npm start (scripts/start-demo.mjs)', () => {
  it('serves the scoreboard and the api, proxies /api, unlocks faults with the printed key, and stops gracefully on SIGINT', async () => {
    const [apiPort, frontendPort] = [await freePort(), await freePort()];
    const demo = startDemo(apiPort, frontendPort);
    try {
      await waitFor(() => demo.output().includes('Press Ctrl-C to stop.'), 'the URLs', demo.output);
      expect(demo.output()).toContain(`http://localhost:${frontendPort}/`);
      expect(demo.output()).toContain(`http://localhost:${apiPort}/api/info`);

      const page = await fetch(`http://localhost:${frontendPort}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);

      const viaFrontend = await fetch(`http://localhost:${frontendPort}/api/info`);
      expect(viaFrontend.status).toBe(200);
      const info = (await viaFrontend.json()) as { service: string; faultInjection: boolean };
      expect(info.service).toBe('api');
      expect(info.faultInjection).toBe(true);

      // The fault controls are on, behind the key printed for this run.
      const key = /instructor key {2}(\S+)/.exec(demo.output())?.[1];
      expect(key).toMatch(/^[A-Za-z0-9_-]{24}$/);
      const fault = `http://localhost:${frontendPort}/api/fault/status/204`;
      expect((await fetch(fault)).status).toBe(401);
      expect((await fetch(fault, { headers: { 'X-Instructor-Key': `${key}x` } })).status).toBe(401);
      expect((await fetch(fault, { headers: { 'X-Instructor-Key': key ?? '' } })).status).toBe(204);
    } finally {
      demo.child.kill('SIGINT');
    }
    expect(await demo.exited).toBe(0);
    expect(demo.output()).toContain('[start-demo] stopped');
    expect(demo.output()).not.toContain('with errors');
  });

  it('exits non-zero and says why when the api cannot start', async () => {
    // Hold the api's port so its listen() fails.
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const apiPort = typeof address === 'object' && address ? address.port : 0;
    const demo = startDemo(apiPort, await freePort());
    try {
      expect(await demo.exited).toBe(1);
      expect(demo.output()).toMatch(/api exited unexpectedly/);
    } finally {
      demo.child.kill('SIGKILL');
      blocker.close();
    }
  });
});
