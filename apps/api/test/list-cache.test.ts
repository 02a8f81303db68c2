import { withListCache } from '../src/storage/list-cache';
import type { MessagePage, MessageRepository } from '../src/storage/message-repository';

function countingRepository() {
  const calls: string[] = [];
  let failNext = false;
  const page = (label: string): MessagePage => ({
    items: [{ id: 1, author: 'a', text: label, pod: 'p', createdAt: '2026-01-01T00:00:00.000Z' }],
    nextBefore: undefined,
  });
  const repository: MessageRepository = {
    engine: 'pglite',
    async list({ limit, before }) {
      calls.push(`list ${limit} ${before ?? '-'}`);
      if (failNext) {
        failNext = false;
        throw new Error('database down');
      }
      return page(`call ${calls.length}`);
    },
    async create(message) {
      calls.push('create');
      return { id: 2, ...message, createdAt: '2026-01-01T00:00:00.000Z' };
    },
    async delete() {
      calls.push('delete');
      return true;
    },
    async ping() {},
    async close() {},
  };
  return { repository, calls, failNextList: () => (failNext = true) };
}

describe('withListCache', () => {
  it('serves repeated pages from memory, per limit and cursor', async () => {
    const { repository, calls } = countingRepository();
    const cached = withListCache(repository, { ttlMs: Number.POSITIVE_INFINITY });
    await Promise.all([cached.list({ limit: 20 }), cached.list({ limit: 20 })]);
    await cached.list({ limit: 20 });
    await cached.list({ limit: 5, before: 9 });
    expect(calls).toEqual(['list 20 -', 'list 5 9']);
  });

  it('forgets every page after a create or a delete (read your own writes)', async () => {
    const { repository, calls } = countingRepository();
    const cached = withListCache(repository, { ttlMs: Number.POSITIVE_INFINITY });
    await cached.list({ limit: 20 });
    await cached.create({ author: 'a', text: 't', pod: 'p' });
    const afterCreate = await cached.list({ limit: 20 });
    await cached.delete(2);
    await cached.list({ limit: 20 });
    expect(calls).toEqual(['list 20 -', 'create', 'list 20 -', 'delete', 'list 20 -']);
    expect(afterCreate.items[0]?.text).toBe('call 3');
  });

  it('expires pages after ttlMs, so other replicas writes show up', async () => {
    const { repository, calls } = countingRepository();
    let clock = 0;
    const cached = withListCache(repository, { ttlMs: 1000, now: () => clock });
    await cached.list({ limit: 20 });
    clock = 999;
    await cached.list({ limit: 20 });
    clock = 1000;
    await cached.list({ limit: 20 });
    expect(calls).toHaveLength(2);
  });

  it('does not cache a failed query', async () => {
    const { repository, calls, failNextList } = countingRepository();
    const cached = withListCache(repository, { ttlMs: Number.POSITIVE_INFINITY });
    failNextList();
    await expect(cached.list({ limit: 20 })).rejects.toThrow('database down');
    await expect(cached.list({ limit: 20 })).resolves.toMatchObject({ items: [expect.anything()] });
    expect(calls).toHaveLength(2);
  });

  it('keeps at most maxEntries pages, dropping the oldest', async () => {
    const { repository, calls } = countingRepository();
    const cached = withListCache(repository, { ttlMs: Number.POSITIVE_INFINITY, maxEntries: 2 });
    await cached.list({ limit: 1 });
    await cached.list({ limit: 2 });
    await cached.list({ limit: 3 });
    await cached.list({ limit: 2 });
    await cached.list({ limit: 1 });
    expect(calls).toEqual(['list 1 -', 'list 2 -', 'list 3 -', 'list 1 -']);
  });
});
