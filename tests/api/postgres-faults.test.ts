// PostgreSQL killing the service's connections again and again during imports: every request ends in an
// answer (200 or 503), none hangs, nothing half stored, and the service is ready again by itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { expect, inject, test } from 'vitest';
import { z } from 'zod';
import { openDatabase } from '../../src/db/client.ts';
import { decodedRows } from '../../src/db/rows.ts';
import { authorised, bodyOf, testApi } from '../helpers/api.ts';
import { createPostgresDatabase, DATABASE_KINDS } from '../helpers/databases.ts';
import { count } from '../helpers/import.ts';
import { SHARED_DATA } from '../helpers/test-env.ts';

const ATTEMPTS = 10;
const ANSWER_WITHIN_MS = 60_000;
const READY_WITHIN_MS = 30_000;
/** The Houston extract's rows less those rejected (see the README). */
const HOUSTON_STORED = 85_584;

/** Resolves with the value, or with 'hung' when it has not settled in time. */
const within = <T>(promise: T | Promise<T>, ms: number): Promise<T | 'hung'> =>
  Promise.race([
    Promise.resolve(promise),
    new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), ms).unref()),
  ]);

test.skipIf(!DATABASE_KINDS.includes('postgres'))(
  'backends terminated every 0.2 s during imports: each request answers 200 or 503, readyz recovers',
  async () => {
    const created = await createPostgresDatabase();
    const name = new URL(created.url).pathname.slice(1);
    const database = await openDatabase({ databaseUrl: created.url, poolSize: 4 });
    const admin = postgres(inject('postgresAdminUrl')!, { max: 1, onnotice: () => {} });
    const body = readFileSync(join(SHARED_DATA, 'houston-hpd-2010', 'incidents.csv.gz'));
    const api = testApi(database, { maxBodyBytes: 64 * 1024 * 1024 });
    const outcomes: (number | 'hung')[] = [];
    let failedBatches = 0;
    try {
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        let cutting = true;
        const cutter = (async () => {
          // Later attempts are cut later, so some imports are caught early, some late, some never.
          await new Promise((resolve) => setTimeout(resolve, attempt * 250));
          // Bounded: stops when the request has answered, or after the answer's time limit.
          for (let i = 0; cutting && i < ANSWER_WITHIN_MS / 200; i++) {
            await admin`select pg_terminate_backend(pid) from pg_stat_activity
              where datname = ${name} and pid <> pg_backend_pid()`;
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
        })();
        const response = await within(
          api.request('/v1/incidents?profile=houston', {
            method: 'POST',
            body,
            headers: authorised({ 'content-type': 'application/gzip' }),
          }),
          ANSWER_WITHIN_MS,
        );
        cutting = false;
        await cutter;
        if (response === 'hung') {
          outcomes.push('hung');
          break;
        }
        outcomes.push(response.status);
        if (response.status === 503) expect(response.headers.get('retry-after')).toBeTruthy();
        await bodyOf(response);
        // Ready again by itself, with the database healthy.
        const started = Date.now();
        let ready = 0;
        while (ready !== 200 && Date.now() - started < READY_WITHIN_MS) {
          const answer = await within(api.request('/readyz'), 5000);
          ready = answer === 'hung' ? 0 : answer.status;
          if (ready !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
        }
        expect(ready).toBe(200);
      }
      expect(outcomes.every((o) => o === 200 || o === 503)).toBe(true);
      expect(outcomes.length).toBe(ATTEMPTS);
      // All or nothing: the file whole (once, then duplicates), or none of it.
      expect([0, HOUSTON_STORED]).toContain(await count(database));
      // An import the cuts stopped, where its failure could be recorded, says what to do in words.
      const failures = await decodedRows(
        database,
        z.object({ failure: z.string().nullable() }),
        "select failure from ingest_batches where status = 'failed'",
      );
      failedBatches = failures.length;
      for (const { failure } of failures)
        expect(failure).toMatch(
          /^the database connection was lost before the import finished \(.+\): nothing of it was stored; import the file again$/,
        );
      const afterwards = await api.request('/v1/incidents?profile=houston', {
        method: 'POST',
        body,
        headers: authorised({ 'content-type': 'application/gzip' }),
      });
      expect(afterwards.status).toBe(200);
      expect(await count(database)).toBe(HOUSTON_STORED);
    } finally {
      console.log(
        JSON.stringify({ faultTest: 'terminated backends during imports', outcomes, failedBatches }),
      );
      await admin.end({ timeout: 5 });
      await database.close();
      await created.drop();
    }
  },
  ATTEMPTS * (ANSWER_WITHIN_MS + READY_WITHIN_MS) + 60_000,
);

test.skipIf(!DATABASE_KINDS.includes('postgres'))(
  'a database that is dropped, or closed to connections, answers 503 with Retry-After on every route',
  async () => {
    const created = await createPostgresDatabase();
    const name = new URL(created.url).pathname.slice(1);
    const database = await openDatabase({ databaseUrl: created.url, poolSize: 4 });
    const admin = postgres(inject('postgresAdminUrl')!, { max: 1, onnotice: () => {} });
    const api = testApi(database);
    try {
      expect((await api.request('/v1/jobs', { headers: authorised() })).status).toBe(200);
      // Closed to new connections (SQLSTATE 55000 once the pool reconnects), then gone (3D000).
      await admin.unsafe(`alter database ${name} with allow_connections false`);
      await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name}`;
      for (const path of ['/v1/jobs', '/v1/models', '/v1/hotspots.geojson', '/readyz']) {
        const response = await api.request(path, { headers: authorised() });
        expect([path, response.status]).toEqual([path, 503]);
        if (path !== '/readyz') expect(response.headers.get('retry-after')).toBe('30');
      }
      await admin.unsafe(`drop database ${name} with (force)`);
      const gone = await api.request('/v1/jobs', { headers: authorised() });
      expect(gone.status).toBe(503);
      expect(await bodyOf(gone)).toEqual({ error: expect.stringMatching(/database is unavailable/) });
    } finally {
      await admin.end({ timeout: 5 });
      await database.close();
      await created.drop();
    }
  },
);
