// A supervisor asking while PostgreSQL is gone (a restart, a failover, a database dropped by mistake) is
// told that the database is not answering, not that something of ours broke; the log says so in one
// warning, without a stack.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import { openDatabase } from '../../src/db/client.ts';
import { createPostgresDatabase, DATABASE_KINDS } from '../helpers/databases.ts';
import { captureLog } from '../helpers/log-capture.ts';
import { demoBot } from '../helpers/trained-demo.ts';

test.skipIf(!DATABASE_KINDS.includes('postgres'))(
  'a question asked while the database is gone gets an answer that says so',
  async () => {
    const created = await createPostgresDatabase();
    const database = await openDatabase({ databaseUrl: created.url, poolSize: 2 });
    const { lines, log } = captureLog('info');
    const bot = demoBot(database, log);
    const mapDir = mkdtempSync(join(tmpdir(), 'patrolcast-away-'));
    try {
      const console = new ConsoleAdapter(bot.dispatcher, { mapDir, role: 'supervisor' }, () => {});
      // Asked while the database answers: no model yet, said as such.
      expect(await console.ask('/hotspots')).not.toMatch(/database/i);
      await created.drop();
      const answer = await console.ask('/hotspots');
      expect(answer).toMatch(
        /^The database is not answering just now, so there is no answer and nothing was changed; try again in a minute\. Request id \w+\.$/m,
      );
      expect(answer).not.toContain('did not work on our side');
      const entries = lines.map((l) => JSON.parse(l) as { level: number; msg: string; err?: unknown });
      const outage = entries.filter((e) => e.msg === 'command not answered: the database is unavailable');
      expect(outage).toHaveLength(1);
      expect(outage[0]!.level).toBe(40);
      expect(entries.some((e) => e.msg === 'command failed')).toBe(false);
    } finally {
      await bot.close();
      await database.close();
      await created.drop();
    }
  },
);
