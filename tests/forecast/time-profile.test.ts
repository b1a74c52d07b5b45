// Forecasts that know the time of day: a place's own shift profile, shrunk towards the city's, decides
// which places lead each shift's list, so a night list is not the day list scaled down.
import { latLngToCell } from 'h3-js';
import { expect, test } from 'vitest';
import { backtest } from '../../src/forecast/backtest.ts';
import { contextAt } from '../../src/forecast/context-at.ts';
import { loadIncidents } from '../../src/forecast/history.ts';
import { DEFAULT_FOREST_OPTIONS, HistForest } from '../../src/forecast/models/forest/forest.ts';
import { ForestForecaster } from '../../src/forecast/models/forest-forecaster.ts';
import { historyFilter } from '../../src/forecast/settings.ts';
import { train } from '../../src/forecast/train.ts';
import { buildTrainingSet } from '../../src/forecast/training-set.ts';
import { windowsBetween } from '../../src/forecast/windows.ts';
import { TEST_FORECAST_SETTINGS as settings } from '../helpers/api.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';
import { shiftLists } from '../helpers/shift-lists.ts';

const SHOPS = [41.8795, -87.6275] as const;
const BARS = [41.9105, -87.6512] as const;
const QUIET = [
  [41.86, -87.62],
  [41.87, -87.66],
  [41.89, -87.69],
] as const;

/** Chicago local time on a day of 2026, as an ISO string with its offset (summer: -05:00). */
const at = (day: number, hour: number) => {
  const date = new Date(Date.UTC(2026, 3, 1 + day, hour + 5));
  return date.toISOString();
};

/**
 * A made-up city over 200 days: a shopping street busy only by day (three thefts a day), a street of
 * bars busy only at night (two a night), and a few quiet places. Over the whole day the shopping street
 * has more incidents than the bars; at night it has none.
 */
function madeUpCity(): string {
  const lines = ['id,occurred_at,offense,lat,lon'];
  let id = 0;
  for (let day = 0; day < 200; day++) {
    for (const hour of [10, 13, 16]) lines.push(`s${id++},${at(day, hour)},theft,${SHOPS[0]},${SHOPS[1]}`);
    for (const hour of [23, 25]) lines.push(`b${id++},${at(day, hour)},assault,${BARS[0]},${BARS[1]}`);
    const [lat, lon] = QUIET[day % QUIET.length]!;
    lines.push(`q${id++},${at(day, (day * 5) % 24)},burglary,${lat},${lon}`);
  }
  return `${lines.join('\n')}\n`;
}

test('the day list leads with the shopping street, the night list with the bars, each with its hours', async () => {
  const database = await freshDatabase('pglite');
  const imported = await importPath(database, tempFile('made-up-city.csv', madeUpCity()));
  expect(imported.accepted).toBe(1200);
  const outcome = await train(database, settings, {
    algorithm: 'ewma',
    until: new Date('2026-10-20T05:00:00Z'),
    holdoutDays: 14,
  });
  expect(outcome.model.algorithm).toBe('ewma');
  const [dayList, eveningList, nightList] = await shiftLists(database, { year: 2026, month: 10, day: 20 });
  const shops = latLngToCell(SHOPS[0], SHOPS[1], 9);
  const bars = latLngToCell(BARS[0], BARS[1], 9);
  expect(dayList[0]!.cell).toBe(shops);
  expect(nightList[0]!.cell).toBe(bars);
  // The shopping street is not a night hotspot: far below the bars, and expecting next to nothing.
  const shopsAtNight = nightList.find((c) => c.cell === shops);
  expect(shopsAtNight === undefined || shopsAtNight.expected < nightList[0]!.expected / 5).toBe(true);
  // The evening (14:00-22:00) still has the shops' afternoon.
  expect(eveningList![0]!.cell).toBe(shops);
  // Each place's reasons name its hours, and how much of its record falls in the shift asked for.
  expect(dayList[0]!.reasons).toContain(
    'most incidents here 10:00–17:00; 400 of 600 in the 06:00–14:00 shift',
  );
  expect(nightList[0]!.reasons).toContain(
    'most incidents here 23:00–02:00; 400 of 400 in the 22:00–06:00 shift',
  );
  // A place busy around the clock has no peak hours to name; its record in the shift is told alone.
  const quiet = latLngToCell(QUIET[0][0], QUIET[0][1], 9);
  expect(nightList.find((c) => c.cell === quiet)!.reasons).toContainEqual(
    expect.stringMatching(/^\d+ of its 6\d incidents in the 22:00–06:00 shift$/),
  );
});

