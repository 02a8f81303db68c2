import http from 'node:http';

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One plain HTTP request (no keep-alive), for probes and assertions. */
export function httpRequest(
  url: string,
  options: {
    method?: string;
    body?: string;
    timeoutMs?: number;
    headers?: http.OutgoingHttpHeaders;
  } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { ...options.headers };
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = Buffer.byteLength(options.body);
    }
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 2000, () =>
      req.destroy(new Error(`timeout after ${options.timeoutMs ?? 2000} ms: ${url}`)),
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `url` until it answers 200 or `timeoutMs` passes; resolves with the milliseconds it took. */
export async function waitForHttp200(
  url: string,
  timeoutMs: number,
  isAlive: () => boolean = () => true,
): Promise<number> {
  const started = Date.now();
  let last = 'no answer';
  while (Date.now() - started < timeoutMs) {
    if (!isAlive()) throw new Error(`process exited while waiting for ${url} (${last})`);
    try {
      const res = await httpRequest(url, { timeoutMs: 1000 });
      if (res.status === 200) return Date.now() - started;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(50);
  }
  throw new Error(`${url} not 200 within ${timeoutMs} ms (last: ${last})`);
}
