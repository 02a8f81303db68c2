// Entry point (`node dist/main.js`): validate the environment, then serve until SIGTERM.
import path from 'node:path';
import { createServiceRuntime, loadConfigOrExit } from '@gitops-lab/service-kit';
import { createApp } from './app.js';
import { frontendEnvSchema } from './config.js';

const config = loadConfigOrExit(frontendEnvSchema);
const runtime = createServiceRuntime({
  service: 'frontend',
  packageJsonPath: path.join(__dirname, '..', 'package.json'),
  config,
});
const { identity, logger, metrics, lifecycle } = runtime;
const app = createApp({
  config,
  identity,
  logger,
  metrics,
  lifecycle,
  publicDir: path.join(__dirname, 'public'),
});

runtime.serve(app, `frontend listening: open http://localhost:${config.PORT}`, {
  apiUrl: config.API_URL,
});
