import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that the kernel handed out a moment ago (it may be taken again later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('the kernel handed out no port')),
      );
    });
  });
}

/** Whether something can listen on `port` right now (fixed-port tests say so before starting). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}
