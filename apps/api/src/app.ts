// HTTP wiring only: which handler answers which route, in which middleware order.

import {
  createServiceApp,
  type Identity,
  jsonBody,
  type Lifecycle,
  type Logger,
  type Metrics,
  methodNotAllowed,
} from '@gitops-lab/service-kit';
import type { Express } from 'express';
import type { FaultState } from './faults/fault-state.js';
import { FAULT_PATH, releaseFaults } from './faults/release-faults.js';
import { requireInstructorKey } from './faults/require-instructor-key.js';
import { createMessage } from './handlers/create-message.js';
import { deleteMessage } from './handlers/delete-message.js';
import { faultCrash } from './handlers/fault-crash.js';
import { faultDelay } from './handlers/fault-delay.js';
import { faultLiveness } from './handlers/fault-liveness.js';
import { faultReadiness } from './handlers/fault-readiness.js';
import { faultStatus } from './handlers/fault-status.js';
import { healthz } from './handlers/healthz.js';
import { info } from './handlers/info.js';
import { listMessages } from './handlers/list-messages.js';
import { readyz } from './handlers/readyz.js';
import { createMessagesCounter } from './messages/messages-metric.js';
import type { MessageRepository } from './storage/message-repository.js';

export interface AppDependencies {
  logger: Logger;
  identity: Identity;
  metrics: Metrics;
  lifecycle: Lifecycle;
  repository: MessageRepository;
  faults: FaultState;
  /** The key the fault endpoints require (X-Instructor-Key); unset: they answer 401 to everyone. */
  instructorKey: string | undefined;
  /** Called by POST /api/fault/crash; `process.exit` in production. */
  exit: (code: number) => void;
  /** Source of randomness for FAULT_ERROR_RATE (tests make it deterministic). */
  random?: () => number;
}

const GET = ['GET', 'HEAD'];

export function createApp(deps: AppDependencies): Express {
  const { logger, identity, metrics, lifecycle, repository, faults } = deps;
  const messagesCounter = createMessagesCounter(metrics.registry);
  return createServiceApp({ logger, identity, metrics }, (app) => {
    if (faults.errorRate > 0 || faults.latencyMs > 0) {
      app.use('/api', releaseFaults(faults, deps.random));
    }

    app.route('/healthz').get(healthz(faults)).all(methodNotAllowed(GET));
    app
      .route('/readyz')
      .get(readyz(lifecycle, faults, repository))
      .all(methodNotAllowed(GET));
    app.route('/metrics').get(metrics.metricsHandler).all(methodNotAllowed(GET));
    app
      .route('/api/info')
      .get(info(identity, faults, repository.engine))
      .all(methodNotAllowed(GET));
    app
      .route('/api/messages')
      .get(listMessages(repository))
      .post(jsonBody(), createMessage(repository, identity.pod, messagesCounter))
      .all(methodNotAllowed([...GET, 'POST']));
    app
      .route('/api/messages/:id')
      .delete(deleteMessage(repository, messagesCounter))
      .all(methodNotAllowed(['DELETE']));

    if (faults.endpoints) {
      app.use(FAULT_PATH, requireInstructorKey(deps.instructorKey));
      app.route(`${FAULT_PATH}/status/:code`).get(faultStatus).all(methodNotAllowed(GET));
      app.route(`${FAULT_PATH}/delay/:ms`).get(faultDelay).all(methodNotAllowed(GET));
      app
        .route(`${FAULT_PATH}/readiness`)
        .post(jsonBody(), faultReadiness(faults, logger))
        .all(methodNotAllowed(['POST']));
      app
        .route(`${FAULT_PATH}/liveness`)
        .post(jsonBody(), faultLiveness(faults, logger))
        .all(methodNotAllowed(['POST']));
      app
        .route(`${FAULT_PATH}/crash`)
        .post(faultCrash(logger, deps.exit))
        .all(methodNotAllowed(['POST']));
    }
  });
}
