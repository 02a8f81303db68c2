import { httpRequest } from './http';
import type { RequestKind, RequestRecord } from './load';

/** The requests of the rollout test, each defined once; a mix gives each its weight. */
export const requests = {
  apiInfo: { name: 'GET /api/info', method: 'GET', path: '/api/info', ok: [200] },
  messages: { name: 'GET /api/messages', method: 'GET', path: '/api/messages?limit=5', ok: [200] },
  postMessage: {
    name: 'POST /api/messages',
    method: 'POST',
    path: '/api/messages',
    body: (seq: number) => ({ author: 'rollout', text: `load message ${seq}` }),
    ok: [201],
  },
  /** The frontend's own identity (not the api's). */
  frontendInfo: { name: 'GET /info', method: 'GET', path: '/info', ok: [200] },
} satisfies Record<string, Omit<RequestKind, 'weight'>>;

export const weighted = (request: Omit<RequestKind, 'weight'>, weight: number): RequestKind => ({
  ...request,
  weight,
});

/** The api traffic of the rollout test: reads of identity and messages, and guestbook writes. */
export const apiMix: RequestKind[] = [
  weighted(requests.apiInfo, 4),
  weighted(requests.messages, 4),
  weighted(requests.postMessage, 2),
];

/** Ids of the messages the api acknowledged (201 with the stored message). */
export function acknowledgedIds(records: RequestRecord[]): number[] {
  return records
    .filter((r) => r.kind === 'POST /api/messages' && !r.failed)
    .map((r) => (r.ack as { id?: unknown } | undefined)?.id)
    .filter((id): id is number => typeof id === 'number');
}

/** Every message id readable through GET /api/messages, following the cursors to the last page. */
export async function readableIds(baseUrl: string): Promise<Set<number>> {
  const ids = new Set<number>();
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const res = await httpRequest(`${baseUrl}/api/messages?limit=100${query}`, { timeoutMs: 5000 });
    if (res.status !== 200) throw new Error(`GET /api/messages: HTTP ${res.status} ${res.body}`);
    const page = JSON.parse(res.body) as { items: { id: number }[]; nextCursor: string | null };
    for (const item of page.items) ids.add(item.id);
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}
