// The database going away in the middle of an ingest: 503 with Retry-After, nothing partial stored, and
// the same request succeeds once the database answers again.
import postgres from 'postgres';
import { expect, inject, test } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { authorised, bodyOf, testApi } from '../helpers/api.ts';
import { createPostgresDatabase, DATABASE_KINDS } from '../helpers/databases.ts';
import { count } from '../helpers/import.ts';

const ROWS = 150_000;

function bigCsv(): string {
  const lines = ['external_id,occurred_at,raw_type,lat,lon'];
  const start = Date.UTC(2025, 0, 1);
  for (let i = 0; i < ROWS; i++) {
    const t = new Date(start + i * 97_000).toISOString().slice(0, 16).replace('T', ' ');
    lines.push(
      `R-${i},${t},burglary,${(41.8 + (i % 100) * 0.001).toFixed(4)},${(-87.7 + (i % 77) * 0.001).toFixed(4)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

test.skipIf(!DATABASE_KINDS.includes('postgres'))(
  'an ingest cut off by the database answers 503 with Retry-After, stores nothing, and succeeds when retried',
  async () => {
    const created = await createPostgresDatabase();
    const name = new URL(created.url).pathname.slice(1);
    const database = await openDatabase({ databaseUrl: created.url, poolSize: 4 });
    const admin = postgres(inject('postgresAdminUrl')!, { max: 1, onnotice: () => {} });
    try {
      const api = testApi(database, { maxBodyBytes: 64 * 1024 * 1024 });
      const body = bigCsv();
      const request = () =>
        api.request('/v1/incidents?source=rms', {
          method: 'POST',
          body,
          headers: authorised({ 'content-type': 'text/csv' }),
        });
      const answer = request();
      // Wait for the COPY to be under way, then cut every connection to the database.
      let cut = 0;
      for (let i = 0; i < 20_000 && cut === 0; i++) {
        const rows = await admin`select pg_terminate_backend(pid) as ok from pg_stat_activity
          where datname = ${name} and query ilike 'copy%' and pid <> pg_backend_pid()`;
        cut = rows.length;
        if (cut === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      expect(cut).toBeGreaterThan(0);
      const response = await answer;
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('30');
      // The answer names its request id, the one the client was given.
      expect(await bodyOf(response)).toEqual({
        error: `the database is unavailable; nothing was changed; try again shortly (request ${response.headers.get('x-request-id')})`,
      });
      expect(await count(database)).toBe(0);
      const retried = await request();
      expect(retried.status).toBe(200);
      expect(((await bodyOf(retried)) as { accepted: number }).accepted).toBe(ROWS);
      expect(await count(database)).toBe(ROWS);
    } finally {
      await admin.end({ timeout: 5 });
      await database.close();
      await created.drop();
    }
  },
  120_000,
);
