// Start-up: config, storage, then the HTTP server (with its signal handlers) through
// service-kit's startServer. Everything else lives in app.ts.
import { join } from 'node:path';
import { createServiceRuntime, flushAndExit, loadConfigOrExit } from '@gitops-lab/service-kit';
import { createApp } from './app.js';
import { apiEnvSchema } from './config.js';
import { createFaultState } from './faults/fault-state.js';
import { openMessageRepository } from './storage/open-message-repository.js';

const SERVICE = 'api';

async function main(): Promise<void> {
  const config = loadConfigOrExit(apiEnvSchema);
  const runtime = createServiceRuntime({
    service: SERVICE,
    packageJsonPath: join(__dirname, '..', 'package.json'),
    config,
  });
  const { identity, logger, lifecycle } = runtime;
  logger.info(
    { revision: identity.revision, color: identity.color, port: config.PORT },
    'api starting',
  );

  if (config.FAULT_STARTUP_DELAY_MS > 0) {
    logger.warn({ delayMs: config.FAULT_STARTUP_DELAY_MS }, 'fault injection: slow start');
    await new Promise((resolve) => setTimeout(resolve, config.FAULT_STARTUP_DELAY_MS));
  }
  if (config.FAULT_CRASH_AFTER_MS !== undefined) {
    setTimeout(() => {
      logger.fatal({ afterMs: config.FAULT_CRASH_AFTER_MS }, 'fault injection: crashing (exit 1)');
      flushAndExit(logger, 1);
    }, config.FAULT_CRASH_AFTER_MS).unref();
  }

  const repository = await openMessageRepository(config, logger);
  lifecycle.onClose(async () => {
    await repository.close();
    logger.info('database closed');
  });
  const faults = createFaultState({
    endpoints: config.FAULT_INJECTION,
    errorRate: config.FAULT_ERROR_RATE,
    latencyMs: config.FAULT_LATENCY_MS,
    neverReady: config.FAULT_NEVER_READY,
  });
  if (config.FAULT_INJECTION && config.INSTRUCTOR_KEY === undefined) {
    logger.warn(
      'fault injection is on but INSTRUCTOR_KEY is not set: every /api/fault/* request gets 401',
    );
  }
  const app = createApp({
    logger,
    identity,
    metrics: runtime.metrics,
    lifecycle,
    repository,
    faults,
    instructorKey: config.INSTRUCTOR_KEY,
    exit: (code) => flushAndExit(logger, code),
  });

  runtime.serve(app, 'api ready', { storage: repository.engine, faults });
}

main().catch((error: unknown) => {
  process.stderr.write(`api failed to start: ${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
