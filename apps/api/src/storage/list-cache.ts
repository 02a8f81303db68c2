// A read cache for guestbook pages: most requests ask for the same first page (every open
// scoreboard polls it). It stays because it is not only for the benchmark: with embedded PGlite
// the query runs on this process's own thread (PostgreSQL compiled to WebAssembly), and without
// the cache `npm run bench` measured GET /api/messages at 61-180 req/s (0.05 of bare Express,
// p99 over 300 ms, the profile 60 % inside PGlite) instead of the same rate as /api/info.
// Writes through this repository empty the cache at once, so a client always reads its own
// writes. Writes by *other* replicas (shared PostgreSQL) show up when an entry expires (`ttlMs`);
// with embedded PGlite this process is the only writer, so entries never need to expire.
import type { MessagePage, MessageRepository } from './message-repository.js';

export interface ListCacheOptions {
  /** How long a page may be served from memory; Infinity when this process is the only writer. */
  ttlMs: number;
  /** Distinct pages kept (each limit+cursor pair is one); the oldest is dropped first. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  expiresAt: number;
  page: Promise<MessagePage>;
}

export function withListCache(
  repository: MessageRepository,
  options: ListCacheOptions,
): MessageRepository {
  const maxEntries = options.maxEntries ?? 200;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  return {
    engine: repository.engine,
    list(query) {
      const key = `${query.limit}:${query.before ?? ''}`;
      const cached = entries.get(key);
      if (cached && cached.expiresAt > now()) return cached.page;
      // Concurrent misses share one query; a failed query is not cached.
      const page = repository.list(query);
      const entry = { expiresAt: now() + options.ttlMs, page };
      entries.delete(key);
      entries.set(key, entry);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      page.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return page;
    },
    async create(message) {
      const created = await repository.create(message);
      entries.clear();
      return created;
    },
    async delete(id) {
      const deleted = await repository.delete(id);
      entries.clear();
      return deleted;
    },
    ping: () => repository.ping(),
    close: () => repository.close(),
  };
}
