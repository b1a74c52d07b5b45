// Someone trying patrolcast for the first time, on a database with nothing in it, is told how to begin:
// import an export or load the demo city. Not "train one", which only fails again.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import type { Role } from '../../src/bot/roles.ts';
import { loadDemoData } from '../../src/demo/load.ts';
import { train } from '../../src/forecast/train.ts';
import { TEST_FORECAST_SETTINGS } from '../helpers/api.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { demoBot } from '../helpers/demo-city.ts';

const mapDir = mkdtempSync(join(tmpdir(), 'patrolcast-empty-'));
const HOW_TO_BEGIN =
  'import an export of them (`patrolcast import FILE`), or load the demo city to try patrolcast (`patrolcast demo-data`)';

describeEachDatabase('a database with no incidents', (kind) => {
  test('hotspots, briefings, /model and /retrain say how to begin', async () => {
    const database = await freshDatabase(kind);
    const bot = demoBot(database);
    try {
      const later: string[] = [];
      let posted: (text: string) => void = () => {};
      const verdict = new Promise<string>((resolve) => {
        posted = resolve;
      });
      const as = (role: Role) =>
        new ConsoleAdapter(bot.dispatcher, { mapDir, role }, (text) => {
          later.push(text);
          posted(text);
        });

      expect(await as('viewer').ask('/hotspots tonight')).toBe(
        `No incidents are stored yet: ${HOW_TO_BEGIN}`,
      );
      expect(await as('viewer').ask('/briefing now')).toBe(`No incidents are stored yet: ${HOW_TO_BEGIN}`);
      expect((await as('viewer').ask('/model')).split('\n')).toEqual([
        'No model is active yet',
        'There is nothing to learn from yet.',
        '',
        `No incidents are stored yet: ${HOW_TO_BEGIN}.`,
      ]);

      // No model answers meanwhile, so the answer does not say one does.
      expect(await as('analyst').ask('/retrain')).toBe(
        'Training: the forest and the ewma, the better kept\nThis takes a few minutes. The result will be posted here.',
      );
      expect(await verdict).toBe(`Training failed\nno incidents are stored yet: ${HOW_TO_BEGIN}`);
      expect(later).toHaveLength(1);
    } finally {
      await bot.close();
    }
  }, 60_000);

  test('a training that reads none of the stored incidents says which it reads', async () => {
    const database = await freshDatabase(kind);
    await loadDemoData(database, { days: 30, seed: 5, timeZone: 'America/Chicago', h3Resolution: 9 });
    await expect(
      train(database, TEST_FORECAST_SETTINGS, { until: new Date('2001-01-01T12:00:00Z') }),
    ).rejects.toThrow(
      'none of the stored incidents is one training reads: it reads those before 2001-01-01, of origin reported or unknown (PATROLCAST_TRAIN_ORIGINS), and leaves out drugs, traffic (PATROLCAST_EXCLUDED_CATEGORIES)',
    );
  });
});
