// The one way a service runs its HTTP server: timeouts that suit a load balancer in front, the
// graceful-shutdown lifecycle attached, fatal server errors logged before exiting, and the
// SIGTERM/SIGINT handlers installed here and nowhere else.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { Logger } from 'pino';
import type { Lifecycle } from './lifecycle.js';
import { flushAndExit } from './logger.js';

/**
 * An AWS ALB keeps an idle connection to a target open for 60 s and reuses it. If the target
 * closes it first (Node's default is 5 s), a request the ALB sends at that moment fails with a
 * 502. So the target waits longer than the load balancer: 65 s by default (KEEP_ALIVE_TIMEOUT_MS).
 */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** Longest time a client may take to send one whole request (headers and body). */
export const REQUEST_TIMEOUT_MS = 120_000;

export interface StartServerOptions {
  /** The request handler, usually the Express app. */
  app: RequestListener;
  port: number;
  /** How long an idle keep-alive connection stays open; above the load balancer's idle timeout. */
  keepAliveTimeoutMs: number;
  logger: Logger;
  lifecycle: Lifecycle;
  /** Logged once the port is open and the lifecycle says ready. */
  readyMessage: string;
  readyFields?: Record<string, unknown>;
  /** Default: `flushAndExit(logger, 1)`. */
  exit?: (code: number) => void;
}

export function startServer(options: StartServerOptions): Server {
  const { logger, lifecycle } = options;
  const exit = options.exit ?? ((code: number) => flushAndExit(logger, code));
  // Node's older parsers counted an idle keep-alive connection against headersTimeout, cutting
  // it before keepAliveTimeout: keep it above. Node refuses a requestTimeout below headersTimeout.
  const headersTimeout = options.keepAliveTimeoutMs + 1000;
  const server = createServer({
    headersTimeout,
    requestTimeout: Math.max(REQUEST_TIMEOUT_MS, headersTimeout),
  });
  server.keepAliveTimeout = options.keepAliveTimeoutMs;
  // The lifecycle's request listener must run before the app's: while draining it marks each
  // response `connection: close`, which is only possible before the app has answered.
  lifecycle.attach(server);
  server.on('request', options.app);
  server.on('error', (error) => {
    logger.fatal({ err: error }, 'server error');
    exit(1);
  });
  lifecycle.installSignalHandlers();
  server.listen(options.port, () => {
    lifecycle.markStarted();
    logger.info(
      {
        port: options.port,
        keepAliveTimeoutMs: options.keepAliveTimeoutMs,
        ...options.readyFields,
      },
      options.readyMessage,
    );
  });
  return server;
}
