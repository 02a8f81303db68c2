import { once } from 'node:events';
import type { Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createLifecycle } from '../src/lifecycle';
import { DEFAULT_KEEP_ALIVE_TIMEOUT_MS, REQUEST_TIMEOUT_MS, startServer } from '../src/server';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

const servers: Server[] = [];
let signalListeners: Record<'SIGTERM' | 'SIGINT', NodeJS.SignalsListener[]>;

beforeEach(() => {
  signalListeners = {
    SIGTERM: process.listeners('SIGTERM'),
    SIGINT: process.listeners('SIGINT'),
  };
});

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    if (server.listening) await new Promise((resolve) => server.close(resolve));
  }
  // startServer installs the process's signal handlers: take this test's ones off again.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    for (const listener of process.listeners(signal)) {
      if (!signalListeners[signal].includes(listener)) process.off(signal, listener);
    }
  }
});

function start(keepAliveTimeoutMs: number, port = 0) {
  const { logger, lines } = capturingLogger();
  const exitCodes: number[] = [];
  const lifecycle = createLifecycle({ logger, shutdownDelayMs: 0, shutdownTimeoutMs: 1000 });
  const server = startServer({
    app: (_req, res) => {
      res.end('ok');
    },
    port,
    keepAliveTimeoutMs,
    logger,
    lifecycle,
    readyMessage: 'test ready',
    readyFields: { extra: 'field' },
    exit: (code) => exitCodes.push(code),
  });
  servers.push(server);
  return { server, lifecycle, lines, exitCodes };
}

/**
 * A raw keep-alive connection, as an ALB holds one to its target: it ignores the server's
 * Keep-Alive hint, so only the server can close it.
 */
async function openConnection(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    received += chunk;
  });
  const closedByServer = once(socket, 'end').then(() => Date.now());
  return {
    closedByServer,
    isOpen: () => !socket.readableEnded,
    /** Sends GET / and resolves with the status line once the whole response is in. */
    async get(): Promise<string> {
      received = '';
      socket.write('GET / HTTP/1.1\r\nHost: test\r\n\r\n');
      for (;;) {
        const headEnd = received.indexOf('\r\n\r\n');
        const length = Number(/content-length: (\d+)/i.exec(received)?.[1]);
        if (headEnd >= 0 && received.length >= headEnd + 4 + length) {
          return received.slice(0, received.indexOf('\r\n'));
        }
        if (socket.readableEnded) throw new Error('closed by the server');
        await once(socket, 'data');
      }
    },
    destroy: () => socket.destroy(),
  };
}

describe('startServer', () => {
  it('defaults to a keep-alive timeout above the ALB idle timeout (60 s)', () => {
    expect(DEFAULT_KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThan(60_000);
  });

  it('sets keep-alive, headers and request timeouts, and says ready once listening', async () => {
    const { server, lifecycle, lines } = start(65_000);
    expect(lifecycle.isReady()).toBe(false);
    await once(server, 'listening');
    expect(server.keepAliveTimeout).toBe(65_000);
    expect(server.headersTimeout).toBe(66_000);
    expect(server.requestTimeout).toBe(REQUEST_TIMEOUT_MS);
    expect(lifecycle.isReady()).toBe(true);
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'test ready',
        keepAliveTimeoutMs: 65_000,
        extra: 'field',
        port: 0,
      }),
    );
  });

  it('keeps the request timeout at or above the headers timeout, as Node requires', async () => {
    const { server } = start(300_000);
    await once(server, 'listening');
    expect(server.headersTimeout).toBe(301_000);
    expect(server.requestTimeout).toBe(301_000);
  });

  it('installs the SIGTERM and SIGINT handlers', () => {
    start(65_000);
    expect(process.listenerCount('SIGTERM')).toBe(signalListeners.SIGTERM.length + 1);
    expect(process.listenerCount('SIGINT')).toBe(signalListeners.SIGINT.length + 1);
  });

  it('keeps an idle keep-alive connection open for its timeout, then closes it', async () => {
    const { server } = start(1500);
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    const connection = await openConnection(port);
    try {
      expect(await connection.get()).toBe('HTTP/1.1 200 OK');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(connection.isOpen()).toBe(true);
      expect(await connection.get()).toBe('HTTP/1.1 200 OK');
      // Negative control on the same connection: past the timeout the server does close it.
      const idleSince = Date.now();
      expect((await connection.closedByServer) - idleSince).toBeGreaterThanOrEqual(1400);
    } finally {
      connection.destroy();
    }
  });

  it('logs a server error (a port in use) and exits 1', async () => {
    const first = start(65_000);
    await once(first.server, 'listening');
    const port = (first.server.address() as AddressInfo).port;
    const second = start(65_000, port);
    await once(second.server, 'error');
    expect(second.exitCodes).toEqual([1]);
    expect(second.lines).toContainEqual(
      expect.objectContaining({ msg: 'server error', level: 60 }),
    );
    expect(second.lifecycle.isReady()).toBe(false);
  });
});
