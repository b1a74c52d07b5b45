// A restart, a failover or a proxy that cuts idle connections leaves the pool holding connections that
// are closed at the far end, and the pool learns it only when a statement fails on one. A loopback proxy
// in front of the real server closes each open connection the moment its next statement arrives.
import type { Socket } from 'node:net';
import { expect, test } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { createPostgresDatabase, DATABASE_KINDS } from '../helpers/databases.ts';
import { postgresProxy } from '../helpers/postgres-proxy.ts';

async function cuttingProxy(target: URL) {
  const doomed = new Set<Socket>();
  const proxy = await postgresProxy(target, ({ client, pass, cut }) => (doomed.has(client) ? cut() : pass()));
  return {
    url: proxy.url,
    /** Every connection open now dies on its next statement; new ones are served. */
    cutOpenConnections: () => {
      for (const s of proxy.open) doomed.add(s);
      return proxy.open.size;
    },
    close: () => proxy.close(),
  };
}

test.skipIf(!DATABASE_KINDS.includes('postgres'))(
  'a read on connections the server has closed is answered on a new one; a write is not sent again',
  async () => {
    const target = await createPostgresDatabase();
    const proxy = await cuttingProxy(new URL(target.url));
    const database = await openDatabase({ databaseUrl: proxy.url, poolSize: 3 });
    try {
      await database.query('create table notes (body text)');
      // Three connections open at once, then all of them closed at the far end.
      await Promise.all([1, 2, 3].map(() => database.query('select pg_sleep(0.05)')));
      expect(proxy.cutOpenConnections()).toBe(3);
      expect(await database.query('select 41 + 1 as answer')).toEqual([{ answer: 42 }]);

      await Promise.all([1, 2, 3].map(() => database.query('select pg_sleep(0.05)')));
      expect(proxy.cutOpenConnections()).toBeGreaterThan(0);
      // The pool cannot know whether a write it sent was carried out, so the caller hears of it.
      const writes = await Promise.allSettled(
        [1, 2, 3].map(() => database.query(`insert into notes values ('x')`)),
      );
      expect(writes.some((w) => w.status === 'rejected')).toBe(true);
      const stored = await database.query('select count(*)::int as n from notes');
      expect(stored).toEqual([{ n: writes.filter((w) => w.status === 'fulfilled').length }]);
      // Ending the pool does not wait out its 5 s deadline for the statements that failed.
      const closing = performance.now();
      await database.close();
      expect(performance.now() - closing).toBeLessThan(4000);
    } finally {
      await database.close();
      await proxy.close();
      await target.drop();
    }
  },
);
