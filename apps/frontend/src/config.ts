// Every environment variable the frontend reads, validated at start-up (see docs/en/scoreboard.md).
import { type ConfigOf, int, serviceEnvSchema, string, url } from '@gitops-lab/service-kit';

export const frontendEnvSchema = serviceEnvSchema({
  /** Base URL of the api: `http://api` (the Service) in Kubernetes, the local api under npm start. */
  API_URL: url(['http:', 'https:']).default('http://localhost:3001'),
  /** How long a proxied request may wait for the api's response headers before a 504. */
  UPSTREAM_TIMEOUT_MS: int({ min: 100, max: 120_000 }).default(10_000),
  // Who deployed this frontend, shown in the page's top bar when set.
  GITHUB_REPOSITORY: string({
    pattern: /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/,
    patternHint: 'owner/repo',
  }).optional(),
  DEPLOY_ENV: string({ maxLength: 63 }).optional(),
  ARGOCD_APP: string({ maxLength: 253 }).optional(),
});

export type FrontendConfig = ConfigOf<typeof frontendEnvSchema>;
