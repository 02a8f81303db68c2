import type { Identity } from '@gitops-lab/service-kit';
import type { RequestHandler } from 'express';
import { describeFaults, type FaultState } from '../faults/fault-state.js';
import { type RenderedJson, renderJson, sendRenderedJson } from './rendered-json.js';

/** GET /api/info: who answered (version, colour, pod...) and what is broken on purpose. */
export function info(identity: Identity, faults: FaultState, storage: string): RequestHandler {
  // The payload only changes with the uptime (a tenth of a second resolution) and the runtime
  // fault toggles: it is rendered again only when one of those changed.
  let last: { key: string; response: RenderedJson } | undefined;
  return (req, res) => {
    const key = `${identity.uptimeSeconds()} ${faults.ready} ${faults.healthy}`;
    if (last?.key !== key) {
      const payload = identity.info({
        storage,
        faultInjection: faults.endpoints,
        faults: describeFaults(faults),
      });
      last = { key, response: renderJson(req, payload) };
    }
    sendRenderedJson(res, last.response);
  };
}
