// The PostgreSQL driver asks a new connection for the server's array types before anything else, and
// nobody awaits that question: a connection destroyed meanwhile (a pool ended with a deadline, a backend
// terminated) left an unhandled rejection, which takes a service down. patches/postgres+3.4.9.patch
// catches it; a loopback proxy in front of the real server holds the question so that it is destroyed.
import postgres from 'postgres';
import { expect, test } from 'vitest';
import { createPostgresDatabase, DATABASE_KINDS } from '../helpers/databases.ts';
import { postgresProxy } from '../helpers/postgres-proxy.ts';

test.skipIf(!DATABASE_KINDS.includes('postgres'))(
  'a pool ended while a new connection fetches types leaves no unhandled rejection',
  async () => {
    const target = await createPostgresDatabase();
    let stalled!: () => void;
    const stalling = new Promise<void>((resolve) => {
      stalled = resolve;
    });
    // The server never hears the array-types query: the connection hangs there, as under a stuck backend.
    const proxy = await postgresProxy(new URL(target.url), ({ data, pass }) =>
      data.includes('pg_catalog.pg_type') ? stalled() : pass(),
    );
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const sql = postgres(proxy.url, { max: 1, onnotice: () => {} });
      const asked = sql`select 1`.then(
        () => 'answered',
        () => 'refused',
      );
      await stalling;
      // Shutting down with a deadline, as the service does: the connection is destroyed mid-fetch.
      await sql.end({ timeout: 0.1 });
      expect(await asked).toBe('refused');
      // Give a dropped promise its turn to be reported.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await proxy.close();
      await target.drop();
    }
  },
  60_000,
);
