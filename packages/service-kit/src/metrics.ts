// Prometheus metrics: one registry per app, HTTP RED metrics labelled by route template.
import type { Request, RequestHandler } from 'express';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Route label for requests that matched no route: keeps label cardinality bounded. */
export const UNMATCHED_ROUTE = '<unmatched>';

export interface BuildInfo {
  version: string;
  revision: string;
  color: string;
}

export interface Metrics {
  registry: Registry;
  /** Records duration and in-flight count for every request. Mount it first. */
  httpMetrics: RequestHandler;
  /** Serves the registry in the Prometheus text format. */
  metricsHandler: RequestHandler;
}

export interface MetricsOptions {
  build: BuildInfo;
  /** Collect Node's default process metrics (on by default). */
  defaultMetrics?: boolean;
}

/**
 * The template of the matched route ("/api/messages/:id"), never the raw path: raw paths
 * would create one time series per id and per scanner probe.
 */
export function routeTemplate(req: Request): string {
  const path: unknown = req.route?.path;
  if (typeof path !== 'string') return UNMATCHED_ROUTE;
  return `${req.baseUrl}${path}` || '/';
}

export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });

  new Gauge({
    name: 'app_build_info',
    help: 'Build of the running app; always 1, the labels carry the information.',
    labelNames: ['version', 'revision', 'color'],
    registers: [registry],
  }).set(
    // Only these three labels, even when handed a richer object such as an Identity.
    {
      version: options.build.version,
      revision: options.build.revision,
      color: options.build.color,
    },
    1,
  );

  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status code.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'http_requests_in_flight',
    help: 'HTTP requests currently being served.',
    registers: [registry],
  });

  const httpMetrics: RequestHandler = (req, res, next) => {
    const start = performance.now();
    inFlight.inc();
    // `close` follows `finish`, and also fires alone when the client goes away first.
    res.once('close', () => {
      inFlight.dec();
      duration.observe(
        { method: req.method, route: routeTemplate(req), status: String(res.statusCode) },
        (performance.now() - start) / 1000,
      );
    });
    next();
  };

  const metricsHandler: RequestHandler = async (_req, res) => {
    res.setHeader('content-type', registry.contentType);
    res.send(await registry.metrics());
  };

  return { registry, httpMetrics, metricsHandler };
}
