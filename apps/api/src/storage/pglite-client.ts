import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { SqlClient, SqlExecutor } from './sql-client.js';

/**
 * Embedded PostgreSQL (PGlite: the real engine compiled to WASM) storing its files under
 * `dataDir`; `memory://` keeps everything in memory (tests).
 */
export async function createPgliteClient(dataDir: string): Promise<SqlClient> {
  if (!dataDir.startsWith('memory://')) await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);

  const executor = (target: PGlite | Transaction): SqlExecutor => ({
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await target.query<Row>(sql, params);
      return result.rows;
    },
  });

  return {
    engine: 'pglite',
    ...executor(db),
    transaction: (work) => db.transaction((tx) => work(executor(tx))),
    close: () => db.close(),
  };
}
