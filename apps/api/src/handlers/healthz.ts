import { sendProblem } from '@gitops-lab/service-kit';
import type { RequestHandler } from 'express';
import type { FaultState } from '../faults/fault-state.js';

/** GET /healthz: liveness. Fails only when turned off on purpose (POST /api/fault/liveness). */
export function healthz(faults: FaultState): RequestHandler {
  return (_req, res) => {
    if (!faults.healthy) {
      sendProblem(res, {
        status: 503,
        title: 'Unhealthy',
        detail: 'Liveness was turned off with POST /api/fault/liveness.',
      });
      return;
    }
    res.json({ status: 'ok' });
  };
}
