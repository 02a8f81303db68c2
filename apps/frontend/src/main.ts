// Entry point (`node dist/main.js`): validate the environment, then serve until SIGTERM.
import { createServer } from 'node:http';
import path from 'node:path';
import {
  createIdentity,
  createLifecycle,
  createLogger,
  createMetrics,
} from '@gitops-lab/service-kit';
import { createApp } from './app.js';
import { loadFrontendConfigOrExit } from './config.js';

// Longer than the ALB's 60 s idle timeout: otherwise Node may close a keep-alive connection the
// load balancer is about to reuse, and that request fails with a 502.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

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

const server = createServer();
server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
// The lifecycle's request listener must run before the app's: while draining it marks each
// response `connection: close`, which is only possible before the app has answered.
lifecycle.attach(server);
server.on('request', app);
server.on('error', (error) => {
  logger.fatal({ err: error }, 'server error');
  process.exit(1);
});
server.listen(config.PORT, () => {
  lifecycle.markStarted();
  logger.info(
    { port: config.PORT, apiUrl: config.API_URL },
    `frontend listening: open http://localhost:${config.PORT}`,
  );
});
lifecycle.installSignalHandlers();
