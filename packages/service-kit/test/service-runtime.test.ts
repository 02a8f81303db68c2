import { once } from 'node:events';
import type { Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseConfig } from '../src/config';
import { createServiceApp } from '../src/service-app';
import { serviceEnvSchema } from '../src/service-config';
import { createServiceRuntime } from '../src/service-runtime';

async function freePort(): Promise<number> {
  const probe = net.createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

let server: Server | undefined;
const signalListeners = {
  SIGTERM: process.listeners('SIGTERM'),
  SIGINT: process.listeners('SIGINT'),
};
afterEach(async () => {
  server?.closeAllConnections();
  if (server?.listening) await new Promise((resolve) => server?.close(resolve));
  // serve() installs the process's signal handlers: take this test's ones off again.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    for (const listener of process.listeners(signal)) {
      if (!signalListeners[signal].includes(listener)) process.off(signal, listener);
    }
  }
});

test('a runtime from the env serves on PORT with its identity and keep-alive timeout', async () => {
  const port = await freePort();
  const parsed = parseConfig(serviceEnvSchema({}), {
    PORT: String(port),
    APP_VERSION: '2.0.0-b',
    POD_NAME: 'pod-1',
    LOG_LEVEL: 'silent',
    KEEP_ALIVE_TIMEOUT_MS: '7000',
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const runtime = createServiceRuntime({
    service: 'demo',
    packageJsonPath: join(__dirname, '..', 'package.json'),
    config: parsed.config,
  });
  const app = createServiceApp(runtime, (routes) => {
    routes.get('/hello', (_req, res) => {
      res.json({ service: runtime.identity.service });
    });
  });
  server = runtime.serve(app, 'demo ready');
  await once(server, 'listening');

  const res = await fetch(`http://127.0.0.1:${port}/hello`);
  expect(await res.json()).toEqual({ service: 'demo' });
  expect(res.headers.get('x-app-version')).toBe('2.0.0-b');
  expect(res.headers.get('x-pod-name')).toBe('pod-1');
  expect(res.headers.get('keep-alive')).toBe('timeout=7');
  expect(runtime.lifecycle.isReady()).toBe(true);
});
