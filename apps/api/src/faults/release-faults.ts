// The "bad release" middleware: added latency and a share of 500s on /api/* requests.
// Probes and /metrics are outside /api, and the fault endpoints themselves are exempt, so a
// broken release stays observable and controllable.

import { sendProblem } from '@gitops-lab/service-kit';
import { type RequestHandler, Router } from 'express';
import type { FaultState } from './fault-state.js';

export const FAULT_PATH = '/api/fault';

export function releaseFaults(
  state: FaultState,
  random: () => number = Math.random,
): RequestHandler {
  const router = Router();
  router.use('/api', async (req, res, next) => {
    if (req.originalUrl.startsWith(FAULT_PATH)) {
      next();
      return;
    }
    if (state.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, state.latencyMs));
    // `random() < rate`: a rate of 0.15 fails 15% of requests (not 85%).
    if (state.errorRate > 0 && random() < state.errorRate) {
      sendProblem(res, {
        status: 500,
        title: 'Injected fault',
        detail: `FAULT_ERROR_RATE=${state.errorRate} made this request fail on purpose.`,
      });
      return;
    }
    next();
  });
  return router;
}
