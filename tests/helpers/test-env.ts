// The test harness's own settings (the application reads its settings only in src/config.ts).
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** CI sets this so that a PostgreSQL server that is down fails the run instead of being skipped. */
export const REQUIRE_POSTGRES = process.env.TEST_REQUIRE_POSTGRES === '1';
