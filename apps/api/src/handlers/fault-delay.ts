import { sendValidationProblem } from '@gitops-lab/service-kit';
import type { RequestHandler } from 'express';

export const MAX_DELAY_MS = 30_000;

/** GET /api/fault/delay/:ms: answers after `ms` milliseconds (at most 30 s). */
export const faultDelay: RequestHandler = async (req, res) => {
  const raw = String(req.params.ms);
  const ms = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  if (Number.isNaN(ms) || ms > MAX_DELAY_MS) {
    sendValidationProblem(res, [
      { field: 'ms', detail: `must be an integer from 0 to ${MAX_DELAY_MS}` },
    ]);
    return;
  }
  await new Promise((resolve) => setTimeout(resolve, ms));
  res.json({ delayedMs: ms });
};
