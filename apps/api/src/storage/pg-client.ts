import pg from 'pg';
import type { SqlClient, SqlExecutor } from './sql-client.js';

/**
 * PostgreSQL through a `pg` pool. Without a connection string `pg` uses the libpq variables
 * (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE), which is what the Kubernetes manifests set.
 */
export function createPgClient(connectionString: string | undefined): SqlClient {
  const pool = new pg.Pool({
    ...(connectionString !== undefined && { connectionString }),
    max: 10,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => {});

  const executor = (target: pg.Pool | pg.PoolClient): SqlExecutor => ({
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await target.query(sql, params);
      return result.rows as Row[];
    },
  });

  return {
    engine: 'postgres',
    ...executor(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(executor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
