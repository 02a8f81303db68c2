// Graceful shutdown for a Kubernetes pod behind a load balancer:
//   1. SIGTERM/SIGINT: readiness turns false at once, so the pod leaves the Service/ALB;
//   2. keep serving for `shutdownDelayMs` while the load balancer deregisters the pod;
//   3. stop accepting connections, let in-flight requests finish, close idle keep-alive sockets;
//   4. run close hooks (database pools...), exit 0; or exit 1 when `shutdownTimeoutMs` runs out.
// A second signal exits at once.
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { flushAndExit } from './logger.js';

export type Phase = 'starting' | 'serving' | 'draining' | 'closing' | 'closed';
export type CloseHook = () => Promise<void> | void;

export interface LifecycleOptions {
  logger: Logger;
  shutdownDelayMs: number;
  shutdownTimeoutMs: number;
  /** Default: `flushAndExit(logger, code)`, which writes out buffered log lines first. */
  exit?: (code: number) => void;
}

export interface Lifecycle {
  readonly phase: Phase;
  readonly inFlight: number;
  /** True once `markStarted` ran and until shutdown begins. */
  isReady(): boolean;
  markStarted(): void;
  /** Counts in-flight requests of `server` and closes it on shutdown. */
  attach(server: Server): void;
  /** Runs after the server closed, in reverse registration order (last opened, first closed). */
  onClose(hook: CloseHook): void;
  installSignalHandlers(signals?: NodeJS.Signals[]): void;
  shutdown(reason: string): Promise<void>;
}

// While waiting for in-flight requests, connections that just went idle are closed this often.
const IDLE_SWEEP_MS = 100;

export function createLifecycle(options: LifecycleOptions): Lifecycle {
  const { logger } = options;
  const exit = options.exit ?? ((code: number) => flushAndExit(logger, code));
  const hooks: CloseHook[] = [];
  let phase: Phase = 'starting';
  let inFlight = 0;
  let server: Server | undefined;
  let shutdownStarted = false;

  const log = (message: string, fields: Record<string, unknown> = {}): void =>
    logger.info({ phase, inFlight, ...fields }, message);

  const closeServer = (): Promise<void> =>
    new Promise((resolve) => {
      if (!server?.listening) {
        resolve();
        return;
      }
      const sweep = setInterval(() => server?.closeIdleConnections(), IDLE_SWEEP_MS);
      server.close(() => {
        clearInterval(sweep);
        resolve();
      });
      server.closeIdleConnections();
    });

  const lifecycle: Lifecycle = {
    get phase() {
      return phase;
    },
    get inFlight() {
      return inFlight;
    },
    isReady: () => phase === 'serving',
    markStarted() {
      if (phase === 'starting') phase = 'serving';
    },
    attach(target) {
      server = target;
      // Prepended: runs before the app's handler, which may answer synchronously.
      target.prependListener('request', (_req, res) => {
        inFlight++;
        // Clients on a draining pod should reconnect elsewhere rather than reuse this socket.
        if (phase !== 'serving' && phase !== 'starting' && !res.headersSent) {
          res.setHeader('connection', 'close');
        }
        res.once('close', () => {
          inFlight--;
        });
      });
    },
    onClose(hook) {
      hooks.push(hook);
    },
    installSignalHandlers(signals = ['SIGTERM', 'SIGINT']) {
      for (const signal of signals) {
        process.on(signal, () => {
          if (shutdownStarted) {
            log('second signal: exiting now', { signal });
            exit(1);
            return;
          }
          void lifecycle.shutdown(signal);
        });
      }
    },
    async shutdown(reason) {
      if (shutdownStarted) return;
      shutdownStarted = true;
      phase = 'draining';
      const deadline = setTimeout(() => {
        log('shutdown timeout: exiting with in-flight work', {
          timeoutMs: options.shutdownTimeoutMs,
        });
        exit(1);
      }, options.shutdownTimeoutMs);
      log('shutdown: not ready, still serving while the load balancer deregisters', {
        reason,
        delayMs: options.shutdownDelayMs,
      });
      await new Promise((resolve) => setTimeout(resolve, options.shutdownDelayMs));

      phase = 'closing';
      log('shutdown: closing server, waiting for in-flight requests');
      await closeServer();

      log('shutdown: server closed, running close hooks', { hooks: hooks.length });
      for (const hook of [...hooks].reverse()) {
        try {
          await hook();
        } catch (error) {
          logger.error({ err: error }, 'shutdown: close hook failed');
        }
      }
      phase = 'closed';
      clearTimeout(deadline);
      log('shutdown: done');
      exit(0);
    },
  };
  return lifecycle;
}
