// A forecast may use only what was known when it was made: adding incidents after the forecast
// origin must change nothing, not the features, not the fitted model, not the scores.
import { expect, test } from 'vitest';
import { generateDemoIncidents } from '../../src/demo/generate.ts';
import { trainingWindows } from '../../src/forecast/backtest.ts';
import { buildFeatureContext } from '../../src/forecast/features.ts';
import { DAY, tableFrom } from '../../src/forecast/history.ts';
import { algorithmNamed } from '../../src/forecast/models/algorithms.ts';
import { buildStudyArea } from '../../src/forecast/study-area.ts';
import { buildTrainingSet } from '../../src/forecast/training-set.ts';
import { dayWindow, parseShifts } from '../../src/forecast/windows.ts';

const settings = { shifts: parseShifts('06:00-14:00,14:00-22:00,22:00-06:00'), timeZone: 'America/Chicago' };
const demo = generateDemoIncidents({
  days: 500,
  seed: 11,
  end: { year: 2026, month: 6, day: 1 },
  timeZone: settings.timeZone,
});
const rows = demo.map((d) => ({ t: d.occurredAt.getTime(), category: d.category, lat: d.lat, lon: d.lon }));

async function forecastAt(origin: number, extra: typeof rows) {
  const all = [...rows, ...extra].sort((a, b) => a.t - b.t);
  const table = tableFrom(all, 9);
  const area = buildStudyArea(table, { from: origin - 400 * DAY, to: origin });
  const ctx = buildFeatureContext(table, area, 'all', settings, 'day');
  const training = buildTrainingSet(ctx, trainingWindows(table, 'day', origin, 400, settings), {
    negativesPerPositive: 1,
    maxRows: 20_000,
    seed: 3,
  });
  const window = dayWindow({ year: 2026, month: 5, day: 20 }, settings.timeZone);
  const scores: Record<string, number[]> = {};
  for (const name of ['forest', 'naive', 'ewma', 'kde', 'prospective']) {
    const model = await algorithmNamed(name).fit(training, { nEstimators: 10, workers: 0 });
    scores[name] = [...model.score(ctx, window)];
  }
  return { scores, cells: area.cells };
}

test('incidents after the forecast origin change no forecast', async () => {
  const origin = dayWindow({ year: 2026, month: 5, day: 20 }, settings.timeZone).start.getTime();
  const before = await forecastAt(origin, []);
  // A burst of incidents in the forecast window and after it, all over the top-ranked cells.
  const burst = demo
    .slice(0, 3000)
    .map((d, i) => ({ t: origin + (i % 10) * DAY + 60_000, category: d.category, lat: d.lat, lon: d.lon }));
  const after = await forecastAt(origin, burst);
  expect(after.cells).toEqual(before.cells);
  expect(after.scores).toEqual(before.scores);
});
