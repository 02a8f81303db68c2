import { httpStatus } from './http-probe.js';

const POLL_MS = 50;

/** Polls `check` until it holds; throws naming `what` when `timeoutMs` passes first. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Polls `url` until it answers 200; resolves with the milliseconds it took. `isAlive` lets the
 * caller stop at once when the process that should answer has exited.
 */
export async function waitForHttp200(
  url: string,
  timeoutMs: number,
  isAlive: () => boolean = () => true,
): Promise<number> {
  const started = Date.now();
  let last = 0;
  while (Date.now() - started < timeoutMs) {
    if (!isAlive()) throw new Error(`process exited while waiting for ${url} (last: HTTP ${last})`);
    last = await httpStatus(url, 1000);
    if (last === 200) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(
    `${url} not 200 within ${timeoutMs} ms (last: ${last ? `HTTP ${last}` : 'no answer'})`,
  );
}
