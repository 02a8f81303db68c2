// One log line per request, tagged with a request id that callers can pass in (x-request-id)
// so a request can be followed across the frontend and the api.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

export const REQUEST_ID_HEADER = 'x-request-id';
// Only ids that are safe to echo into a header and a log line; anything else gets a fresh UUID.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface RequestLoggingOptions {
  logger: Logger;
  /** Paths logged at debug instead of info when they succeed (probes, /metrics): no log spam. */
  quietPaths?: string[];
}

export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id =
    typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

export function requestLogging(options: RequestLoggingOptions): RequestHandler {
  const quiet = new Set(options.quietPaths ?? ['/healthz', '/readyz', '/metrics']);
  return pinoHttp({
    logger: options.logger,
    genReqId: requestId,
    customLogLevel(req, res, error) {
      if (error || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return quiet.has((req.url ?? '').split('?')[0] ?? '') ? 'debug' : 'info';
    },
    customSuccessMessage: (req, res) => `${req.method} ${req.url} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${req.url} ${res.statusCode}`,
    serializers: {
      req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  }) as unknown as RequestHandler;
}
