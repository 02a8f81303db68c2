// The settings every service reads (identity, port, logs, keep-alive, graceful shutdown), and the
// rule that ties the two shutdown settings together. Each service adds its own variables.
import { z } from 'zod';
import { int, oneOf } from './config.js';
import { identityEnvShape } from './identity.js';
import { LOG_FORMATS, LOG_LEVELS } from './logger.js';
import { DEFAULT_KEEP_ALIVE_TIMEOUT_MS } from './server.js';

export const shutdownEnvShape = {
  /** How long to keep serving after SIGTERM with /readyz at 503, so load balancers deregister first. */
  SHUTDOWN_DELAY_MS: int({ min: 0, max: 300_000 }).default(5000),
  /** The whole shutdown budget, delay included: past it the process exits 1. */
  SHUTDOWN_TIMEOUT_MS: int({ min: 1, max: 600_000 }).default(25_000),
};

export const serviceEnvShape = {
  ...identityEnvShape,
  PORT: int({ min: 1, max: 65535 }).default(8080),
  LOG_LEVEL: oneOf(LOG_LEVELS).default('info'),
  LOG_FORMAT: oneOf(LOG_FORMATS).default('auto'),
  /** Idle keep-alive connections stay open this long: above the ALB's 60 s (see server.ts). */
  KEEP_ALIVE_TIMEOUT_MS: int({ min: 1000, max: 600_000 }).default(DEFAULT_KEEP_ALIVE_TIMEOUT_MS),
  ...shutdownEnvShape,
};

interface ShutdownSettings {
  SHUTDOWN_DELAY_MS: number;
  SHUTDOWN_TIMEOUT_MS: number;
}

/**
 * The drain delay is part of the timeout budget: a timeout at or below it would always exit 1.
 * For an object schema whose shape includes `shutdownEnvShape`, run only when every variable
 * parsed (`when` below), so both values are numbers here.
 */
function withinShutdownBudget(config: unknown): boolean {
  const { SHUTDOWN_DELAY_MS, SHUTDOWN_TIMEOUT_MS } = config as ShutdownSettings;
  return SHUTDOWN_TIMEOUT_MS > SHUTDOWN_DELAY_MS;
}

const shutdownBudgetProblem = {
  // zod would also run it after a variable failed (those issues can continue): a bad
  // SHUTDOWN_DELAY_MS is reported on its own, not as a budget problem too.
  when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0,
  path: ['SHUTDOWN_TIMEOUT_MS'],
  error: (issue: { input?: unknown }) =>
    `must be greater than SHUTDOWN_DELAY_MS (${(issue.input as ShutdownSettings).SHUTDOWN_DELAY_MS})`,
};

/** Just the shutdown settings with their budget rule. */
export const shutdownEnvSchema = z
  .object(shutdownEnvShape)
  .refine(withinShutdownBudget, shutdownBudgetProblem);

/** A service's env schema: the shared variables, the service's own, and the shutdown budget. */
export function serviceEnvSchema<S extends z.ZodRawShape>(own: S) {
  return z
    .object({ ...serviceEnvShape, ...own })
    .refine(withinShutdownBudget, shutdownBudgetProblem);
}
