// The forest's raw outputs, learnt on a sample that keeps one empty row in W, become expected
// incidents in the whole population again, without reordering any cell.
import { expect, test } from 'vitest';
import { applyCalibrationMap, learnCalibrationMap } from '../../src/forecast/models/calibration-map.ts';
import { createRandom } from '../../src/random.ts';

test('a sample that kept one empty row in 20 and a model that reads 3× too high: the map gives the true rates', () => {
  const random = createRandom(11);
  const W = 20;
  const raw: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < 400_000; i++) {
    const rate = 0.002 * 500 ** random.next();
    const y = random.poisson(rate);
    // Every row with an incident is kept; an empty one with probability 1/W.
    if (y === 0 && random.next() >= 1 / W) continue;
    raw.push(3 * rate);
    counts.push(y);
  }
  const map = learnCalibrationMap(raw, counts, (i) => (counts[i]! > 0 ? 1 : W))!;
  expect(map).toBeDefined();
  for (const rate of [0.02, 0.1, 0.3, 0.6]) {
    expect(applyCalibrationMap(map, 3 * rate) / rate).toBeGreaterThan(0.85);
    expect(applyCalibrationMap(map, 3 * rate) / rate).toBeLessThan(1.15);
  }
  // Strictly increasing: no two raw outputs become equal, so rankings are kept.
  const xs = Array.from({ length: 200 }, (_, i) => 0.001 * 1.04 ** i);
  const ys = xs.map((x) => applyCalibrationMap(map, x));
  for (let i = 1; i < ys.length; i++) expect(ys[i]!).toBeGreaterThan(ys[i - 1]!);
});

test('too few rows to learn from: no map (the formula is used)', () => {
  expect(learnCalibrationMap([0.1, 0.2, 0.3], [0, 1, 0], () => 1)).toBeUndefined();
});
