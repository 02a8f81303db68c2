// Entry point (`node dist/main.js`): validate the environment, then serve until SIGTERM.
import path from 'node:path';
import {
  createIdentity,
  createLifecycle,
  createLogger,
  createMetrics,
  startServer,
} from '@gitops-lab/service-kit';
import { createApp } from './app.js';
import { loadFrontendConfigOrExit } from './config.js';

const config = loadFrontendConfigOrExit();
const identity = createIdentity({
  service: 'frontend',
  packageJsonPath: path.join(__dirname, '..', 'package.json'),
  env: config,
});
const logger = createLogger({
  service: 'frontend',
  level: config.LOG_LEVEL,
  format: config.LOG_FORMAT,
  base: { version: identity.version, pod: identity.pod },
});
const metrics = createMetrics({ build: identity });
const lifecycle = createLifecycle({
  logger,
  shutdownDelayMs: config.SHUTDOWN_DELAY_MS,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
});

const app = createApp({
  config,
  identity,
  logger,
  metrics,
  lifecycle,
  publicDir: path.join(__dirname, 'public'),
});

startServer({
  app,
  port: config.PORT,
  keepAliveTimeoutMs: config.KEEP_ALIVE_TIMEOUT_MS,
  logger,
  lifecycle,
  readyMessage: `frontend listening: open http://localhost:${config.PORT}`,
  readyFields: { apiUrl: config.API_URL },
});
