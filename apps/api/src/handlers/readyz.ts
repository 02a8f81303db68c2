import { type Lifecycle, sendProblem } from '@gitops-lab/service-kit';
import type { RequestHandler } from 'express';
import type { FaultState } from '../faults/fault-state.js';
import type { MessageRepository } from '../storage/message-repository.js';

const PING_TIMEOUT_MS = 1000;

async function databaseAnswers(repository: MessageRepository): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
  });
  const ping = repository.ping().then(
    () => true,
    () => false,
  );
  const answered = await Promise.race([ping, timeout]);
  clearTimeout(timer);
  return answered;
}

/** The first reason this pod should not get traffic, or undefined when it is ready. */
async function notReadyReason(
  lifecycle: Lifecycle,
  faults: FaultState,
  repository: MessageRepository,
): Promise<string | undefined> {
  if (lifecycle.phase === 'starting') return 'still starting';
  if (!lifecycle.isReady()) return 'shutting down';
  if (faults.neverReady) return 'FAULT_NEVER_READY is set';
  if (!faults.ready) return 'readiness was turned off with POST /api/fault/readiness';
  if (!(await databaseAnswers(repository))) return 'the database does not answer';
  return undefined;
}

/** GET /readyz: 200 only when started, not draining, not faulted and the database answers. */
export function readyz(
  lifecycle: Lifecycle,
  faults: FaultState,
  repository: MessageRepository,
): RequestHandler {
  return async (_req, res) => {
    const reason = await notReadyReason(lifecycle, faults, repository);
    if (reason === undefined) {
      res.json({ status: 'ready' });
      return;
    }
    sendProblem(res, { status: 503, title: 'Not Ready', detail: reason });
  };
}
