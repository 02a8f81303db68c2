import type { Logger } from '@gitops-lab/service-kit';
import { withListCache } from './list-cache.js';
import { createMessageRepository, type MessageRepository } from './message-repository.js';
import { migrate } from './migrations.js';
import { createPgClient } from './pg-client.js';
import { createPgliteClient } from './pglite-client.js';

/** How stale a guestbook page may be when other replicas write to the same PostgreSQL. */
export const SHARED_DATABASE_CACHE_TTL_MS = 1000;

export interface StorageSettings {
  DATABASE_URL?: string | undefined;
  PGHOST?: string | undefined;
  DATA_DIR: string;
}

/**
 * PostgreSQL when DATABASE_URL or PGHOST is set, embedded PGlite under DATA_DIR otherwise.
 * Runs the migrations before returning; the repository reads pages through the list cache.
 */
export async function openMessageRepository(
  settings: StorageSettings,
  logger: Logger,
): Promise<MessageRepository> {
  const usePostgres = settings.DATABASE_URL !== undefined || settings.PGHOST !== undefined;
  const client = usePostgres
    ? createPgClient(settings.DATABASE_URL)
    : await createPgliteClient(settings.DATA_DIR);
  try {
    const applied = await migrate(client);
    logger.info(
      { engine: client.engine, ...(!usePostgres && { dataDir: settings.DATA_DIR }), applied },
      applied.length > 0 ? 'database migrated' : 'database schema up to date',
    );
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }
  // Other replicas write to a shared PostgreSQL; nobody else writes to this process's PGlite.
  const ttlMs = usePostgres ? SHARED_DATABASE_CACHE_TTL_MS : Number.POSITIVE_INFINITY;
  return withListCache(createMessageRepository(client), { ttlMs });
}
