import { type Logger, sendValidationProblem } from '@gitops-lab/service-kit';
import type { RequestHandler } from 'express';
import type { FaultState } from '../faults/fault-state.js';

/** POST /api/fault/readiness {ready}: makes /readyz fail (or pass again) on this pod only. */
export function faultReadiness(faults: FaultState, logger: Logger): RequestHandler {
  return (req, res) => {
    const ready: unknown = req.body?.ready;
    if (typeof ready !== 'boolean') {
      sendValidationProblem(res, [{ field: 'ready', detail: 'must be true or false' }]);
      return;
    }
    faults.ready = ready;
    logger.warn({ ready }, 'fault injection: readiness toggled');
    res.json({ ready });
  };
}
