// Upgrading a database whose sources hold made-up ids: those sources keep the category in their ids,
// so an export imported before the upgrade is not stored again after it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { z } from 'zod';
import { MIGRATIONS_FOLDER, migrate } from '../../src/db/migrate.ts';
import { DATABASE_KINDS, freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';

const journal = z
  .object({ entries: z.array(z.object({ tag: z.string(), when: z.number() })) })
  .parse(JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')));
const UPGRADE = journal.entries.find((e) => e.tag === '0021_made_up_ids_without_category')!;

test.each(DATABASE_KINDS)(
  'the upgrade lists the sources that already hold made-up ids, and only those (%s)',
  async (kind) => {
    const database = await freshDatabase(kind);
    await importPath(
      database,
      tempFile('idless.csv', 'date,offense,lat,lon\n2026-05-01 10:00,theft,41.88,-87.63\n'),
      {
        source: 'idless',
      },
    );
    await importPath(
      database,
      tempFile('ids.csv', 'id,date,offense,lat,lon\nA1,2026-05-01 10:00,theft,41.88,-87.63\n'),
      {
        source: 'with-ids',
      },
    );
    // As the database was before the upgrade: without the table, its migration and the later ones not
    // yet applied (those later ones create what they create only if it is missing).
    await database.query('drop table category_in_made_up_ids');
    await database.query('delete from drizzle.__drizzle_migrations where created_at >= $1', [UPGRADE.when]);
    await migrate(database);
    expect(await database.query('select source from category_in_made_up_ids order by source')).toEqual([
      { source: 'idless' },
    ]);
  },
);
