// One log line per request through pino-http, tagged with a request id that callers can pass in
// (x-request-id) so a request can be followed across the frontend and the api.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Level, Logger } from 'pino';
import { pinoHttp } from 'pino-http';

export const REQUEST_ID_HEADER = 'x-request-id';
// Only ids that are safe to echo into a header and a log line; anything else gets a fresh UUID.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface RequestLoggingOptions {
  logger: Logger;
  /** Paths logged at debug instead of info when they succeed (probes, /metrics): no log spam. */
  quietPaths?: string[];
}

/** The request's id (incoming x-request-id when safe, else a new UUID), echoed as a response header. */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id =
    typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

const urlOf = (req: IncomingMessage): string =>
  (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '';

/** True when the response was never completed: the client went away first. */
const abandoned = (res: ServerResponse): boolean => !res.writableFinished;

export function requestLogging(options: RequestLoggingOptions): RequestHandler {
  const quiet = new Set(options.quietPaths ?? ['/healthz', '/readyz', '/metrics']);
  const isQuiet = (req: IncomingMessage): boolean => quiet.has(urlOf(req).split('?', 1)[0] ?? '');
  return pinoHttp({
    logger: options.logger,
    genReqId: requestId,
    // Only what a reader needs: never the request headers, which carry the instructor key. The
    // serializers read the raw objects (wrapSerializers: false) instead of first copying every
    // header through pino's standard serializers.
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { id: string }) => ({
        id: req.id,
        method: req.method,
        url: urlOf(req),
        remoteAddress: req.socket?.remoteAddress,
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    // A failing probe is expected (draining, faults): a warning, not an error.
    customLogLevel: (req, res, error): Level => {
      if (error || abandoned(res) || (res.statusCode >= 500 && !isQuiet(req))) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return isQuiet(req) ? 'debug' : 'info';
    },
    customSuccessMessage: (req, res) =>
      `${req.method} ${urlOf(req)} ${abandoned(res) ? 'aborted by the client' : res.statusCode}`,
    customSuccessObject: (_req, res, line) => (abandoned(res) ? { ...line, aborted: true } : line),
    customErrorMessage: (req, res) => `${req.method} ${urlOf(req)} ${res.statusCode}`,
    // pino-http adds an Error "failed with status code 5xx" to these lines; the status says it
    // already, and a real error is logged once, with its stack, by problemErrorHandler.
    customErrorObject: (_req, _res, _error, { err: _synthetic, ...line }) => line,
  });
}
