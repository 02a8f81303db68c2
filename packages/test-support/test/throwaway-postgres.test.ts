import pg from 'pg';
import { postgresUnavailableReason, startPostgres } from '../src/throwaway-postgres';

const unavailable = postgresUnavailableReason();
if (unavailable) {
  if (process.env.CI === 'true')
    throw new Error(`PostgreSQL is required under CI=true: ${unavailable}`);
  console.warn(`SKIPPED: ${unavailable}`);
}

(unavailable ? describe.skip : describe)('a throw-away PostgreSQL', () => {
  it('starts, answers select 1, and is gone after stop', async () => {
    const postgres = await startPostgres();
    const client = new pg.Client({ connectionString: postgres.url });
    try {
      await client.connect();
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
      await postgres.stop();
    }
    const afterStop = new pg.Client({ connectionString: postgres.url });
    await expect(afterStop.connect()).rejects.toThrow(/ECONNREFUSED/);
  }, 60_000);
});
