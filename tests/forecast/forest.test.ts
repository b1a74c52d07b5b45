import { describe, expect, test } from 'vitest';
import { DEFAULT_FOREST_OPTIONS, HistForest } from '../../src/forecast/models/forest/forest.ts';
import { createRandom } from '../../src/random.ts';

// y depends on feature 0 (a step) and a little on feature 2; features 1 and 3 are noise.
function data(n: number, seed = 1) {
  const r = createRandom(seed);
  const f = 4;
  const x = new Float64Array(n * f);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < f; j++) x[i * f + j] = Math.floor(r.next() * 50);
    y[i] = (x[i * f]! > 25 ? 2 : 0) + x[i * f + 2]! / 100 + r.normal(0, 0.05);
  }
  return { x, y, w: new Float64Array(n).fill(1), names: ['signal', 'noise_a', 'weak', 'noise_b'] };
}

const small = { ...DEFAULT_FOREST_OPTIONS, nEstimators: 8, workers: 0 };

const correlation = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  const n = a.length;
  const mean = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x, 0) / n;
  const [ma, mb] = [mean(a), mean(b)];
  let [sab, saa, sbb] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
};

describe('the histogram forest', () => {
  test('out-of-bag predictions are honest: on labels that are pure noise they predict nothing', async () => {
    const d = data(4000, 5);
    const r = createRandom(9);
    const noise = d.y.map(() => r.normal(0, 1));
    for (const replacement of [true, false]) {
      const forest = await HistForest.fit(d.x, noise, d.w, d.names, {
        ...small,
        nEstimators: 30,
        replacement,
        treeOptions: { maxDepth: 12, minNumSamples: 2 },
      });
      // Trees that saw a row have learnt its noise; those that did not have nothing to go on.
      expect(correlation(forest.predict(d.x, 4000), noise)).toBeGreaterThan(0.3);
      const oob = forest.outOfBag(d.x, 4000);
      expect(oob.every(Number.isFinite)).toBe(true);
      expect(Math.abs(correlation(oob, noise))).toBeLessThan(0.08);
    }
  });

  test('the same seed grows the same forest; another seed another', async () => {
    const d = data(3000);
    const a = await HistForest.fit(d.x, d.y, d.w, d.names, small);
    const b = await HistForest.fit(d.x, d.y, d.w, d.names, small);
    const c = await HistForest.fit(d.x, d.y, d.w, d.names, { ...small, seed: 43 });
    expect(JSON.stringify(b.toJSON())).toBe(JSON.stringify(a.toJSON()));
    expect(JSON.stringify(c.toJSON())).not.toBe(JSON.stringify(a.toJSON()));
  });

  test('worker threads grow exactly the trees the main thread would', async () => {
    const d = data(3000);
    const here = await HistForest.fit(d.x, d.y, d.w, d.names, small);
    const threads = await HistForest.fit(d.x, d.y, d.w, d.names, { ...small, workers: 2 });
    expect(JSON.stringify(threads.toJSON())).toBe(JSON.stringify(here.toJSON()));
  });

  test('the out-of-bag predictions made while growing are those each tree gives the rows it never saw', async () => {
    const d = data(3000, 4);
    // Missing values too: they take the last bin while growing and the right branch when predicting.
    for (let i = 0; i < 3000; i += 7) d.x[i * 4 + 2] = Number.NaN;
    for (const options of [small, { ...small, workers: 2 }, { ...small, replacement: false }]) {
      const forest = await HistForest.fit(d.x, d.y, d.w, d.names, options);
      const replayed = forest.outOfBag(d.x, 3000);
      expect(replayed.some(Number.isFinite)).toBe(true);
      expect([...forest.trainingOutOfBag!]).toEqual([...replayed]);
    }
  });

  test('it learns the signal, credits it in the explanation, and survives a round trip through JSON', async () => {
    const d = data(4000);
    const forest = await HistForest.fit(d.x, d.y, d.w, d.names, small);
    const probe = Float64Array.from([40, 10, 50, 10, 5, 10, 0, 10]);
    const [high, low] = forest.predict(probe, 2);
    expect(high! - low!).toBeGreaterThan(1.7);
    const why = forest.contributions(probe, 0);
    const strongest = [...why.values.keys()].sort((i, j) => why.values[j]! - why.values[i]!)[0];
    expect(d.names[strongest!]).toBe('signal');
    // The contributions add up to the prediction.
    expect(why.bias + why.values.reduce((a, b) => a + b, 0)).toBeCloseTo(high!, 10);
    const again = HistForest.load(JSON.parse(JSON.stringify(forest.toJSON())));
    expect([...again.predict(probe, 2)]).toEqual([...forest.predict(probe, 2)]);
  });
});
