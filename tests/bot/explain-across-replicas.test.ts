// Two replicas behind one Slack app: the platform may send "/explain 1" to another replica than the one
// that showed the list. On PostgreSQL the list each user was shown is kept in the database, so #1 is
// the #1 they read, here a district's, not the city's.
import { describe, expect, test } from 'vitest';
import type { Bot } from '../../adapters/bot.ts';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import { openDatabase } from '../../src/db/client.ts';
import { createPostgresDatabase, DATABASE_KINDS } from '../helpers/databases.ts';
import { demoBot, demoInto } from '../helpers/demo-city.ts';
import { rowsOf } from '../helpers/rows.ts';

// Monday 23:00 in Chicago: the night shift.
const NIGHT = new Date('2026-06-02T04:00:00Z');
const ask = (bot: Bot, text: string) =>
  new ConsoleAdapter(bot.dispatcher, { mapDir: '/tmp', role: 'viewer' }, () => {}).ask(text);
/** "8200 block of 19th St, near Redbud Ave · north (North) · city #21: high, …" → its street words. */
const firstPlace = (list: string) => /^ ?1\. (\d+ block of [^,(·]+)/m.exec(list)![1]!.trim();

describe.skipIf(!DATABASE_KINDS.includes('postgres'))('two replicas over one PostgreSQL database', () => {
  test('/explain at one explains #1 of the list the other showed', async () => {
    const created = await createPostgresDatabase();
    const one = await openDatabase({ databaseUrl: created.url, poolSize: 2 });
    const two = await openDatabase({ databaseUrl: created.url, poolSize: 2 });
    const [a, b] = [demoBot(await demoInto(one), undefined, {}, NIGHT), demoBot(two, undefined, {}, NIGHT)];
    try {
      const north = await ask(a, '/hotspots North');
      const city = firstPlace(await ask(b, '/hotspots'));
      expect(firstPlace(north)).not.toBe(city);

      // Shown the city's list at b, then North's at a: /explain at b explains North's #1.
      await ask(a, '/hotspots North');
      const explained = (await ask(b, '/explain 1')).split('\n')[0]!;
      expect(explained).toContain(firstPlace(north));
      expect(explained).toContain('(District North)');

      // And the other way round: the city's list shown at b is the one /explain at a reads.
      await ask(b, '/hotspots');
      expect((await ask(a, '/explain 1')).split('\n')[0]).toContain(city);

      // One row for the one user, under a digest: the table does not say who looked.
      const rows = await rowsOf<{ key: string }>(one, 'select key from last_lists');
      expect(rows).toHaveLength(1);
      expect(rows[0]!.key).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await a.close();
      await b.close();
      await one.close();
      await two.close();
      await created.drop();
    }
  }, 120_000);
});
