// The graceful-shutdown settings both services read, and the rule that ties them together.
import { type ConfigError, type ConfigOf, int } from './config.js';

export const shutdownEnvSpec = {
  /** How long to keep serving after SIGTERM with /readyz at 503, so load balancers deregister first. */
  SHUTDOWN_DELAY_MS: int({ default: 5000, min: 0, max: 300_000 }),
  /** The whole shutdown budget, delay included: past it the process exits 1. */
  SHUTDOWN_TIMEOUT_MS: int({ default: 25_000, min: 1, max: 600_000 }),
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
