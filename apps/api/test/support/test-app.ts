// An in-process api wired exactly like main.ts, on an in-memory PGlite database.
import { join } from 'node:path';
import {
  createIdentity,
  createLifecycle,
  createLogger,
  createMetrics,
  type Lifecycle,
} from '@gitops-lab/service-kit';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import {
  createFaultState,
  type FaultSettings,
  type FaultState,
} from '../../src/faults/fault-state';
import { withListCache } from '../../src/storage/list-cache';
import {
  createMessageRepository,
  type MessageRepository,
} from '../../src/storage/message-repository';
import { migrate } from '../../src/storage/migrations';
import { createPgliteClient } from '../../src/storage/pglite-client';

export interface TestApi {
  app: Express;
  repository: MessageRepository;
  faults: FaultState;
  lifecycle: Lifecycle;
  exitCodes: number[];
  /** Empties the guestbook. */
  clearMessages(): Promise<void>;
  close(): Promise<void>;
}

export const TEST_POD = 'api-test-pod';
/** The instructor key of the test app: send it as X-Instructor-Key to reach /api/fault/*. */
export const TEST_INSTRUCTOR_KEY = 'test-instructor-key-0123456789';

export async function createTestApi(
  options: {
    faults?: Partial<FaultSettings>;
    random?: () => number;
    /** Default TEST_INSTRUCTOR_KEY; `null`: no key configured. */
    instructorKey?: string | null;
    repository?: MessageRepository;
    /** false: the lifecycle stays in its starting phase. */
    started?: boolean;
  } = {},
): Promise<TestApi> {
  let repository = options.repository;
  if (!repository) {
    const client = await createPgliteClient('memory://');
    await migrate(client);
    // As in open-message-repository: the only writer of its PGlite, so pages stay cached until a write.
    repository = withListCache(createMessageRepository(client), {
      ttlMs: Number.POSITIVE_INFINITY,
    });
  }
  const messages = repository;
  const identity = createIdentity({
    service: 'api',
    packageJsonPath: join(__dirname, '..', '..', 'package.json'),
    env: {
      APP_VERSION: '1.2.3',
      APP_COLOR: undefined,
      GIT_REVISION: 'abc1234',
      IMAGE_TAG: 'sha-abc1234',
      POD_NAME: TEST_POD,
      POD_NAMESPACE: 'gitops-lab-test',
      NODE_NAME: 'node-1',
    },
  });
  const logger = createLogger({ service: 'api', level: 'silent', format: 'json' });
  const lifecycle = createLifecycle({ logger, shutdownDelayMs: 0, shutdownTimeoutMs: 1000 });
  if (options.started !== false) lifecycle.markStarted();
  const faults = createFaultState({
    endpoints: true,
    errorRate: 0,
    latencyMs: 0,
    neverReady: false,
    ...options.faults,
  });
  const exitCodes: number[] = [];
  const app = createApp({
    logger,
    identity,
    metrics: createMetrics({ build: identity, defaultMetrics: false }),
    lifecycle,
    repository,
    faults,
    instructorKey:
      options.instructorKey === null ? undefined : (options.instructorKey ?? TEST_INSTRUCTOR_KEY),
    exit: (code) => exitCodes.push(code),
    ...(options.random && { random: options.random }),
  });
  const owned = !options.repository;
  return {
    app,
    repository,
    faults,
    lifecycle,
    exitCodes,
    clearMessages: async () => {
      // Through the repository, so its page cache sees the deletes.
      for (let page = await messages.list({ limit: 100 }); page.items.length > 0; ) {
        for (const message of page.items) await messages.delete(message.id);
        page = await messages.list({ limit: 100 });
      }
    },
    close: async () => {
      if (owned) await repository.close();
    },
  };
}
