// Fresh, migrated databases for tests: PGlite always, PostgreSQL whenever a server answers.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { describe, inject, onTestFinished } from 'vitest';
import { type Database, openDatabase, PGLITE_OPTIONS } from '../../src/db/client.ts';
import { runDatabasePrefix } from './test-env.ts';

export type DatabaseKind = 'pglite' | 'postgres';

const adminUrl = inject('postgresAdminUrl');
const template = inject('postgresTemplate');

export const DATABASE_KINDS: DatabaseKind[] = adminUrl && template ? ['pglite', 'postgres'] : ['pglite'];

let image: Blob | undefined;

/** A new empty PostgreSQL database on the test server; returns its URL and how to drop it. */
export async function createPostgresDatabase(
  options: { migrated: boolean } = { migrated: true },
): Promise<{ url: string; drop(): Promise<void> }> {
  if (!adminUrl || !template) throw new Error('no PostgreSQL server for tests');
  // Named for this run's template, so that a run ending sweeps its own databases and no other run's.
  const name = `${runDatabasePrefix(template)}${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(
      options.migrated ? `create database ${name} template ${template}` : `create database ${name}`,
    );
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await sql.unsafe(`drop database if exists ${name} with (force)`);
      await sql.end({ timeout: 5 });
    },
  };
}

/** A fresh PGlite; migrated unless asked otherwise. */
export async function createPglite(options: { migrated: boolean } = { migrated: true }): Promise<PGlite> {
  if (!options.migrated) return PGlite.create(PGLITE_OPTIONS);
  image ??= new Blob([readFileSync(inject('pgliteImage'))]);
  return PGlite.create({ ...PGLITE_OPTIONS, loadDataDir: image });
}

/** A fresh, migrated database of the given kind, closed and dropped when the test ends. */
export async function freshDatabase(kind: DatabaseKind, options = { migrated: true }): Promise<Database> {
  const { database, dispose } = await disposableDatabase(kind, options);
  onTestFinished(dispose);
  return database;
}

/** A fresh database and how to get rid of it, for a suite that shares one (beforeAll/afterAll). */
export async function disposableDatabase(
  kind: DatabaseKind,
  options = { migrated: true },
): Promise<{ database: Database; dispose(): Promise<void> }> {
  if (kind === 'pglite') {
    const database = await openDatabase({ pglite: await createPglite(options) });
    return { database, dispose: () => database.close() };
  }
  const created = await createPostgresDatabase(options);
  const database = await openDatabase({ databaseUrl: created.url, poolSize: 4 });
  return {
    database,
    async dispose() {
      await database.close();
      await created.drop();
    },
  };
}

/** Runs the same tests on every database kind available. */
export function describeEachDatabase(name: string, body: (kind: DatabaseKind) => void): void {
  describe.each(DATABASE_KINDS)(`${name} (%s)`, (kind) => body(kind));
}
