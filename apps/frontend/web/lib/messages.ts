// Guestbook messages as the api returns them.

export interface Message {
  id: string;
  author: string;
  text: string;
  /** The api pod that stored the message. */
  pod: string;
  createdAt: string;
}

function readMessage(value: unknown): Message | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const id = record.id;
  if ((typeof id !== 'string' && typeof id !== 'number') || typeof record.text !== 'string') {
    return undefined;
  }
  return {
    id: String(id),
    author: typeof record.author === 'string' ? record.author : '',
    text: record.text,
    pod: typeof record.pod === 'string' ? record.pod : '',
    createdAt: typeof record.createdAt === 'string' ? record.createdAt : '',
  };
}

/** The newest page from GET /api/messages (`{ items: [...] }`); unreadable items are dropped. */
export function readMessages(body: unknown): Message[] {
  const list = (body as { items?: unknown } | null)?.items;
  if (!Array.isArray(list)) return [];
  return list.map(readMessage).filter((m): m is Message => m !== undefined);
}
