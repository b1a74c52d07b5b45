// Applies the committed migrations in drizzle/. Safe to run on every start and from several replicas.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { z } from 'zod';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { type Database, openDatabase } from './client.ts';
import { settleInterruptedImports } from './interrupted-imports.ts';
import { countRow, decodedRows } from './rows.ts';

// The project's drizzle/ folder: two levels up from the sources, three from the build in dist/.
export const MIGRATIONS_FOLDER = fileURLToPath(
  new URL(import.meta.url.endsWith('.js') ? '../../../drizzle' : '../../drizzle', import.meta.url),
);

// Any constant will do; it only has to be the same in every replica.
const MIGRATION_LOCK = 7_261_042;

export async function migrate(database: Database): Promise<void> {
  // Every command opens the database migrated; most find it so, and two counts say it faster than the
  // migrator's own reading of every migration file.
  const applied = await appliedMigrations(database);
  // An embedded database is opened by one process at a time: an import still marked running was
  // cut off when its process ended.
  if (database.kind === 'pglite' && applied > 0) await settleInterruptedImports(database);
  if (applied === shippedMigrations()) return;
  // drizzle runs the migrations and nothing else: it loads only when there are some to run.
  if (database.kind === 'pglite') {
    const [{ drizzle }, { migrate: run }] = await Promise.all([
      import('drizzle-orm/pglite'),
      import('drizzle-orm/pglite/migrator'),
    ]);
    await run(drizzle({ client: database.client }), { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  const [{ drizzle }, { migrate: run }] = await Promise.all([
    import('drizzle-orm/postgres-js'),
    import('drizzle-orm/postgres-js/migrator'),
  ]);
  // Replicas starting together take turns; the later ones then find nothing to do. The migrator gets a
  // connection of its own, since drizzle changes the parsers of the client it is given.
  const lock = await database.sql.reserve();
  const own = postgres(database.url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await run(drizzle({ client: own }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await own.end({ timeout: 5 }).catch(() => {});
    await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    lock.release();
  }
}

/** How many migrations the code ships. */
export function shippedMigrations(): number {
  const journal = JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

/** How many migrations the database has applied; 0 when it has never been migrated. */
export async function appliedMigrations(database: Database): Promise<number> {
  const [exists] = await decodedRows(
    database,
    z.object({ present: z.boolean() }),
    `select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!exists?.present) return 0;
  const [row] = await decodedRows(
    database,
    countRow,
    'select count(*)::int as n from drizzle.__drizzle_migrations',
  );
  return row?.n ?? 0;
}

/** Opens the configured database and brings its schema up to date. */
export async function openAndMigrate(config: Config, log: Logger): Promise<Database> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  log.info({ database: database.location }, 'database open');
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
