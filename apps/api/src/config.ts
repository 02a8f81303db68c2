// Every environment variable the api reads, validated at start-up (see docs/en/api.md).
import {
  bool,
  type ConfigError,
  type ConfigOf,
  formatConfigErrors,
  fraction,
  identityEnvSpec,
  int,
  LOG_FORMATS,
  LOG_LEVELS,
  oneOf,
  parseConfig,
  string,
  url,
} from '@gitops-lab/service-kit';

export const apiEnvSpec = {
  ...identityEnvSpec,
  PORT: int({ default: 8080, min: 1, max: 65535 }),
  LOG_LEVEL: oneOf(LOG_LEVELS, { default: 'info' }),
  LOG_FORMAT: oneOf(LOG_FORMATS, { default: 'auto' }),
  DATABASE_URL: url({ optional: true, protocols: ['postgres:', 'postgresql:'] }),
  // Only looked at to choose PostgreSQL: `pg` itself reads PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE.
  PGHOST: string({ optional: true }),
  DATA_DIR: string({ default: './.data/api' }),
  SHUTDOWN_DELAY_MS: int({ default: 5000, min: 0, max: 300_000 }),
  SHUTDOWN_TIMEOUT_MS: int({ default: 25_000, min: 1, max: 600_000 }),
  FAULT_INJECTION: bool({ default: true }),
  FAULT_ERROR_RATE: fraction({ default: 0 }),
  FAULT_LATENCY_MS: int({ default: 0, min: 0, max: 60_000 }),
  FAULT_STARTUP_DELAY_MS: int({ default: 0, min: 0, max: 600_000 }),
  FAULT_NEVER_READY: bool({ default: false }),
  FAULT_CRASH_AFTER_MS: int({ optional: true, min: 1, max: 86_400_000 }),
};

export type ApiConfig = ConfigOf<typeof apiEnvSpec>;

export type ApiConfigResult =
  | { ok: true; config: ApiConfig }
  | { ok: false; errors: ConfigError[] };

export function parseApiConfig(env: NodeJS.ProcessEnv): ApiConfigResult {
  const result = parseConfig(apiEnvSpec, env);
  if (!result.ok) return result;
  const { SHUTDOWN_DELAY_MS, SHUTDOWN_TIMEOUT_MS } = result.config;
  // The drain delay is part of the timeout budget: a timeout below it would always exit 1.
  if (SHUTDOWN_TIMEOUT_MS <= SHUTDOWN_DELAY_MS) {
    return {
      ok: false,
      errors: [
        {
          variable: 'SHUTDOWN_TIMEOUT_MS',
          value: env.SHUTDOWN_TIMEOUT_MS,
          reason: `must be greater than SHUTDOWN_DELAY_MS (${SHUTDOWN_DELAY_MS})`,
        },
      ],
    };
  }
  return result;
}

/** Returns the config, or prints every bad variable and exits 1. */
export function loadApiConfigOrExit(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const result = parseApiConfig(env);
  if (result.ok) return result.config;
  process.stderr.write(formatConfigErrors(result.errors));
  process.exit(1);
}
