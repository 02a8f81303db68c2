import type { Identity } from '@gitops-lab/service-kit';
import type { RequestHandler } from 'express';
import { describeFaults, type FaultState } from '../faults/fault-state.js';

/** GET /api/info: who answered (version, colour, pod...) and what is broken on purpose. */
export function info(identity: Identity, faults: FaultState, storage: string): RequestHandler {
  return (_req, res) => {
    res.json(
      identity.info({ storage, faultInjection: faults.endpoints, faults: describeFaults(faults) }),
    );
  };
}
