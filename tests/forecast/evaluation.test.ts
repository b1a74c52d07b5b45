// Calibration and paired intervals: what a backtest says about expected counts and about an edge.
import { expect, test } from 'vitest';
import { CalibrationTally, type DayHits, pairedInterval } from '../../src/forecast/evaluation.ts';
import { createRandom } from '../../src/random.ts';

/** 2,000 cells with rates from 0.001 to 2 per window, and 300 windows of what happened. */
function simulate(scale: number) {
  const random = createRandom(7);
  const rates = Float64Array.from({ length: 2000 }, (_, i) => 0.001 * 2000 ** (i / 1999));
  const tally = new CalibrationTally();
  for (let w = 0; w < 300; w++) {
    const observed = rates.map((r) => random.poisson(r));
    tally.add(
      rates.map((r) => r * scale),
      observed,
    );
  }
  return tally.report();
}

test('true rates are calibrated in every decile; doubled ones read twice what happens, with more deviance', () => {
  const right = simulate(1);
  expect(right.deciles.map((d) => d.decile)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  for (const d of right.deciles.slice(-3)) expect(Math.abs(d.ratio! - 1)).toBeLessThan(0.03);
  // Every cell-window is in one decile.
  expect(right.deciles.reduce((s, d) => s + d.cellWindows, 0)).toBe(2000 * 300);
  const doubled = simulate(2);
  for (const d of doubled.deciles.slice(-3)) expect(d.ratio!).toBeCloseTo(0.5, 1);
  expect(doubled.deviance).toBeGreaterThan(right.deviance * 1.2);
});

test('many equal predictions (zeros) share a group named by the highest tenth it reaches', () => {
  const tally = new CalibrationTally();
  tally.add([0, 0, 0, 0, 0, 0.5, 1, 2, 3, 4], [0, 0, 1, 0, 0, 1, 1, 2, 3, 5]);
  const { deciles } = tally.report();
  // Forecast 0 where 1 happened: no ratio, never a ratio of millions over the 1e-9 floor.
  expect(deciles[0]).toEqual({ decile: 5, cellWindows: 5, predicted: 0, observed: 1, ratio: null });
  expect(deciles.at(-1)).toMatchObject({
    decile: 10,
    cellWindows: 1,
    predicted: 4,
    observed: 5,
    ratio: 1.25,
  });
});

test('a paired interval: none for the same method, clear of 1 for a steady edge, across 1 for noise', () => {
  const random = createRandom(3);
  const days: DayHits[] = Array.from({ length: 365 }, (_, i) => {
    const base = 30 + Math.floor(random.next() * 20);
    return {
      date: String(i),
      incidents: 100,
      hits: {
        a: base,
        same: base,
        better: Math.round(base * 1.1),
        // As many days 5 better as 5 worse: no edge, only noise.
        noisy: base + (i % 2 === 0 ? 5 : -5),
      },
    };
  });
  expect(pairedInterval(days, 'same', 'a')).toEqual({ ratio: 1, low: 1, high: 1 });
  const better = pairedInterval(days, 'better', 'a');
  expect(better.low).toBeGreaterThan(1.05);
  expect(better.high).toBeLessThan(1.15);
  const noisy = pairedInterval(days, 'noisy', 'a');
  expect(noisy.low).toBeLessThan(1);
  expect(noisy.high).toBeGreaterThan(1);
});
