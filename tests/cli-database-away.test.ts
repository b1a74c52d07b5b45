// The database going away in the middle of a command from the command line: one line that says so, no
// stack, a non-zero exit, and nothing of the import kept.
import { join } from 'node:path';
import postgres from 'postgres';
import { expect, inject, test } from 'vitest';
import { openDatabase } from '../src/db/client.ts';
import { runCli } from './helpers/cli.ts';
import { createPostgresDatabase, DATABASE_KINDS } from './helpers/databases.ts';
import { count } from './helpers/import.ts';
import { SHARED_DATA } from './helpers/test-env.ts';

test.skipIf(!DATABASE_KINDS.includes('postgres'))(
  'an import whose connection is cut during its COPY ends in one line and stores nothing',
  async () => {
    const created = await createPostgresDatabase();
    const name = new URL(created.url).pathname.slice(1);
    const admin = postgres(inject('postgresAdminUrl')!, { max: 1, onnotice: () => {} });
    try {
      const running = runCli(
        ['import', join(SHARED_DATA, 'houston-hpd-2010', 'incidents.csv.gz'), '--profile', 'houston'],
        { DATABASE_URL: created.url, PATROLCAST_TZ: 'America/Chicago' },
      );
      let finished = false;
      void running.finally(() => {
        finished = true;
      });
      // Bounded: cuts the import's connection once its COPY runs, or gives up when the command has ended.
      let cut = false;
      for (let i = 0; !cut && !finished && i < 1200; i++) {
        const rows = await admin`select pg_terminate_backend(pid) as ok from pg_stat_activity
          where datname = ${name} and query like 'copy incidents%' and state = 'active'`;
        cut = rows.length > 0;
        if (!cut) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const result = await running;
      expect(cut).toBe(true);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('patrolcast: the database stopped answering');
      expect(result.stderr).toContain('try again once it answers');
      expect(result.stderr).not.toMatch(/\n\s+at /);
      const database = await openDatabase({ databaseUrl: created.url });
      try {
        expect(await count(database)).toBe(0);
      } finally {
        await database.close();
      }
    } finally {
      await admin.end({ timeout: 5 });
      await created.drop();
    }
  },
);
