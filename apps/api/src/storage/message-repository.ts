// The guestbook's storage: one interface, one SQL implementation for PostgreSQL and PGlite.
import type { SqlClient } from './sql-client.js';

export interface Message {
  id: number;
  author: string;
  text: string;
  /** The pod that stored it: shows which replica served the write. */
  pod: string;
  createdAt: string;
}

export interface NewMessage {
  author: string;
  text: string;
  pod: string;
}

export interface MessagePage {
  items: Message[];
  /** Pass as `before` to get the next (older) page; undefined on the last page. */
  nextBefore: number | undefined;
}

export interface MessageRepository {
  readonly engine: SqlClient['engine'];
  /** Newest first; only messages with an id below `before` when given. */
  list(options: { limit: number; before?: number }): Promise<MessagePage>;
  create(message: NewMessage): Promise<Message>;
  /** False when there was no such message. */
  delete(id: number): Promise<boolean>;
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

interface MessageRow {
  id: number;
  author: string;
  text: string;
  pod: string;
  created_at: Date | string;
}

const COLUMNS = 'id, author, text, pod, created_at';

const toMessage = (row: MessageRow): Message => ({
  id: row.id,
  author: row.author,
  text: row.text,
  pod: row.pod,
  createdAt: new Date(row.created_at).toISOString(),
});

export function createMessageRepository(client: SqlClient): MessageRepository {
  return {
    engine: client.engine,
    async list({ limit, before }) {
      // One row more than asked tells whether another page exists.
      const rows = await client.query<MessageRow>(
        `SELECT ${COLUMNS} FROM guestbook_messages
         WHERE $1::integer IS NULL OR id < $1::integer
         ORDER BY id DESC LIMIT $2`,
        [before ?? null, limit + 1],
      );
      const items = rows.slice(0, limit).map(toMessage);
      const hasMore = rows.length > limit;
      return { items, nextBefore: hasMore ? items[items.length - 1]?.id : undefined };
    },
    async create({ author, text, pod }) {
      const rows = await client.query<MessageRow>(
        `INSERT INTO guestbook_messages (author, text, pod) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
        [author, text, pod],
      );
      const row = rows[0];
      if (!row) throw new Error('INSERT returned no row');
      return toMessage(row);
    },
    async delete(id) {
      const rows = await client.query<{ id: number }>(
        'DELETE FROM guestbook_messages WHERE id = $1 RETURNING id',
        [id],
      );
      return rows.length > 0;
    },
    async ping() {
      await client.query('SELECT 1');
    },
    close: () => client.close(),
  };
}
