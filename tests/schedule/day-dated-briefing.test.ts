// A city whose export dates incidents to the day, with no time of day: its model forecasts whole days,
// and the officers subscribed to the night shift still get a briefing at every shift start, for the
// whole day, saying why, rather than nothing; the job that scores briefings' forecasts ahead scores the day.
import { expect, test } from 'vitest';
import { train } from '../../src/forecast/train.ts';
import { resolveWindow } from '../../src/forecast/windows.ts';
import { createRandom } from '../../src/random.ts';
import { listRuns } from '../../src/schedule/briefing-runs.ts';
import { addDays, formatDate } from '../../src/time/zone.ts';
import { jobsOf } from '../helpers/admin-jobs.ts';
import { TEST_FORECAST_SETTINGS } from '../helpers/api.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';
import { subscribedToNights } from '../helpers/night-subscription.ts';
import { oneScheduler, RecordingPoster } from '../helpers/one-scheduler.ts';
import { DEMO_NOW, demoBot } from '../helpers/trained-demo.ts';

/** 200 days of a made-up city's thefts and burglaries, dated to the day, ending 2026-05-31. */
function dayDatedExport(): string {
  const random = createRandom(7);
  const places = Array.from({ length: 60 }, (_, i) => ({
    lat: 41.85 + random.next() * 0.08,
    lon: -87.72 + random.next() * 0.1,
    rate: i % 9 === 0 ? 0.8 : 0.05 + random.next() * 0.1,
    beat: `B${(i % 6) + 1}`,
  }));
  const lines = ['Incident Date,Offense,Latitude,Longitude,Beat'];
  for (let d = 0; d < 200; d++) {
    const date = formatDate(addDays({ year: 2026, month: 5, day: 31 }, -d));
    for (const p of places)
      for (let k = random.poisson(p.rate); k > 0; k--)
        lines.push(
          `${date},${k % 2 ? 'THEFT' : 'BURGLARY'},${p.lat.toFixed(5)},${p.lon.toFixed(5)},${p.beat}`,
        );
  }
  return `${lines.join('\n')}\n`;
}

describeEachDatabase('a city whose records have no times of day', (kind) => {
  test('the night shift gets the whole day’s briefing, which says why', async () => {
    const database = await freshDatabase(kind);
    const bot = demoBot(database);
    try {
      const imported = await importPath(database, tempFile('day-dated.csv', dayDatedExport()), {
        maps: ['Incident Date=occurred_at'],
      });
      expect(imported.warnings.join('\n')).toContain('no incident has a time of day');
      const trained = await train(database, TEST_FORECAST_SETTINGS, {
        algorithm: 'ewma',
        until: new Date('2026-06-01T05:00:00Z'),
      });
      expect(trained.promoted).toBe(true);

      await subscribedToNights(database, 'C0NIGHTS', 2);
      const poster = new RecordingPoster();
      const scheduler = oneScheduler(bot.services, poster);
      const tonight = resolveWindow('tonight', DEMO_NOW, bot.services.forecasting);
      expect((await scheduler.tick(new Date(tonight.start.getTime() - 15 * 60_000))).posted).toBe(1);
      const [run] = await listRuns(database);
      expect(run!.status).toBe('posted');
      const message = poster.sent[0]?.message;
      expect(message!.title).toBe(`Daily briefing · Mon ${tonight.date}, all day`);
      expect(message!.summary).toContain('The whole day: these records have no times of day.');
      expect(message!.hotspots!.length).toBeGreaterThan(0);

      // The job that scores the next briefings' forecasts ahead scores that day, once, not a shift.
      const work = jobsOf(bot, { posters: new Map([['slack', poster]]) });
      expect(await work['forecast-refresh']!(DEMO_NOW)).toEqual({
        windows: ['Monday 2026-06-01'],
        categories: ['all'],
      });
    } finally {
      await bot.close();
    }
  }, 120_000);
});
