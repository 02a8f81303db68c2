// Security headers with helmet's defaults, set by helmet on every response; apps serving HTML pass
// their own CSP.
import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

export type ContentSecurityPolicy = HelmetOptions['contentSecurityPolicy'];

export interface SecurityOptions {
  /** Override helmet's default CSP (the frontend allows its own scripts and the API origin). */
  contentSecurityPolicy?: ContentSecurityPolicy;
}

export function securityHeaders(options: SecurityOptions = {}): RequestHandler {
  return helmet({
    ...(options.contentSecurityPolicy !== undefined && {
      contentSecurityPolicy: options.contentSecurityPolicy,
    }),
  });
}
