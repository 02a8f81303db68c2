// Proxies /api/* to the api. Every request opens a fresh upstream connection (`agent: false`,
// no keep-alive pool): in Kubernetes, kube-proxy balances *connections* to the `api` Service, not
// requests, so a pooled keep-alive connection would pin every request of this frontend pod to one
// api pod and the scoreboard would never show a rollout's traffic mix.
import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { Logger } from '@gitops-lab/service-kit';
import {
  POD_HEADER,
  REQUEST_ID_HEADER,
  sendProblem,
  VERSION_HEADER,
} from '@gitops-lab/service-kit';
import type { Request, RequestHandler, Response } from 'express';
import type { ObserveUpstream, UpstreamStatus } from './upstream-metrics.js';

export interface ApiProxyOptions {
  apiUrl: string;
  /** Longest wait for the api's response headers; then 504. */
  timeoutMs: number;
  logger: Logger;
  observe: ObserveUpstream;
}

// Hop-by-hop headers (RFC 9110 §7.6.1) describe one connection and must not be forwarded.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function endToEnd(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const listed = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase()),
  );
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name) && !listed.has(name)),
  );
}

function forwardedFor(req: Request): string {
  const previous = req.headers['x-forwarded-for'];
  const client = req.socket.remoteAddress ?? '';
  return previous ? `${previous}, ${client}` : client;
}

function sendUpstreamProblem(res: Response, status: 502 | 504, detail: string): void {
  sendProblem(res, {
    status,
    title: status === 502 ? 'Bad Gateway' : 'Gateway Timeout',
    detail,
  });
}

export function createApiProxy(options: ApiProxyOptions): RequestHandler {
  const target = new URL(options.apiUrl);
  const client = target.protocol === 'https:' ? https : http;
  const basePath = target.pathname.replace(/\/$/, '');

  return (req, res) => {
    // Under /api, x-app-version and x-pod-name name the api pod that answered, or nothing: never
    // this frontend (the page charges errors to the pod they name; a load balancer's own 503
    // or this proxy's 502 came from no api pod).
    res.removeHeader(VERSION_HEADER);
    res.removeHeader(POD_HEADER);
    const started = process.hrtime.bigint();
    let recorded = false;
    const record = (status: UpstreamStatus): void => {
      if (recorded) return;
      recorded = true;
      options.observe(req.method, status, Number(process.hrtime.bigint() - started) / 1e9);
    };

    const headers = endToEnd(req.headers);
    headers.host = target.host;
    headers['x-forwarded-for'] = forwardedFor(req);
    headers['x-forwarded-proto'] = req.protocol;
    headers['x-forwarded-host'] = req.headers.host ?? '';
    // The request id pino-http assigned (from the browser or fresh): one id in both services' logs.
    const requestId = res.getHeader(REQUEST_ID_HEADER);
    if (typeof requestId === 'string') headers[REQUEST_ID_HEADER] = requestId;

    const upstream = client.request({
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      method: req.method,
      path: `${basePath}${req.originalUrl}`,
      headers,
      agent: false,
    });

    const timer = setTimeout(() => {
      record('timeout');
      upstream.destroy();
      options.logger.warn({ url: req.originalUrl, timeoutMs: options.timeoutMs }, 'api timeout');
      if (!res.headersSent) {
        sendUpstreamProblem(res, 504, `The api did not answer within ${options.timeoutMs} ms.`);
      }
    }, options.timeoutMs);

    upstream.on('response', (upstreamRes) => {
      clearTimeout(timer);
      record(upstreamRes.statusCode ?? 502);
      res.status(upstreamRes.statusCode ?? 502);
      for (const [name, value] of Object.entries(endToEnd(upstreamRes.headers))) {
        if (value !== undefined) res.setHeader(name, value);
      }
      upstreamRes.pipe(res);
      // The api died mid-body: cut the client's response too rather than end it as if complete.
      upstreamRes.on('close', () => {
        if (!upstreamRes.complete) res.destroy();
      });
    });

    upstream.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      // Already answered for: timed out, cancelled by the browser, or failed mid-body (above).
      if (recorded) return;
      record('unreachable');
      options.logger.warn({ url: req.originalUrl, code: error.code }, 'api unreachable');
      sendUpstreamProblem(
        res,
        502,
        `The api at ${target.host} could not be reached (${error.code ?? error.message}).`,
      );
    });

    // The browser gave up (e.g. the scoreboard's own timeout): stop the upstream request too.
    res.on('close', () => {
      if (res.writableFinished) return;
      clearTimeout(timer);
      if (!recorded) record('aborted');
      upstream.destroy();
    });

    req.pipe(upstream);
  };
}
