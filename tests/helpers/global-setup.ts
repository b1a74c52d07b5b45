// Once per test run: a migrated PGlite image and a migrated PostgreSQL template database, so that
// every test can start from a fresh, migrated database quickly.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { REQUIRE_POSTGRES, runDatabasePrefix, TEST_DATABASE_URL } from './test-env.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteImage: string;
    postgresAdminUrl: string | null;
    postgresTemplate: string | null;
  }
}

async function pgliteImage(dir: string): Promise<string> {
  const pglite = await PGlite.create();
  const database = await openDatabase({ pglite });
  await migrate(database);
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  const file = join(dir, 'pglite-migrated.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  return file;
}

async function postgresTemplate(): Promise<{ admin: postgres.Sql; template: string } | null> {
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin`select 1`;
  } catch (error) {
    await admin.end({ timeout: 1 }).catch(() => {});
    if (REQUIRE_POSTGRES)
      throw new Error(`PostgreSQL is required but does not answer at ${TEST_DATABASE_URL}: ${error}`);
    return null;
  }
  const template = `pc_tpl_${randomBytes(4).toString('hex')}`;
  await admin.unsafe(`create database ${template}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${template}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
  await migrate(database);
  await database.close();
  return { admin, template };
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'patrolcast-test-'));
  const [image, pg] = await Promise.all([pgliteImage(dir), postgresTemplate()]);
  project.provide('pgliteImage', image);
  project.provide('postgresAdminUrl', pg ? TEST_DATABASE_URL : null);
  project.provide('postgresTemplate', pg?.template ?? null);

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (!pg) return;
    // Test databases are dropped by their tests; sweep any a crashed worker of this run left, and
    // none of another run on the same server (a second checkout's tests may be running meanwhile).
    const own = `${runDatabasePrefix(pg.template).replaceAll('_', '\\_')}%`;
    const left = await pg.admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${own} or datname = ${pg.template}`;
    for (const { datname } of left) await pg.admin.unsafe(`drop database if exists ${datname} with (force)`);
    await pg.admin.end({ timeout: 5 });
  };
}
