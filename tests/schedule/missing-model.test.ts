// A server left with no model to answer (its first training failed when the database went away, or an
// import replaced the demo city while no server ran to train on it) trains one at the next forecast
// refresh, rather than telling every supervisor to train one until the weekly retrain.
import { expect, test } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { ensureForecast } from '../../src/forecast/forecast-service.ts';
import { activeModel, registerFailure } from '../../src/forecast/registry.ts';
import { resolveWindow } from '../../src/forecast/windows.ts';
import { createRandom } from '../../src/random.ts';
import { addDays, formatDate } from '../../src/time/zone.ts';
import { jobsOf } from '../helpers/admin-jobs.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { DEMO_NOW, demoBot, demoInto } from '../helpers/demo-city.ts';
import { importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

/** 120 days of a made-up city's incidents, with their times of day, ending the morning of DEMO_NOW. */
function cityExport(): string {
  const random = createRandom(11);
  const places = Array.from({ length: 40 }, (_, i) => ({
    lat: 41.85 + random.next() * 0.08,
    lon: -87.72 + random.next() * 0.1,
    rate: i % 7 === 0 ? 1.2 : 0.05 + random.next() * 0.2,
  }));
  const lines = ['Case Number,Date,Primary Type,Latitude,Longitude'];
  for (let d = 1; d <= 120; d++) {
    const date = formatDate(addDays({ year: 2026, month: 6, day: 1 }, -d));
    places.forEach((p, i) => {
      for (let k = random.poisson(p.rate); k > 0; k--) {
        const hour = String(Math.floor(random.next() * 24)).padStart(2, '0');
        lines.push(`C${d}-${i}-${k},${date} ${hour}:30,THEFT,${p.lat.toFixed(5)},${p.lon.toFixed(5)}`);
      }
    });
  }
  return `${lines.join('\n')}\n`;
}

const refreshJob = (bot: ReturnType<typeof demoBot>) => jobsOf(bot)['forecast-refresh']!;

const realModels = async (database: Database) =>
  (await rowsOf<{ n: number }>(database, 'select count(*)::int as n from models where not demo'))[0]!.n;

/** The server's first training, recorded as failed for the reason given. */
const failedFirstTraining = (database: Database, reason: string, params: Record<string, unknown> = {}) =>
  registerFailure(database, {
    algorithm: 'auto',
    params,
    reason,
    demo: false,
    actor: 'the system (first model)',
  });

describeEachDatabase('a server with no model to answer', (kind) => {
  test('trains one at the next refresh, an hour after a training that failed', async () => {
    const database = await freshDatabase(kind);
    const bot = demoBot(database);
    try {
      await importPath(database, tempFile('city.csv', cityExport()));
      // The first training, at start-up, failed: the database went away in the middle of it.
      await failedFirstTraining(database, 'connect ECONNREFUSED 127.0.0.1:5432');
      const refresh = refreshJob(bot);

      // Not again at once: a fault that repeats would train all day.
      expect(await refresh(DEMO_NOW)).toEqual({
        skipped: 'no active model',
        noModel: expect.stringMatching(/^a training failed at .+; it is tried again an hour later$/),
      });
      expect(await realModels(database)).toBe(1);
      const window = resolveWindow('next', DEMO_NOW, bot.services.forecasting);
      const asked = () => ensureForecast(database, bot.services.forecasting, { window, category: 'all' });
      // A fault's own words are for the log, not for the supervisor.
      await expect(asked()).rejects.toThrow(
        'there is no active model yet, and the last training failed: the server log says why; `patrolcast train` (or /retrain) tries again',
      );

      await database.query("update models set created_at = created_at - interval '61 minutes'");
      const refreshed = await refresh(DEMO_NOW);
      expect(refreshed).toMatchObject({
        trained: { version: 2, promoted: true },
        // and the next briefings' forecasts are scored ahead with it
        windows: ['Monday 2026-06-01 06:00–14:00', 'Monday 2026-06-01 14:00–22:00'],
      });
      expect((await activeModel(database))?.version).toBe(2);
      // The supervisors' question is answered.
      expect((await asked()).cells.length).toBeGreaterThan(0);

      // With a model answering, nothing more is trained.
      expect(await refresh(DEMO_NOW)).not.toHaveProperty('trained');
      expect(await realModels(database)).toBe(2);
    } finally {
      await bot.close();
    }
  }, 120_000);

  test('data too few to learn from are not trained on again every hour, only once more arrive', async () => {
    const database = await freshDatabase(kind);
    const bot = demoBot(database);
    try {
      await importPath(database, tempFile('city.csv', cityExport()));
      // The last training said what the data lack, in words meant for a person.
      await failedFirstTraining(database, 'the data cover 3 days: even the simplest method needs 56', {
        failureShown: true,
      });
      // Two hours on, with nothing imported since.
      await database.query("update models set created_at = created_at - interval '2 hours'");
      await database.query("update incidents set created_at = created_at - interval '2 hours'");
      const refresh = refreshJob(bot);
      expect(await refresh(DEMO_NOW)).toEqual({
        skipped: 'no active model',
        noModel:
          'the last training failed on the data stored (the data cover 3 days: even the simplest method needs 56); it is tried again when more arrive',
      });
      expect(await realModels(database)).toBe(1);
      // And whoever asks is told why.
      const window = resolveWindow('next', DEMO_NOW, bot.services.forecasting);
      await expect(
        ensureForecast(database, bot.services.forecasting, { window, category: 'all' }),
      ).rejects.toThrow(
        'there is no active model yet, and the last training failed: the data cover 3 days: even the simplest method needs 56',
      );

      await importPath(
        database,
        tempFile(
          'more.csv',
          'Case Number,Date,Primary Type,Latitude,Longitude\nNEW-1,2026-05-31 10:30,THEFT,41.86,-87.70\n',
        ),
      );
      expect(await refresh(DEMO_NOW)).toMatchObject({ trained: { version: 2, promoted: true } });
    } finally {
      await bot.close();
    }
  }, 120_000);

  test('an answer asked while the first model trains says so, and the refresh trains no other', async () => {
    const database = await freshDatabase(kind);
    const bot = demoBot(database);
    try {
      await importPath(database, tempFile('city.csv', cityExport()));
      const training = bot.services.retrain.start({ actor: 'the system (first model)' });
      const window = resolveWindow('next', DEMO_NOW, bot.services.forecasting);
      await expect(
        ensureForecast(database, bot.services.forecasting, { window, category: 'all' }),
      ).rejects.toThrow(
        /^no model answers yet: the auto training asked by the system \(first model\), (running|waiting) for 0 min, will give one; ask again when it is done$/,
      );
      expect(await refreshJob(bot)(DEMO_NOW)).toEqual({
        skipped: 'no active model',
        noModel: expect.stringMatching(/^the auto training asked by the system \(first model\)/),
      });
      await training.done;
      expect(await realModels(database)).toBe(1);
    } finally {
      await bot.close();
    }
  }, 120_000);

  test('trains on data that replaced the demo city while no server ran', async () => {
    const database = await demoInto(await freshDatabase(kind));
    const bot = demoBot(database);
    try {
      await importPath(database, tempFile('city.csv', cityExport()));
      expect((await activeModel(database))?.demo).toBe(true);
      const refreshed = await refreshJob(bot)(DEMO_NOW);
      expect(refreshed).toMatchObject({ trained: { promoted: true } });
      const active = await activeModel(database);
      expect(active?.demo).toBe(false);
      expect(active?.actor).toBe('the system (no model answered)');
    } finally {
      await bot.close();
    }
  }, 120_000);
});
