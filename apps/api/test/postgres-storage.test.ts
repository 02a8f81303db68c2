// The `pg` storage path against a real PostgreSQL server: same repository, same migrations.

import { createLogger } from '@gitops-lab/service-kit';
import {
  postgresUnavailableReason,
  startPostgres,
  type ThrowawayPostgres,
} from '@gitops-lab/test-support';
import pg from 'pg';
import request from 'supertest';
import { createMessageRepository, type MessageRepository } from '../src/storage/message-repository';
import { MIGRATIONS, migrate } from '../src/storage/migrations';
import { openMessageRepository } from '../src/storage/open-message-repository';
import { createPgClient } from '../src/storage/pg-client';
import { createTestApi } from './support/test-app';

const unavailable = postgresUnavailableReason();
if (unavailable && process.env.CI === 'true') {
  throw new Error(`PostgreSQL is required under CI: ${unavailable}`);
}
if (unavailable) console.warn(`skipping PostgreSQL storage tests: ${unavailable}`);
const describeWithPostgres = unavailable ? describe.skip : describe;

const silent = createLogger({ service: 'api', level: 'silent', format: 'json' });

describeWithPostgres('PostgreSQL storage (real server)', () => {
  let server: ThrowawayPostgres;
  let repository: MessageRepository;

  beforeAll(async () => {
    server = await startPostgres();
    repository = await openMessageRepository(
      { DATABASE_URL: server.url, PGHOST: undefined, DATA_DIR: 'unused' },
      silent,
    );
  }, 60_000);

  afterAll(async () => {
    await repository?.close();
    await server?.stop();
  });

  it('is selected by DATABASE_URL and serves the guestbook through the api', async () => {
    expect(repository.engine).toBe('postgres');
    const api = await createTestApi({ repository });
    const created = await request(api.app)
      .post('/api/messages')
      .send({ author: 'pg', text: 'stored in PostgreSQL' });
    expect(created.status).toBe(201);
    const listed = await request(api.app).get('/api/messages?limit=1');
    expect(listed.body.items[0]).toMatchObject({
      id: created.body.id,
      author: 'pg',
      text: 'stored in PostgreSQL',
    });
    expect((await request(api.app).get('/api/info')).body.storage).toBe('postgres');
    expect((await request(api.app).get('/readyz')).status).toBe(200);
    expect((await request(api.app).delete(`/api/messages/${created.body.id}`)).status).toBe(204);
  });

  it('is selected by the libpq PGHOST/PGPORT/PGUSER/PGDATABASE variables too', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      PGHOST: '127.0.0.1',
      PGPORT: String(server.port),
      PGUSER: 'postgres',
      PGDATABASE: 'postgres',
    });
    try {
      const viaLibpq = await openMessageRepository(
        { DATABASE_URL: undefined, PGHOST: '127.0.0.1', DATA_DIR: 'unused' },
        silent,
      );
      expect(viaLibpq.engine).toBe('postgres');
      await viaLibpq.ping();
      await viaLibpq.close();
    } finally {
      process.env = saved;
    }
  });

  it('applies each migration once when many replicas start at the same moment', async () => {
    const database = `race_${Date.now()}`;
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = server.url.replace(/\/postgres$/, `/${database}`);
    const replicas = Array.from({ length: 6 }, () => createPgClient(url));
    const applied = await Promise.all(replicas.map((client) => migrate(client)));
    expect(applied.flat()).toEqual(MIGRATIONS.map((m) => m.version));
    const rows = await replicas[0]?.query<{ version: number }>(
      'SELECT version FROM schema_migrations',
    );
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    // And again: idempotent.
    expect(await migrate(replicas[0] as NonNullable<(typeof replicas)[0]>)).toEqual([]);
    await Promise.all(replicas.map((client) => client.close()));
  });

  it('reports not ready when the database stops answering', async () => {
    const client = createPgClient('postgres://postgres@127.0.0.1:1/postgres');
    const api = await createTestApi({ repository: createMessageRepository(client) });
    const res = await request(api.app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.detail).toBe('the database does not answer');
    await client.close();
  });
});
