// Security headers with helmet's defaults; apps serving HTML pass their own CSP.
import type { RequestHandler, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

export type ContentSecurityPolicy = HelmetOptions['contentSecurityPolicy'];

export interface SecurityOptions {
  /** Override helmet's default CSP (the frontend allows its own scripts and the API origin). */
  contentSecurityPolicy?: ContentSecurityPolicy;
}

function hasPerRequestDirective(csp: ContentSecurityPolicy): boolean {
  if (typeof csp !== 'object' || csp === null || !csp.directives) return false;
  return Object.values(csp.directives).some(
    (value) =>
      typeof value === 'function' ||
      (Array.isArray(value) && value.some((item) => typeof item === 'function')),
  );
}

/** Runs helmet once against a recorder and returns the headers it sets and removes. */
function recordHeaders(middleware: RequestHandler): { set: [string, string][]; removed: string[] } {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: unknown) {
      set.push([name, String(value)]);
      return recorder;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  middleware({} as never, recorder as unknown as Response, () => {});
  return { set, removed };
}

export function securityHeaders(options: SecurityOptions = {}): RequestHandler {
  const middleware = helmet({
    ...(options.contentSecurityPolicy !== undefined && {
      contentSecurityPolicy: options.contentSecurityPolicy,
    }),
  }) as RequestHandler;
  // Nonce-style CSP functions need the request: keep helmet per request for those.
  if (hasPerRequestDirective(options.contentSecurityPolicy)) return middleware;
  // Otherwise the headers never change: compute them once instead of on every response.
  const { set, removed } = recordHeaders(middleware);
  return (_req, res, next) => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}
