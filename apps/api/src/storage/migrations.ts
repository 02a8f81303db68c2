// Schema migrations, applied at start-up. They run inside one transaction holding a
// transaction-scoped advisory lock, so replicas starting together apply each migration once:
// the others wait for the lock, then find nothing left to do.
import type { SqlClient } from './sql-client.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

// Append only: never edit a migration that has shipped.
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'create guestbook_messages',
    sql: `CREATE TABLE guestbook_messages (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      author varchar(40) NOT NULL,
      text varchar(280) NOT NULL,
      pod text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  },
];

// Any constant works as long as every replica uses the same one ("gitops-lab" as digits).
export const MIGRATION_LOCK_KEY = 7_150_517_001;

/** Applies pending migrations and returns the versions it applied (empty when up to date). */
export async function migrate(
  client: SqlClient,
  migrations: Migration[] = MIGRATIONS,
): Promise<number[]> {
  return client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await tx.query(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      done.push(migration.version);
    }
    return done;
  });
}
