// A batch is all or nothing, and importing the same file twice stores it once.
import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { startCli } from '../helpers/cli.ts';
import {
  createPostgresDatabase,
  DATABASE_KINDS,
  describeEachDatabase,
  freshDatabase,
} from '../helpers/databases.ts';
import { CHICAGO, count, HOUSTON, importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

describeEachDatabase('atomic and idempotent imports', (kind) => {
  test('importing the same file again stores nothing new and reports every valid row as a duplicate', async () => {
    const database = await freshDatabase(kind);
    const first = await importPath(database, HOUSTON, { profile: 'houston' });
    const again = await importPath(database, HOUSTON, { profile: 'houston' });
    expect(again).toMatchObject({ received: first.received, accepted: 0, rejected: first.rejected });
    expect(again.duplicates).toBe(first.accepted + first.duplicates);
    expect(await count(database)).toBe(first.accepted);
  });

  test('a file that breaks half way leaves nothing of itself behind', async () => {
    const database = await freshDatabase(kind);
    const rows = Array.from(
      { length: 30_000 },
      (_, i) => `T-${i},2026-05-01 21:30,theft,41.88,-87.63\n`,
    ).join('');
    // A gzip stream cut in the middle: the first 20,000 or so rows read fine, then the data ends.
    const whole = gzipSync(`external_id,occurred_at,raw_type,lat,lon\n${rows}`);
    const cut = whole.subarray(0, Math.floor(whole.length * 0.7));
    await expect(importPath(database, tempFile('cut.csv.gz', cut))).rejects.toThrow(/gzip data is damaged/);
    expect(await count(database)).toBe(0);
    const [batch] = await rowsOf<{ status: string; failure: string }>(
      database,
      'select status, failure from ingest_batches',
    );
    expect(batch).toMatchObject({ status: 'failed', failure: expect.stringContaining('gzip') });
    // The rejected rows of a failed batch are gone with it.
    expect(await database.query('select 1 from ingest_rejections')).toHaveLength(0);
  });
});

test.runIf(DATABASE_KINDS.includes('postgres'))(
  'an import killed half way (SIGKILL) stores nothing, and the next run stores everything',
  async () => {
    const created = await createPostgresDatabase();
    try {
      const env = { DATABASE_URL: created.url, LOG_LEVEL: 'debug' };
      const run = startCli(['import', CHICAGO, '--profile', 'chicago'], env);
      await run.waitForLog((l) => l.msg === 'importing' && Number(l.received) >= 20_000);
      run.child.kill('SIGKILL');
      await run.exited;
      const database = await openDatabase({ databaseUrl: created.url, poolSize: 2 });
      try {
        await migrate(database);
        expect(await count(database)).toBe(0);
        expect(await database.query("select 1 from ingest_batches where status = 'committed'")).toHaveLength(
          0,
        );
        const result = await importPath(database, CHICAGO, { profile: 'chicago' });
        expect(result.accepted).toBe(148_636);
      } finally {
        await database.close();
      }
    } finally {
      await created.drop();
    }
  },
);
