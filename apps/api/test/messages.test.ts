import request from 'supertest';
import { createTestApi, TEST_POD, type TestApi } from './support/test-app';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

const post = (body: unknown) =>
  request(api.app)
    .post('/api/messages')
    .send(body as object);

describe('guestbook', () => {
  it('POST stores a message and answers 201 with it and its Location', async () => {
    const res = await post({ author: '  Ada ', text: 'Hello from the storage lab' });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/messages/${res.body.id}`);
    expect(res.body).toEqual({
      id: expect.any(Number),
      author: 'Ada',
      text: 'Hello from the storage lab',
      pod: TEST_POD,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('accepts the maximum lengths, counted in characters like PostgreSQL', async () => {
    const res = await post({ author: '😀'.repeat(40), text: 'é'.repeat(280) });
    expect(res.status).toBe(201);
    expect(res.body.author).toBe('😀'.repeat(40));
  });

  it('GET lists newest first and pages with an opaque cursor until nextCursor is null', async () => {
    await api.clearMessages();
    for (let i = 1; i <= 5; i++) {
      await request(api.app)
        .post('/api/messages')
        .send({ author: 'pager', text: `message ${i}` });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await request(api.app)
        .get('/api/messages')
        .query({ limit: '2', ...(cursor && { cursor }) });
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((m: { text: string }) => m.text));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['message 5', 'message 4', 'message 3', 'message 2', 'message 1']);
  });

  it('GET uses a default limit of 20', async () => {
    await api.clearMessages();
    for (let i = 0; i < 21; i++) {
      await request(api.app)
        .post('/api/messages')
        .send({ author: 'bulk', text: `${i}` });
    }
    const res = await request(api.app).get('/api/messages');
    expect(res.body.items).toHaveLength(20);
    expect(res.body.nextCursor).toEqual(expect.any(String));
  });

  it('DELETE removes a message (204), then answers 404', async () => {
    const created = await post({ author: 'temp', text: 'delete me' });
    const first = await request(api.app).delete(`/api/messages/${created.body.id}`);
    expect(first.status).toBe(204);
    const second = await request(api.app).delete(`/api/messages/${created.body.id}`);
    expect(second.status).toBe(404);
    expect(second.headers['content-type']).toMatch(/^application\/problem\+json/);
    const list = await request(api.app).get('/api/messages?limit=100');
    expect(list.body.items.map((m: { id: number }) => m.id)).not.toContain(created.body.id);
  });
});
