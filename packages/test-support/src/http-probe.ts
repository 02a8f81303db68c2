import http from 'node:http';

/**
 * The status of one GET on a new connection (no agent, so no socket is kept between probes);
 * 0 when nothing answers within `timeoutMs` (refused, reset or silent).
 */
export function httpStatus(url: string, timeoutMs = 2000): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', () => resolve(0));
    });
    request.setTimeout(timeoutMs, () => request.destroy());
    request.on('error', () => resolve(0));
  });
}

export interface KeepAliveAnswer {
  status: number;
  /** The server's Keep-Alive header, e.g. `timeout=65`. */
  keepAlive: string | undefined;
  /** Whether a connection the agent already had open carried the request. */
  reused: boolean;
}

/** One GET on a keep-alive agent: shows whether the server kept the idle connection open. */
export function getOnAgent(agent: http.Agent, url: string): Promise<KeepAliveAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent }, (response) => {
      response.resume();
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          keepAlive: response.headers['keep-alive'] as string | undefined,
          reused: request.reusedSocket,
        }),
      );
    });
    request.on('error', reject);
  });
}
