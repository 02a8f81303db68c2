// What the scoreboard records for each request it fires at /api/info.

export interface OkOutcome {
  kind: 'ok';
  version: string;
  color: string;
  pod: string;
}

export interface ErrorOutcome {
  kind: 'error';
  /** Short text shown on the cell and in the log, e.g. `HTTP 502`, `timeout`, `network error`. */
  reason: string;
  /**
   * The api pod and version that answered with the error, from its x-pod-name/x-app-version
   * headers. Absent when no api answered (the proxy's 502/504, a timeout, a network error).
   */
  pod?: string;
  version?: string;
}

export interface Sample {
  /** When the response (or the failure) arrived, in ms since the epoch. */
  at: number;
  latencyMs: number;
  outcome: OkOutcome | ErrorOutcome;
}