test('a backtest of shifts reports each shift: at night the profile flags the bars, the shift-blind ewma the shops', async () => {
  const database = await freshDatabase('pglite');
  await importPath(database, tempFile('made-up-city.csv', madeUpCity()));
  const table = await loadIncidents(database, historyFilter(settings, new Date('2026-11-01T00:00:00Z')), 9);
  const result = await backtest(table, {
    category: 'all',
    kind: 'shift',
    from: { year: 2026, month: 9, day: 1 },
    to: { year: 2026, month: 9, day: 28 },
    refitDays: 7,
    trainDays: 365,
    algorithms: ['ewma', 'ewma-all-hours'],
    settings,
  });
  const shifts = result.shifts!;
  const hr5 = (name: string) => shifts[name]!.byShift.map((s) => [s.shift, s.hr[5]]);
  // The top 5% of places is one place here: by day the shops for both; at night the bars for the
  // profile (every night incident but the quiet places' few), still the shops for the shift-blind ewma.
  expect(hr5('ewma')[2]).toEqual(['22:00-06:00', expect.any(Number)]);
  expect(hr5('ewma')[2]![1]).toBeGreaterThan(0.8);
  expect(hr5('ewma-all-hours')[2]![1]).toBeLessThan(0.2);
  expect(hr5('ewma')[0]).toEqual(hr5('ewma-all-hours')[0]);
  expect(result.againstShiftBlind!.ewma!.ratio).toBeGreaterThan(1.3);
  expect(shifts.ewma!.byShift.map((s) => s.shift)).toEqual(['06:00-14:00', '14:00-22:00', '22:00-06:00']);
});

test('a forest trained before the shrunk profile existed keeps forecasting on the features it knows', async () => {
  const database = await freshDatabase('pglite');
  await importPath(database, tempFile('made-up-city.csv', madeUpCity()));
  const table = await loadIncidents(database, historyFilter(settings, new Date('2026-11-01T00:00:00Z')), 9);
  const [, , night] = windowsBetween(
    'shift',
    { year: 2026, month: 10, day: 20 },
    { year: 2026, month: 10, day: 20 },
    settings,
  );
  const ctx = contextAt(table, settings, night!.start.getTime(), 'all', 'shift');
  expect(ctx.names).toContain('profile_share');
  // The feature set of a model stored before 'profile_share': every other feature, in the same order.
  const older = ctx.names.filter((n) => n !== 'profile_share');
  const past = windowsBetween(
    'shift',
    { year: 2026, month: 9, day: 1 },
    { year: 2026, month: 10, day: 19 },
    settings,
  );
  const rows = buildTrainingSet(ctx, past);
  const keep = older.map((n) => ctx.names.indexOf(n));
  const x = new Float64Array(rows.n * keep.length);
  for (let r = 0; r < rows.n; r++)
    for (const [k, j] of keep.entries()) x[r * keep.length + k] = rows.x[r * ctx.names.length + j]!;
  const forest = await HistForest.fit(x, rows.y, rows.w, older, {
    ...DEFAULT_FOREST_OPTIONS,
    nEstimators: 8,
    workers: 0,
  });
  const scores = new ForestForecaster(forest, rows.negativeWeight).score(ctx, night!);
  const bars = ctx.area.index.get(latLngToCell(BARS[0], BARS[1], 9))!;
  expect(scores.every(Number.isFinite)).toBe(true);
  expect(scores.indexOf(Math.max(...scores))).toBe(bars);

  // A model that needs a feature the data no longer has says so instead of scoring on the wrong columns.
  const renamed = HistForest.load({
    ...forest.toJSON(),
    features: [...older.slice(0, -1), 'parking_meters'],
  });
  expect(() => new ForestForecaster(renamed, rows.negativeWeight).score(ctx, night!)).toThrow(
    /features the data does not have now \(parking_meters\)/,
  );
});
