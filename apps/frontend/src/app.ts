// The frontend's HTTP app: probes, metrics, its own identity, the /api proxy and the page.
import path from 'node:path';
import type { Logger } from '@gitops-lab/service-kit';
import {
  createServiceApp,
  type Identity,
  type Lifecycle,
  type Metrics,
  methodNotAllowed,
} from '@gitops-lab/service-kit';
import express, { type Express } from 'express';
import { createApiProxy } from './api-proxy.js';
import type { FrontendConfig } from './config.js';
import { contentSecurityPolicy } from './content-security-policy.js';
import { createUpstreamMetrics } from './upstream-metrics.js';

export interface AppDependencies {
  config: Pick<
    FrontendConfig,
    'API_URL' | 'UPSTREAM_TIMEOUT_MS' | 'GITHUB_REPOSITORY' | 'DEPLOY_ENV' | 'ARGOCD_APP'
  >;
  identity: Identity;
  logger: Logger;
  metrics: Metrics;
  lifecycle: Pick<Lifecycle, 'isReady'>;
  /** The bundled page (dist/public). */
  publicDir: string;
}

// Successful requests to these paths log at debug: every open scoreboard polls /api/info ten times a second.
const QUIET_PATHS = ['/healthz', '/readyz', '/metrics', '/api/info'];

export function createApp(deps: AppDependencies): Express {
  const { config, identity, logger, metrics } = deps;
  return createServiceApp(
    { logger, identity, metrics, quietPaths: QUIET_PATHS, contentSecurityPolicy },
    (app) => {
      app.get('/healthz', (_req, res) => {
        res.type('text/plain').send('ok');
      });
      // Readiness is this process's own state only: when the api is down the page says so itself,
      // and taking the frontend out of the load balancer would only hide that message.
      app.get('/readyz', (_req, res) => {
        const ready = deps.lifecycle.isReady();
        res
          .status(ready ? 200 : 503)
          .type('text/plain')
          .send(ready ? 'ready' : 'shutting down');
      });
      app.get('/metrics', metrics.metricsHandler);
      app
        .route('/info')
        .get((_req, res) => {
          res.setHeader('cache-control', 'no-store');
          res.json(
            identity.info({
              deployment: {
                repository: config.GITHUB_REPOSITORY,
                environment: config.DEPLOY_ENV,
                argocdApp: config.ARGOCD_APP,
              },
            }),
          );
        })
        .all(methodNotAllowed(['GET']));

      // A route (not app.use) so the request metrics label proxied calls with this template.
      app.all(
        '/api/*path',
        createApiProxy({
          apiUrl: config.API_URL,
          timeoutMs: config.UPSTREAM_TIMEOUT_MS,
          logger,
          observe: createUpstreamMetrics(metrics.registry),
        }),
      );

      // no-cache: revalidate on every load (ETag), so a rollout of the frontend is picked up at once.
      app.use(
        express.static(path.resolve(deps.publicDir), {
          index: 'index.html',
          setHeaders: (res) => res.setHeader('cache-control', 'no-cache'),
        }),
      );
    },
  );
}
