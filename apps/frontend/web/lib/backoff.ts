// Exponential backoff with jitter for the guestbook: after an api restart or during a rollout the
// page retries on its own instead of asking for a reload, without every open browser retrying
// at the same instant.

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** 0..1 source of randomness; injectable so tests are deterministic. */
  random?: () => number;
}

/** Delay before retry number `attempt` (0 = first retry): base·2^attempt capped at max, 50–100 % of it. */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const random = options.random ?? Math.random;
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** attempt);
  return Math.round(ceiling * (0.5 + random() / 2));
}
