// RFC 9457 problem+json responses. Bad input always gets a 4xx naming what was wrong;
// unexpected failures get a bare 500. No response ever carries a stack trace.
import express, { type ErrorRequestHandler, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
/** Largest JSON body accepted, in bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

export interface FieldError {
  /** The offending field (`author`, `limit`, `body`...). */
  field: string;
  detail: string;
}

export interface Problem {
  status: number;
  title: string;
  detail?: string;
  type?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export function sendProblem(res: Response, problem: Problem): void {
  const { type = 'about:blank', title, status, ...rest } = problem;
  res
    .status(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ type, title, status, ...rest }));
}

/** 400 with one entry per invalid field. */
export function sendValidationProblem(res: Response, errors: FieldError[]): void {
  sendProblem(res, {
    status: 400,
    title: 'Invalid request',
    detail: errors.map((e) => `${e.field}: ${e.detail}`).join('; '),
    errors,
  });
}

const bodyParser = express.json({ limit: MAX_BODY_BYTES, strict: true });

/**
 * JSON body parser for one route: 16 KiB limit, and 415 for a body that is not JSON
 * (instead of silently ignoring it). Parse errors reach `problemErrorHandler`.
 */
export function jsonBody(): RequestHandler {
  return (req, res, next) => {
    const hasBody =
      req.headers['transfer-encoding'] !== undefined ||
      Number(req.headers['content-length'] ?? 0) > 0;
    if (hasBody && !req.is('application/json') && !req.is('application/*+json')) {
      sendProblem(res, {
        status: 415,
        title: 'Unsupported Media Type',
        detail: 'The request body must be JSON (content-type: application/json).',
        errors: [{ field: 'content-type', detail: 'must be application/json' }],
      });
      return;
    }
    bodyParser(req, res, next);
  };
}

/** Final handler for requests no route matched. */
export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, {
    status: 404,
    title: 'Not Found',
    detail: `No route for ${req.method} ${req.path}`,
  });
};

/** Attach with `.all(methodNotAllowed(['GET']))` after a route's real methods. */
export function methodNotAllowed(allowed: string[]): RequestHandler {
  const allow = allowed.join(', ');
  return (req, res) => {
    res.setHeader('allow', allow);
    sendProblem(res, {
      status: 405,
      title: 'Method Not Allowed',
      detail: `${req.method} is not allowed here; use ${allow}.`,
    });
  };
}

interface HttpishError {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
  expose?: unknown;
}

// Our own wording for body-parser and router errors: their messages can quote parser internals.
const CLIENT_ERRORS: Record<string, { title: string; detail: string; field: string }> = {
  'entity.parse.failed': {
    title: 'Malformed JSON',
    detail: 'The request body is not valid JSON.',
    field: 'body',
  },
  'entity.too.large': {
    title: 'Payload Too Large',
    detail: `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
    field: 'body',
  },
  'encoding.unsupported': {
    title: 'Unsupported Media Type',
    detail: 'The request body uses an unsupported content-encoding.',
    field: 'content-encoding',
  },
  'charset.unsupported': {
    title: 'Unsupported Media Type',
    detail: 'The request body uses an unsupported charset.',
    field: 'content-type',
  },
  'request.size.invalid': {
    title: 'Bad Request',
    detail: 'The request body length does not match content-length.',
    field: 'content-length',
  },
  'request.aborted': { title: 'Bad Request', detail: 'The request was aborted.', field: 'body' },
};

function clientStatus(error: HttpishError): number | undefined {
  const status = typeof error.status === 'number' ? error.status : error.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** Last middleware: maps client errors to 4xx problems and anything else to a logged, opaque 500. */
export function problemErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const httpish = (typeof error === 'object' && error !== null ? error : {}) as HttpishError;
    const status = clientStatus(httpish);
    if (status !== undefined) {
      const known = typeof httpish.type === 'string' ? CLIENT_ERRORS[httpish.type] : undefined;
      sendProblem(res, {
        status,
        title: known?.title ?? 'Bad Request',
        detail: known?.detail ?? 'The request could not be understood.',
        ...(known && { errors: [{ field: known.field, detail: known.detail }] }),
      });
      return;
    }
    logger.error({ err: error, url: req.originalUrl }, 'unhandled error');
    sendProblem(res, { status: 500, title: 'Internal Server Error' });
  };
}
