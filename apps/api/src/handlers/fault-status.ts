import { STATUS_CODES } from 'node:http';
import { sendProblem, sendValidationProblem } from '@gitops-lab/service-kit';
import type { RequestHandler } from 'express';

/** GET /api/fault/status/:code: answers with that status (200-599). */
export const faultStatus: RequestHandler = (req, res) => {
  const raw = String(req.params.code);
  const code = /^[2-5]\d\d$/.test(raw) ? Number(raw) : Number.NaN;
  if (Number.isNaN(code)) {
    sendValidationProblem(res, [
      { field: 'code', detail: 'must be an HTTP status from 200 to 599' },
    ]);
    return;
  }
  const title = STATUS_CODES[code] ?? `Status ${code}`;
  if (code >= 400) {
    sendProblem(res, { status: code, title, detail: `Requested with /api/fault/status/${code}.` });
    return;
  }
  // 204 and 304 must not carry a body.
  if (code === 204 || code === 304) {
    res.status(code).end();
    return;
  }
  res.status(code).json({ status: code, title });
};
