import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// The test harness's own settings (the application reads its settings only in src/config.ts).
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** "pc_tpl_1a2b3c4d" → "pc_t_1a2b3c4d_": the names of one test run's PostgreSQL databases begin so. */
export const runDatabasePrefix = (template: string) => `pc_t_${template.replace(/^pc_tpl_/, '')}_`;

/** CI sets this so that a PostgreSQL server that is down fails the run instead of being skipped. */
export const REQUIRE_POSTGRES = process.env.TEST_REQUIRE_POSTGRES === '1';

/**
 * The shared public data: TEST_SHARED_DATA, else the nearest `shared/data` beside the checkout or one
 * of its parents (it sits beside the project, never inside it).
 */
export const SHARED_DATA: string = (() => {
  if (process.env.TEST_SHARED_DATA) return process.env.TEST_SHARED_DATA;
  let dir = resolve(import.meta.dirname, '../..');
  for (;;) {
    const candidate = join(dirname(dir), 'shared', 'data');
    if (existsSync(join(candidate, 'README.md'))) return candidate;
    if (dirname(dir) === dir) break;
    dir = dirname(dir);
  }
  throw new Error('cannot find the shared data (../shared/data); set TEST_SHARED_DATA to its path');
})();
