import type { Logger } from '@gitops-lab/service-kit';
import type { RequestHandler } from 'express';

/** POST /api/fault/crash: answers 202, then the process exits 1 (a crash, not a shutdown). */
export function faultCrash(logger: Logger, exit: (code: number) => void): RequestHandler {
  return (_req, res) => {
    res.once('finish', () => {
      logger.fatal('fault injection: crashing on request (exit 1)');
      exit(1);
    });
    res.status(202).json({ crashing: true });
  };
}
