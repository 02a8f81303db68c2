// What every service builds from its validated env before its own wiring (who it is, its logger,
// metrics and graceful-shutdown lifecycle), and `serve`, which runs its app with the port and
// keep-alive timeout from the same env. Both services' main.ts start here.
import type { RequestListener, Server } from 'node:http';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { ConfigOf } from './config.js';
import { createIdentity, type Identity } from './identity.js';
import { createLifecycle, type Lifecycle } from './lifecycle.js';
import { createLogger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import { startServer } from './server.js';
import type { serviceEnvShape } from './service-config.js';

/** The variables every service reads (see serviceEnvShape), as parsed. */
export type ServiceEnv = ConfigOf<z.ZodObject<typeof serviceEnvShape>>;

export interface ServiceRuntimeOptions {
  service: string;
  /** The service's package.json: its version when APP_VERSION is unset. */
  packageJsonPath: string;
  config: ServiceEnv;
}

export interface ServiceRuntime {
  identity: Identity;
  logger: Logger;
  metrics: Metrics;
  lifecycle: Lifecycle;
  /** Serves `app` on PORT; logs `readyMessage` with `readyFields` once the port is open. */
  serve(app: RequestListener, readyMessage: string, readyFields?: Record<string, unknown>): Server;
}

export function createServiceRuntime({
  service,
  packageJsonPath,
  config,
}: ServiceRuntimeOptions): ServiceRuntime {
  const identity = createIdentity({ service, packageJsonPath, env: config });
  const logger = createLogger({
    service,
    level: config.LOG_LEVEL,
    format: config.LOG_FORMAT,
    base: { version: identity.version, pod: identity.pod },
  });
  const lifecycle = createLifecycle({
    logger,
    shutdownDelayMs: config.SHUTDOWN_DELAY_MS,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  });
  return {
    identity,
    logger,
    metrics: createMetrics({ build: identity }),
    lifecycle,
    serve: (app, readyMessage, readyFields) =>
      startServer({
        app,
        port: config.PORT,
        keepAliveTimeoutMs: config.KEEP_ALIVE_TIMEOUT_MS,
        logger,
        lifecycle,
        readyMessage,
        readyFields,
      }),
  };
}
