import http from 'node:http';
import { freePort, portIsFree } from '../src/free-port';
import { getOnAgent, httpStatus } from '../src/http-probe';
import { listenLocally } from '../src/local-server';
import { waitForHttp200, waitUntil } from '../src/wait-for';

function listenOn(port: number): Promise<http.Server> {
  const server = http.createServer((_req, res) => res.end('ok'));
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}
const closeServer = (server: http.Server) =>
  new Promise<void>((resolve) => server.close(() => resolve()));

describe('free ports', () => {
  it('hands out a port a server can listen on, which is then no longer free', async () => {
    const port = await freePort();
    expect(await portIsFree(port)).toBe(true);
    const server = await listenOn(port);
    try {
      expect(await portIsFree(port)).toBe(false);
    } finally {
      await closeServer(server);
    }
  });

  it('listenLocally serves on 127.0.0.1 and close() ends kept-alive connections too', async () => {
    const local = await listenLocally(http.createServer((_req, res) => res.end('ok')));
    const agent = new http.Agent({ keepAlive: true });
    expect(local.url).toBe(`http://127.0.0.1:${local.port}`);
    expect(await getOnAgent(agent, local.url)).toMatchObject({ status: 200 });
    await local.close(); // would hang on the idle kept-alive socket without closeAllConnections
    expect(await httpStatus(local.url)).toBe(0);
    agent.destroy();
  });
});

describe('waiting', () => {
  it('waits until a server that starts late answers 200, and says how long it took', async () => {
    const port = await freePort();
    let server: http.Server | undefined;
    const late = setTimeout(async () => {
      server = await listenOn(port);
    }, 300);
    try {
      expect(await waitForHttp200(`http://127.0.0.1:${port}/`, 5000)).toBeGreaterThanOrEqual(250);
    } finally {
      clearTimeout(late);
      if (server) await closeServer(server);
    }
  });

  it('fails naming the url and the last answer when it never turns 200', async () => {
    const local = await listenLocally(
      http.createServer((_req, res) => {
        res.statusCode = 503;
        res.end();
      }),
    );
    try {
      await expect(waitForHttp200(`${local.url}/readyz`, 300)).rejects.toThrow(
        `${local.url}/readyz not 200 within 300 ms (last: HTTP 503)`,
      );
    } finally {
      await local.close();
    }
  });

  it('stops at once when the process that should answer has exited', async () => {
    const port = await freePort();
    await expect(waitForHttp200(`http://127.0.0.1:${port}/`, 5000, () => false)).rejects.toThrow(
      /process exited/,
    );
  });

  it('waitUntil names what never happened', async () => {
    await expect(waitUntil(() => false, 100, 'the moon turned blue')).rejects.toThrow(
      'the moon turned blue: not within 100 ms',
    );
    let calls = 0;
    await waitUntil(async () => ++calls === 3, 1000, 'a third call');
    expect(calls).toBe(3);
  });
});

describe('probes', () => {
  it('httpStatus is 0 when nothing listens', async () => {
    expect(await httpStatus(`http://127.0.0.1:${await freePort()}/`)).toBe(0);
  });

  async function keepAliveServer(keepAliveTimeoutMs: number) {
    const server = http.createServer((_req, res) => res.end('ok'));
    server.keepAliveTimeout = keepAliveTimeoutMs;
    return listenLocally(server);
  }

  it('getOnAgent sees an idle connection reused while the server keeps it open', async () => {
    const local = await keepAliveServer(5000);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await getOnAgent(agent, local.url)).toEqual({
        status: 200,
        keepAlive: 'timeout=5',
        reused: false,
      });
      expect(await getOnAgent(agent, local.url)).toMatchObject({ status: 200, reused: true });
    } finally {
      agent.destroy();
      await local.close();
    }
  });

  it('getOnAgent sees a new connection once the server closed the idle one (negative control)', async () => {
    const local = await keepAliveServer(100);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await getOnAgent(agent, local.url);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await getOnAgent(agent, local.url)).toMatchObject({ status: 200, reused: false });
    } finally {
      agent.destroy();
      await local.close();
    }
  });
});
