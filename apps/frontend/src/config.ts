// Every environment variable the frontend reads, validated at start-up (see docs/en/scoreboard.md).
import {
  type ConfigError,
  type ConfigOf,
  formatConfigErrors,
  identityEnvSpec,
  int,
  LOG_FORMATS,
  LOG_LEVELS,
  oneOf,
  parseConfig,
  string,
  url,
} from '@gitops-lab/service-kit';

export const frontendEnvSpec = {
  ...identityEnvSpec,
  PORT: int({ default: 8080, min: 1, max: 65535 }),
  LOG_LEVEL: oneOf(LOG_LEVELS, { default: 'info' }),
  LOG_FORMAT: oneOf(LOG_FORMATS, { default: 'auto' }),
  /** Base URL of the api: `http://api` (the Service) in Kubernetes, the local api under npm start. */
  API_URL: url({ default: 'http://localhost:3001', protocols: ['http:', 'https:'] }),
  /** How long a proxied request may wait for the api's response headers before a 504. */
  UPSTREAM_TIMEOUT_MS: int({ default: 10_000, min: 100, max: 120_000 }),
  SHUTDOWN_DELAY_MS: int({ default: 5000, min: 0, max: 300_000 }),
  SHUTDOWN_TIMEOUT_MS: int({ default: 25_000, min: 1, max: 600_000 }),
  // Who deployed this frontend, shown in the page's top bar when set.
  GITHUB_REPOSITORY: string({
    optional: true,
    pattern: /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/,
    patternHint: 'owner/repo',
  }),
  DEPLOY_ENV: string({ optional: true, maxLength: 63 }),
  ARGOCD_APP: string({ optional: true, maxLength: 253 }),
};

export type FrontendConfig = ConfigOf<typeof frontendEnvSpec>;

export type FrontendConfigResult =
  | { ok: true; config: FrontendConfig }
  | { ok: false; errors: ConfigError[] };

export function parseFrontendConfig(env: NodeJS.ProcessEnv): FrontendConfigResult {
  const result = parseConfig(frontendEnvSpec, env);
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
export function loadFrontendConfigOrExit(env: NodeJS.ProcessEnv = process.env): FrontendConfig {
  const result = parseFrontendConfig(env);
  if (result.ok) return result.config;
  process.stderr.write(formatConfigErrors(result.errors));
  process.exit(1);
}
