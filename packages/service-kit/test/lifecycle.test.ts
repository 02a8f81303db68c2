import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createLifecycle } from '../src/lifecycle';

const logger = pino({ level: 'silent' });

function get(port: number, path: string): Promise<{ status: number; connection?: string }> {
  return new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }),
      );
    })
      .on('error', reject)
      .end();
  });
}

async function startServer(handler: Parameters<typeof createServer>[1]): Promise<[Server, number]> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return [server, (server.address() as AddressInfo).port];
}

describe('createLifecycle', () => {
  it('turns unready at once, serves through the delay, finishes in-flight work, runs hooks, exits 0', async () => {
    const events: string[] = [];
    let exited: (code: number) => void = () => {};
    const exitCode = new Promise<number>((resolve) => {
      exited = resolve;
    });
    const lifecycle = createLifecycle({
      logger,
      shutdownDelayMs: 200,
      shutdownTimeoutMs: 5000,
      exit: (code) => exited(code),
    });
    const [server, port] = await startServer((req, res) => {
      if (req.url !== '/slow') {
        res.end('done'); // synchronous, like most express handlers
        return;
      }
      res.on('finish', () => events.push('slow request finished'));
      setTimeout(() => res.end('done'), 500);
    });
    lifecycle.attach(server);
    lifecycle.onClose(() => {
      events.push('db closed');
    });
    lifecycle.onClose(() => {
      events.push('cache closed');
    });
    lifecycle.markStarted();
    expect(lifecycle.isReady()).toBe(true);

    const slow = get(port, '/slow');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lifecycle.inFlight).toBe(1);
    const shutdown = lifecycle.shutdown('test');
    expect(lifecycle.isReady()).toBe(false);
    expect(lifecycle.phase).toBe('draining');
    // Still serving during the delay, telling clients not to reuse the connection.
    expect(await get(port, '/fast')).toEqual({ status: 200, connection: 'close' });
    await new Promise((resolve) => setTimeout(resolve, 250));
    await expect(get(port, '/fast')).rejects.toThrow(/ECONNREFUSED/);
    await shutdown;
    expect((await slow).status).toBe(200);
    expect(await exitCode).toBe(0);
    expect(events).toEqual(['slow request finished', 'cache closed', 'db closed']);
    expect(lifecycle.phase).toBe('closed');
  });

  it('exits 1 when in-flight work outlives the timeout', async () => {
    const codes: number[] = [];
    const lifecycle = createLifecycle({
      logger,
      shutdownDelayMs: 0,
      shutdownTimeoutMs: 200,
      exit: (code) => codes.push(code),
    });
    const [server, port] = await startServer(() => {
      // never answers
    });
    lifecycle.attach(server);
    lifecycle.markStarted();
    get(port, '/hang').catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    void lifecycle.shutdown('test');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(codes).toEqual([1]);
    server.closeAllConnections();
  });
});
