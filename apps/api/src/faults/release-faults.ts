// The "bad release" middleware: added latency and a share of 500s on /api/* requests.
// Probes and /metrics are outside /api, and the fault endpoints themselves are exempt, so a
// broken release stays observable and controllable. Mounted only when a setting is non-zero.

import { sendProblem } from '@gitops-lab/service-kit';
import type { RequestHandler } from 'express';
import type { FaultSettings } from './fault-state.js';

export const FAULT_PATH = '/api/fault';

export function releaseFaults(
  settings: Pick<FaultSettings, 'errorRate' | 'latencyMs'>,
  random: () => number = Math.random,
): RequestHandler {
  const { errorRate, latencyMs } = settings;
  return async (req, res, next) => {
    if (req.originalUrl.startsWith(FAULT_PATH)) {
      next();
      return;
    }
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    // `random() < rate`: a rate of 0.15 fails 15% of requests (not 85%).
    if (errorRate > 0 && random() < errorRate) {
      sendProblem(res, {
        status: 500,
        title: 'Injected fault',
        detail: `FAULT_ERROR_RATE=${errorRate} made this request fail on purpose.`,
      });
      return;
    }
    next();
  };
}
