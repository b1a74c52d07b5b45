// The comparison models and patrol zones.
import { describe, expect, test } from 'vitest';
import { algorithmNamed } from '../../src/forecast/models/algorithms.ts';
import type { TrainingSet } from '../../src/forecast/training-set.ts';
import { createRandom } from '../../src/random.ts';

function training(n: number): TrainingSet {
  const r = createRandom(9);
  const names = ['n_28d', 'n_365d', 'noise'];
  const x = new Float64Array(n * 3);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const busy = r.next() < 0.5;
    x[i * 3] = busy ? 3 + r.poisson(3) : r.poisson(0.3);
    x[i * 3 + 1] = busy ? 30 + r.poisson(10) : r.poisson(2);
    x[i * 3 + 2] = r.next();
    y[i] = busy && r.next() < 0.7 ? 1 : 0;
  }
  return { x, y, w: new Float64Array(n).fill(1), n, names, positives: 0, negativeWeight: 1 };
}

// Two rows to score: a busy place and a quiet one.
const probe = Float64Array.from([6, 40, 0.5, 0, 1, 0.5]);

describe('comparison models', () => {
  test('the SVM gives probabilities that put the busy place first, and reloads the same', async () => {
    const svm = algorithmNamed('svm');
    const model = await svm.fit(training(600), {});
    const row = (model as unknown as { model: { predict(x: Float64Array, n: number): Float64Array } }).model;
    const [busy, quiet] = row.predict(probe, 2);
    expect(busy).toBeGreaterThan(quiet!);
    expect(busy).toBeLessThanOrEqual(1);
    expect(quiet).toBeGreaterThanOrEqual(0);
    const again = await svm.load(JSON.parse(JSON.stringify(model.serialize())));
    const reloaded = (again as unknown as { model: { predict(x: Float64Array, n: number): Float64Array } })
      .model;
    // libsvm's text form rounds the coefficients a little.
    const [busyAgain, quietAgain] = reloaded.predict(probe, 2);
    expect(busyAgain).toBeCloseTo(busy!, 4);
    expect(quietAgain).toBeCloseTo(quiet!, 4);
  });

  test('ml-random-forest trains on small data and refuses large data, pointing to forest', async () => {
    const ml = algorithmNamed('ml-random-forest');
    const model = await ml.fit(training(300), { nEstimators: 5, maxRows: 1000 });
    const row = (model as unknown as { model: { predict(x: Float64Array, n: number): Float64Array } }).model;
    const [busy, quiet] = row.predict(probe, 2);
    expect(busy).toBeGreaterThan(quiet!);
    await expect(ml.fit(training(2000), { maxRows: 1000 })).rejects.toThrow(
      /Use --algorithm forest \(or the default, auto\)/,
    );
  });
});
