import http from 'node:http';

/** One kind of request in the load mix. */
export interface RequestKind {
  name: string;
  /** Relative share of the mix. */
  weight: number;
  method: 'GET' | 'POST';
  path: string;
  /** Body for POST; `seq` is unique per request. */
  body?: (seq: number) => unknown;
  /** The statuses that count as success. */
  ok: number[];
}

export interface RequestRecord {
  kind: string;
  /** ms since the load started, when the request was sent. */
  sentAt: number;
  ms: number;
  status: number;
  /** `x-app-version` of the response. */
  version: string | undefined;
  error: string | undefined;
  /** For failed HTTP answers: who answered (`load balancer` for HAProxy's own error pages). */
  source: string | undefined;
  /** Parsed JSON body of successful POSTs (the acknowledgement). */
  ack: unknown;
  failed: boolean;
}

export interface LoadOptions {
  baseUrl: string;
  /** Requests per second, sent open-loop (a slow server does not slow the sender down). */
  rate: number;
  mix: RequestKind[];
  timeoutMs?: number;
  /** Keep-alive connections to the load balancer. */
  connections?: number;
}

export interface LoadRun {
  /** Records so far (the array keeps growing until `stop`). */
  records: RequestRecord[];
  /** ms since the load started (the clock of `sentAt`). */
  elapsedMs(): number;
  /** Stops sending, waits for requests in flight, returns every record. */
  stop(): Promise<RequestRecord[]>;
}

function pick(mix: RequestKind[], seq: number): RequestKind {
  // Deterministic interleaving by weight: the same mix in every run and every second.
  const total = mix.reduce((sum, k) => sum + k.weight, 0);
  let slot = (seq * 7919) % total;
  for (const kind of mix) {
    if (slot < kind.weight) return kind;
    slot -= kind.weight;
  }
  return mix[0] as RequestKind;
}

/**
 * Sends one request of `kind` through `agent` and resolves with its record (never rejects); `sentAt`
 * counts from `clockStart` (a `Date.now()` value).
 */
export function sendRecorded(
  agent: http.Agent,
  baseUrl: string,
  kind: RequestKind,
  seq: number,
  clockStart: number,
  timeoutMs: number,
): Promise<RequestRecord> {
  return new Promise((resolve) => {
    const sentAt = Date.now() - clockStart;
    const payload = kind.body ? JSON.stringify(kind.body(seq)) : undefined;
    let done = false;
    const finish = (
      status: number,
      version: string | undefined,
      error: string | undefined,
      body: string,
    ) => {
      if (done) return;
      done = true;
      const failed = error !== undefined || !kind.ok.includes(status);
      let ack: unknown;
      if (!failed && kind.method === 'POST') {
        try {
          ack = JSON.parse(body);
        } catch {
          ack = undefined;
        }
      }
      // HAProxy's own error pages are HTML; the services answer problem+json.
      const fromBalancer = body.startsWith('<html>');
      resolve({
        kind: kind.name,
        sentAt,
        ms: Date.now() - clockStart - sentAt,
        status,
        version,
        error,
        source:
          failed && error === undefined ? (fromBalancer ? 'load balancer' : 'service') : undefined,
        ack,
        failed,
      });
    };
    const req = http.request(
      `${baseUrl}${kind.path}`,
      {
        method: kind.method,
        agent,
        headers: payload
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
          : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const version = res.headers['x-app-version'];
          finish(
            res.statusCode ?? 0,
            Array.isArray(version) ? version[0] : version,
            undefined,
            Buffer.concat(chunks).toString('utf8'),
          );
        });
        res.on('error', (err) => finish(res.statusCode ?? 0, undefined, err.message, ''));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout ${timeoutMs} ms`)));
    req.on('error', (err) =>
      finish(0, undefined, (err as NodeJS.ErrnoException).code ?? err.message, ''),
    );
    req.end(payload);
  });
}

/** Starts a steady open-loop load against `baseUrl` and records every request. */
export function startLoad(options: LoadOptions): LoadRun {
  // Idle pooled sockets close after 15 s, before the balancer's 60 s idle timeout (no reuse race).
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: options.connections ?? 256,
    timeout: 15_000,
  });
  const timeoutMs = options.timeoutMs ?? 10_000;
  const records: RequestRecord[] = [];
  const started = Date.now();
  let sent = 0;
  let inFlight = 0;
  let stopped = false;
  let drained: (() => void) | undefined;

  const send = (kind: RequestKind, seq: number) => {
    inFlight++;
    void sendRecorded(agent, options.baseUrl, kind, seq, started, timeoutMs).then((record) => {
      inFlight--;
      records.push(record);
      if (stopped && inFlight === 0) drained?.();
    });
  };

  // Every 10 ms, send as many requests as the schedule says are due by now.
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - started) / 1000) * options.rate);
    while (sent < due) {
      send(pick(options.mix, sent), sent);
      sent++;
    }
  }, 10);

  return {
    records,
    elapsedMs: () => Date.now() - started,
    stop() {
      stopped = true;
      clearInterval(timer);
      return new Promise((resolve) => {
        const finish = () => {
          agent.destroy();
          resolve(records);
        };
        if (inFlight === 0) finish();
        else drained = finish;
      });
    },
  };
}
