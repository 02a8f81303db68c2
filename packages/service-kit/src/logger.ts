// JSON-lines logger for containers; human-readable output when a person is watching a terminal.
import pino, { type DestinationStream, type LevelWithSilent, type Logger } from 'pino';
import pretty from 'pino-pretty';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LoggerOptions {
  service: string;
  level?: LevelWithSilent;
  /** `auto` (default): pretty when stdout is a TTY, JSON lines otherwise. */
  format?: LogFormat;
  /** Extra fields on every line (version, pod...). */
  base?: Record<string, unknown>;
  /** Destination for JSON lines; stdout by default. Tests pass a stream here. */
  destination?: DestinationStream;
}

export type { Logger };

export function createLogger(options: LoggerOptions): Logger {
  const format = options.format ?? 'auto';
  const usePretty = format === 'pretty' || (format === 'auto' && process.stdout.isTTY === true);
  const settings = {
    level: options.level ?? 'info',
    base: { service: options.service, ...options.base },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (usePretty) {
    // In-process and synchronous (no worker thread), so the last lines before exit are never lost.
    // One line per entry: "[api] GET /api/info 200 (3 ms)"; the request fields are already in it.
    const stream = pretty({
      colorize: process.stdout.isTTY === true,
      sync: true,
      singleLine: true,
      ignore: 'pid,hostname,service,version,pod,req,res,responseTime',
      messageFormat: '[{service}] {msg}{if responseTime} ({responseTime} ms){end}',
    });
    return pino(settings, stream);
  }
  return pino(settings, options.destination ?? sharedStdout());
}

/** An asynchronous destination (file descriptor or path) with the buffering described above. */
export function bufferedDestination(dest: number | string): ReturnType<typeof pino.destination> {
  return pino.destination({
    dest,
    sync: false,
    minLength: LOG_BUFFER_BYTES,
    periodicFlush: LOG_FLUSH_INTERVAL_MS,
  });
}

let stdout: ReturnType<typeof pino.destination> | undefined;

// Lines are buffered up to this many bytes, and the buffer is written out at least this often:
// one write per few dozen lines instead of one per line (a write and its callback per request
// measured ~4% of the api's CPU under load), and a quiet pod's lines still show within 100 ms.
export const LOG_BUFFER_BYTES = 4096;
export const LOG_FLUSH_INTERVAL_MS = 100;

/**
 * Asynchronous, buffered stdout, one per process. Exit through `flushAndExit` so no line is
 * lost; the exit hook is the safety net for any other process.exit.
 */
function sharedStdout(): ReturnType<typeof pino.destination> {
  if (stdout) return stdout;
  const destination = bufferedDestination(1);
  process.once('exit', () => {
    try {
      destination.flushSync();
    } catch {
      // stdout already closed: nothing left to save
    }
  });
  stdout = destination;
  return destination;
}

// Longest wait for buffered log lines before exiting anyway.
const FLUSH_TIMEOUT_MS = 1000;

/** Writes out buffered log lines, then exits with `code`. */
export function flushAndExit(logger: Logger, code: number): void {
  const exit = () => process.exit(code);
  setTimeout(exit, FLUSH_TIMEOUT_MS).unref();
  logger.flush(exit);
}
