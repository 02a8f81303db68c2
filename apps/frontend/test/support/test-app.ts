// Builds the frontend app with the real service-kit pieces (silent logger, own metrics registry)
// and the built page, for supertest.
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  createIdentity,
  createLogger,
  createMetrics,
  type Identity,
  type Metrics,
} from '@gitops-lab/service-kit';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import type { FrontendConfig } from '../../src/config';

export const PUBLIC_DIR = path.join(__dirname, '..', '..', 'dist', 'public');

export interface TestApp {
  app: Express;
  identity: Identity;
  metrics: Metrics;
  setReady(ready: boolean): void;
}

export interface TestAppOptions {
  apiUrl: string;
  upstreamTimeoutMs?: number;
  deployment?: Partial<Pick<FrontendConfig, 'GITHUB_REPOSITORY' | 'DEPLOY_ENV' | 'ARGOCD_APP'>>;
}

export function buildTestApp(options: TestAppOptions): TestApp {
  if (!existsSync(path.join(PUBLIC_DIR, 'index.html'))) {
    throw new Error(
      `${PUBLIC_DIR} is missing: run \`npm run build -w @gitops-lab/frontend\` first`,
    );
  }
  const identity = createIdentity({
    service: 'frontend',
    packageJsonPath: path.join(__dirname, '..', '..', 'package.json'),
    env: {
      APP_VERSION: '9.9.9-test',
      APP_COLOR: '#0f766e',
      GIT_REVISION: 'deadbee',
      IMAGE_TAG: 'sha-deadbee',
      POD_NAME: 'frontend-test-pod',
      POD_NAMESPACE: 'gitops-lab-test',
      NODE_NAME: 'node-test',
    },
  });
  const metrics = createMetrics({ build: identity, defaultMetrics: false });
  let ready = true;
  const app = createApp({
    config: {
      API_URL: options.apiUrl,
      UPSTREAM_TIMEOUT_MS: options.upstreamTimeoutMs ?? 2000,
      GITHUB_REPOSITORY: options.deployment?.GITHUB_REPOSITORY,
      DEPLOY_ENV: options.deployment?.DEPLOY_ENV,
      ARGOCD_APP: options.deployment?.ARGOCD_APP,
    },
    identity,
    logger: createLogger({ service: 'frontend', level: 'silent', format: 'json' }),
    metrics,
    lifecycle: { isReady: () => ready },
    publicDir: PUBLIC_DIR,
  });
  return {
    app,
    identity,
    metrics,
    setReady: (value) => {
      ready = value;
    },
  };
}
