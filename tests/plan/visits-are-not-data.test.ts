// Visits are a record of patrol, never of crime: no model learns from them, no forecast counts them.
import { expect, test } from 'vitest';
import { ensureForecast } from '../../src/forecast/forecast-service.ts';
import { rankedCells } from '../../src/forecast/forecast-store.ts';
import { train } from '../../src/forecast/train.ts';
import { windowsBetween } from '../../src/forecast/windows.ts';
import { recordVisits } from '../../src/plan/visits.ts';
import { TEST_FORECAST_SETTINGS as settings } from '../helpers/api.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { demoIncidents } from '../helpers/demo-city.ts';
import { rowsOf } from '../helpers/rows.ts';

test('a thousand visits to the quietest places change no trained model and no forecast', async () => {
  const database = await demoIncidents(await freshDatabase('pglite'));
  const until = new Date('2026-06-01T05:00:00Z');
  const request = { algorithm: 'forest', until, options: { nEstimators: 6 }, holdoutDays: 14 } as const;
  const [night] = windowsBetween(
    'shift',
    { year: 2026, month: 5, day: 31 },
    { year: 2026, month: 5, day: 31 },
    settings,
  ).slice(-1);
  const before = await train(database, settings, request);
  const forecastBefore = rankedCells(
    await ensureForecast(database, settings, { window: night!, category: 'all' }),
  );

  // Visits everywhere the forecast is quiet, all through the training and held-out days.
  const quiet = forecastBefore.slice(-50);
  const days = windowsBetween(
    'shift',
    { year: 2026, month: 4, day: 1 },
    { year: 2026, month: 5, day: 31 },
    settings,
  );
  await recordVisits(
    database,
    Array.from({ length: 1000 }, (_, i) => {
      const w = days[i % days.length]!;
      return {
        platform: 'slack',
        userId: `U${i % 7}`,
        cell: quiet[i % quiet.length]!.cell,
        district: null,
        unit: 1,
        windowStart: w.start,
        windowEnd: w.end,
        visitedAt: new Date(w.start.getTime() + 3_600_000),
        minutes: 15,
      };
    }),
  );
  const [{ n }] = await rowsOf<{ n: number }>(database, 'select count(*)::int as n from visits');
  expect(n).toBe(1000);

  const after = await train(database, settings, request);
  // The first model is now the active one, scored beside the new: the rest is as it was.
  const { active, ...evaluation } = after.evaluation;
  expect(evaluation).toEqual(before.evaluation);
  expect(active).toEqual(before.evaluation.candidate);
  expect(after.trainingRows).toBe(before.trainingRows);
  expect(after.holdout).toEqual(before.holdout);
  // A forecast made by the new model is the old one's, place by place.
  const forecastAfter = rankedCells(
    await ensureForecast(database, settings, { window: night!, category: 'all' }),
  );
  expect(forecastAfter.map((c) => [c.cell, c.expected])).toEqual(
    forecastBefore.map((c) => [c.cell, c.expected]),
  );
}, 180_000);
