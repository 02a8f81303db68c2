import { type Logger, sendValidationProblem } from '@gitops-lab/service-kit';
import type { RequestHandler } from 'express';
import type { FaultState } from '../faults/fault-state.js';

/** POST /api/fault/liveness {healthy}: makes /healthz fail, so the kubelet restarts the pod. */
export function faultLiveness(faults: FaultState, logger: Logger): RequestHandler {
  return (req, res) => {
    const healthy: unknown = req.body?.healthy;
    if (typeof healthy !== 'boolean') {
      sendValidationProblem(res, [{ field: 'healthy', detail: 'must be true or false' }]);
      return;
    }
    faults.healthy = healthy;
    logger.warn({ healthy }, 'fault injection: liveness toggled');
    res.json({ healthy });
  };
}
