// The settings every service reads (identity, port, logs, graceful shutdown), and the rule that
// ties the two shutdown settings together. Each service adds its own variables to these.
import { type ConfigError, type ConfigOf, int, oneOf } from './config.js';
import { identityEnvSpec } from './identity.js';
import { LOG_FORMATS, LOG_LEVELS } from './logger.js';
import { DEFAULT_KEEP_ALIVE_TIMEOUT_MS } from './server.js';

export const shutdownEnvSpec = {
  /** How long to keep serving after SIGTERM with /readyz at 503, so load balancers deregister first. */
  SHUTDOWN_DELAY_MS: int({ default: 5000, min: 0, max: 300_000 }),
  /** The whole shutdown budget, delay included: past it the process exits 1. */
  SHUTDOWN_TIMEOUT_MS: int({ default: 25_000, min: 1, max: 600_000 }),
};

export const serviceEnvSpec = {
  ...identityEnvSpec,
  PORT: int({ default: 8080, min: 1, max: 65535 }),
  LOG_LEVEL: oneOf(LOG_LEVELS, { default: 'info' }),
  LOG_FORMAT: oneOf(LOG_FORMATS, { default: 'auto' }),
  /** Idle keep-alive connections stay open this long: above the ALB's 60 s (see server.ts). */
  KEEP_ALIVE_TIMEOUT_MS: int({ default: DEFAULT_KEEP_ALIVE_TIMEOUT_MS, min: 1000, max: 600_000 }),
  ...shutdownEnvSpec,
};

/** The drain delay is part of the timeout budget: a timeout at or below it would always exit 1. */
export function shutdownBudgetRule(
  config: ConfigOf<typeof shutdownEnvSpec>,
  env: NodeJS.ProcessEnv,
): ConfigError[] {
  if (config.SHUTDOWN_TIMEOUT_MS > config.SHUTDOWN_DELAY_MS) return [];
  return [
    {
      variable: 'SHUTDOWN_TIMEOUT_MS',
      value: env.SHUTDOWN_TIMEOUT_MS,
      reason: `must be greater than SHUTDOWN_DELAY_MS (${config.SHUTDOWN_DELAY_MS})`,
    },
  ];
}
