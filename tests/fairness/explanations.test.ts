// The reasons come from the model's own attribution: in a synthetic city where the only cause of crime
// is crime a few days before in the same place, the reasons for a place after a burst name the burst.
import { cellToLatLng, gridDisk, latLngToCell } from 'h3-js';
import { expect, test } from 'vitest';
import { trainingWindows } from '../../src/forecast/backtest.ts';
import { buildFeatureContext } from '../../src/forecast/features.ts';
import { DAY, tableFrom } from '../../src/forecast/history.ts';
import { algorithmNamed } from '../../src/forecast/models/algorithms.ts';
import { reasonsInWords } from '../../src/forecast/reasons.ts';
import { buildStudyArea } from '../../src/forecast/study-area.ts';
import { buildTrainingSet } from '../../src/forecast/training-set.ts';
import { dayWindow, parseShifts } from '../../src/forecast/windows.ts';
import { createRandom } from '../../src/random.ts';

const settings = { shifts: parseShifts('06:00-14:00,14:00-22:00,22:00-06:00'), timeZone: 'America/Chicago' };

/** Every place has the same slow background; each incident brings more to its place in the next days. */
function selfExcitingCity(days: number, end: number) {
  const random = createRandom(7);
  const cells = gridDisk(latLngToCell(41.88, -87.63, 9), 6);
  const rows: { t: number; category: string; lat: number; lon: number }[] = [];
  const add = (cell: string, t: number, generation: number) => {
    if (t >= end) return;
    const [lat, lon] = cellToLatLng(cell);
    rows.push({ t, category: 'burglary', lat, lon });
    if (generation > 6) return;
    // Near repeats: on average 0.8 more within a week, here.
    for (let k = random.poisson(0.8); k > 0; k--) add(cell, t + random.next() * 7 * DAY, generation + 1);
  };
  for (const cell of cells)
    for (let t = end - days * DAY + random.exponential(40 * DAY); t < end; t += random.exponential(40 * DAY))
      add(cell, t, 0);
  return { cells, rows };
}

test('after a planted burst, the first reason for that place is the burst, in the model’s own words', async () => {
  const window = dayWindow({ year: 2026, month: 5, day: 20 }, settings.timeZone);
  const origin = window.start.getTime();
  const city = selfExcitingCity(700, origin);
  // The planted cause: a quiet place gets five incidents in the two days before the window.
  const quiet = city.cells.find(
    (cell) => !city.rows.some((r) => r.t > origin - 60 * DAY && latLngToCell(r.lat, r.lon, 9) === cell),
  )!;
  const [lat, lon] = cellToLatLng(quiet);
  const burst = Array.from({ length: 5 }, (_, i) => ({
    t: origin - (i + 1) * 8 * 3_600_000,
    category: 'burglary',
    lat,
    lon,
  }));
  const table = tableFrom(
    [...city.rows, ...burst].sort((a, b) => a.t - b.t),
    9,
  );
  const area = buildStudyArea(table, { from: origin - 400 * DAY, to: origin });
  const ctx = buildFeatureContext(table, area, 'all', settings, 'day');
  const training = buildTrainingSet(ctx, trainingWindows(table, 'day', origin, 400, settings), {
    negativesPerPositive: 2,
    maxRows: 20_000,
    seed: 3,
  });
  const forest = await algorithmNamed('forest').fit(training, { nEstimators: 20, workers: 0 });
  const s = area.index.get(quiet)!;
  const contributions = forest.explain(ctx, window, s);
  const reasons = reasonsInWords(contributions, {
    window,
    category: 'all',
    slotNames: [],
    historyDays: 700,
  });
  // Every reason given is the burst: how recent it is, and its count.
  for (const r of reasons)
    expect(r).toMatch(/^(\d incidents here in the last (24 hours|7 days)|the last one here was 1 day ago)$/);
  expect(reasons).toContain('5 incidents here in the last 7 days');
  // The model's score of this place is above the typical place's, because of the burst.
  const scores = forest.score(ctx, window);
  const sorted = [...scores].sort((a, b) => a - b);
  expect(scores[s]!).toBeGreaterThan(sorted[Math.floor(sorted.length / 2)]!);
}, 60_000);
