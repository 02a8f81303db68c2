// The one seam between the guestbook and its database engine: PostgreSQL over the network (`pg`)
// and embedded PGlite both speak the same SQL through this interface.

export interface SqlExecutor {
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface SqlClient extends SqlExecutor {
  /** Which engine answers: shown in logs and /api/info. */
  readonly engine: 'postgres' | 'pglite';
  /** Runs `work` in one transaction on one connection; rolls back if it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
