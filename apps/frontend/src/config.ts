// Every environment variable the frontend reads, validated at start-up (see docs/en/scoreboard.md).
import {
  type ConfigOf,
  int,
  loadConfigOrExit,
  parseConfig,
  serviceEnvSpec,
  shutdownBudgetRule,
  string,
  url,
} from '@gitops-lab/service-kit';

export const frontendEnvSpec = {
  ...serviceEnvSpec,
  /** Base URL of the api: `http://api` (the Service) in Kubernetes, the local api under npm start. */
  API_URL: url({ default: 'http://localhost:3001', protocols: ['http:', 'https:'] }),
  /** How long a proxied request may wait for the api's response headers before a 504. */
  UPSTREAM_TIMEOUT_MS: int({ default: 10_000, min: 100, max: 120_000 }),
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

export function parseFrontendConfig(env: NodeJS.ProcessEnv) {
  return parseConfig(frontendEnvSpec, env, [shutdownBudgetRule]);
}

/** Returns the config, or prints every bad variable and exits 1. */
export function loadFrontendConfigOrExit(env: NodeJS.ProcessEnv = process.env): FrontendConfig {
  return loadConfigOrExit(frontendEnvSpec, { env, rules: [shutdownBudgetRule] });
}
