// A chat command that changes something is on record before it runs: when its audit entry cannot be
// written, nothing is changed and the asker is told so, with the request id.
import { tmpdir } from 'node:os';
import { expect, test } from 'vitest';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import { readAudit } from '../../src/audit/audit-log.ts';
import { silentLogger } from '../../src/log.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { rowsOf } from '../helpers/rows.ts';
import { demoBot } from '../helpers/trained-demo.ts';

describeEachDatabase('chat changes and the audit log', (kind) => {
  test('/briefing subscribe is recorded before it is made, or not made', async () => {
    const database = await freshDatabase(kind);
    const bot = demoBot(database, silentLogger());
    const ask = (words: string) =>
      new ConsoleAdapter(bot.dispatcher, { mapDir: tmpdir(), role: 'supervisor' }, () => {}).ask(words);
    const subscriptions = async () =>
      (await rowsOf<{ n: number }>(database, 'select count(*)::int as n from subscriptions'))[0]!.n;
    try {
      await database.query(`create function refuse_audit() returns trigger language plpgsql as $$
        begin raise exception 'audit_log refuses this row'; end $$`);
      await database.query(
        'create trigger refuse_audit before insert on audit_log for each row execute function refuse_audit()',
      );
      expect(await ask('/briefing subscribe 06:00,22:00')).toMatch(
        /^That could not be recorded in the audit log, so nothing was changed; try again shortly\. Request id [0-9a-f]{8}\.$/,
      );
      expect(await subscriptions()).toBe(0);

      await database.query('drop trigger refuse_audit on audit_log');
      expect(await ask('/briefing subscribe 06:00,22:00')).toMatch(/06:00/);
      expect(await subscriptions()).toBe(1);
      await bot.dispatcher.idle();
      const entries = await readAudit(database);
      expect(entries.map((e) => [e.action, e.outcome])).toEqual([
        ['/briefing', 'ok'],
        ['/briefing', 'asked'],
      ]);
    } finally {
      await bot.close();
    }
  });
});
