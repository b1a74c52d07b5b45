// Training, the registry and stored forecasts, on a real database with the demo city.
import { expect, test } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { ensureForecast } from '../../src/forecast/forecast-service.ts';
import { activeModel, listModels } from '../../src/forecast/registry.ts';
import { decidePromotion, train } from '../../src/forecast/train.ts';
import { resolveWindow } from '../../src/forecast/windows.ts';
import { TEST_FORECAST_SETTINGS } from '../helpers/api.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { demoIncidents } from '../helpers/demo-city.ts';

const settings = TEST_FORECAST_SETTINGS;
const until = new Date('2026-06-01T05:00:00Z');
const small = { nEstimators: 10 };

const demoDatabase = async (kind: 'pglite' | 'postgres') => demoIncidents(await freshDatabase(kind));

test('the promotion rule', () => {
  const base = { hasActive: true, activeVersion: 3, force: false, tolerance: 0.01 };
  expect(decidePromotion({ ...base, candidateHr5: 0.3, activeHr5: 0.305 }).promoted).toBe(true);
  expect(decidePromotion({ ...base, candidateHr5: 0.28, activeHr5: 0.3 }).promoted).toBe(false);
  expect(decidePromotion({ ...base, force: true, candidateHr5: 0.1, activeHr5: 0.3 }).promoted).toBe(true);
  expect(decidePromotion({ ...base, hasActive: false, candidateHr5: 0, activeHr5: undefined }).promoted).toBe(
    true,
  );
  expect(decidePromotion({ ...base, candidateHr5: 0.9, activeHr5: undefined }).promoted).toBe(false);
});

describeEachDatabase('training and forecasts', (kind) => {
  test('a first model is promoted, with its held-out scores beside the baselines', async () => {
    const database = await demoDatabase(kind);
    const outcome = await train(database, settings, { until, options: small, holdoutDays: 14 });
    expect(outcome.promoted).toBe(true);
    expect(outcome.model).toMatchObject({ version: 1, status: 'active', algorithm: 'forest', demo: true });
    expect(Object.keys(outcome.evaluation).sort()).toEqual([
      'candidate',
      'ewma',
      'kde',
      'naive',
      'prospective',
    ]);
    expect(outcome.evaluation.candidate!.hr[5]).toBeGreaterThan(0.1);
    // What the registry stores comes back as it went in (JSON, not JSON in a string).
    const [stored] = await listModels(database);
    expect(stored!.features).toEqual(expect.arrayContaining(['n_7d', 'near_ring1']));
    expect(stored!.params).toMatchObject({ windowKind: 'shift', category: 'all' });
    expect(typeof stored!.metrics.hr5).toBe('number');
    // 14 days of 3 shifts, less the last night shift, which ends after midnight: after `until`.
    expect(outcome.holdout).toMatchObject({ from: '2026-05-18', to: '2026-05-31', windows: 41 });
  });

  test('a training that fails is recorded and leaves the active model active', async () => {
    const database = await demoDatabase(kind);
    const first = await train(database, settings, { until, options: small, holdoutDays: 14 });
    // ml-random-forest refuses data above its row cap, naming the algorithm to use instead.
    const failure = train(
      database,
      { ...settings, mlForestMaxRows: 100 },
      { until, algorithm: 'ml-random-forest', holdoutDays: 14 },
    );
    await expect(failure).rejects.toThrow(UserError);
    await expect(failure).rejects.toThrow(/Use the default algorithm, forest/);
    const models = await listModels(database);
    expect(models.map((m) => [m.version, m.status])).toEqual([
      [2, 'failed'],
      [1, 'active'],
    ]);
    expect(models[0]!.failure).toMatch(/ml-random-forest would train on/);
    expect((await activeModel(database))!.id).toBe(first.model.id);
  });

  test('a forced model replaces the active one, which is retired', async () => {
    const database = await demoDatabase(kind);
    await train(database, settings, { until, options: small, holdoutDays: 14 });
    const second = await train(database, settings, {
      until,
      options: { nEstimators: 3 },
      holdoutDays: 14,
      force: true,
    });
    expect(second.promoted).toBe(true);
    const models = await listModels(database);
    expect(models.map((m) => [m.version, m.status])).toEqual([
      [2, 'active'],
      [1, 'retired'],
    ]);
  });

  test('a forecast ranks every cell, explains the top ones in words, and is stored once', async () => {
    const database = await demoDatabase(kind);
    await train(database, settings, { until, options: small, holdoutDays: 14 });
    const window = resolveWindow('tonight', new Date('2026-06-01T18:00:00Z'), settings);
    const forecast = await ensureForecast(database, settings, { window, category: 'all' });
    expect(forecast.demo).toBe(true);
    expect(forecast.cells.length).toBeGreaterThan(500);
    expect(forecast.cells.map((c) => c.rank).slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(forecast.cells[0]!.expected).toBeGreaterThanOrEqual(forecast.cells[1]!.expected);
    expect(forecast.cells[0]!.reasons.length).toBeGreaterThan(0);
    expect(forecast.cells[0]!.reasons.join(' ')).toMatch(/incident/);
    const again = await ensureForecast(database, settings, { window, category: 'all' });
    expect(again.id).toBe(forecast.id);
    const day = await ensureForecast(database, settings, {
      window: resolveWindow('today', new Date('2026-06-01T18:00:00Z'), settings),
      category: 'burglary',
    });
    expect(day.windowKind).toBe('day');
    expect(day.cells[0]!.reasons.join(' ')).toMatch(/burglar/);
  });
});
