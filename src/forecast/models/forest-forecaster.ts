// The default forecaster: the histogram forest over the features of features.ts.
import { cityRatePerWindow } from '../city-rate.ts';
import { modelRow, modelRows } from '../feature-columns.ts';
import type { FeatureContext } from '../features.ts';
import type { ForecastWindow } from '../windows.ts';
import { applyCalibrationMap, type CalibrationMap, learnCalibrationMap } from './calibration-map.ts';
import type { Algorithm, Contribution, Forecaster } from './forecaster.ts';
import { DEFAULT_FOREST_OPTIONS, type ForestJSON, type ForestOptions, HistForest } from './forest/forest.ts';

/**
 * From a prediction learnt on rows where each empty window stood for `negativeWeight` of them, to
 * expected incidents. Keeping every window with incidents and one in W empty ones turns a true chance p
 * of any incident into q = p / (p + (1 − p) / W) and a true mean μ into m = μ / (p + (1 − p) / W). The
 * forest gives m; q is read from it as a Poisson count's chance of not being zero (a mean of 1 in the
 * sample is a 63% chance, not a certainty), which gives p, and so μ. Monotone: rankings are unchanged.
 */
export function calibrate(predicted: number, negativeWeight: number): number {
  if (negativeWeight <= 1) return predicted;
  const m = Math.max(0, predicted);
  const q = 1 - Math.exp(-m);
  const p = q / (negativeWeight * (1 - q) + q);
  return m * (p + (1 - p) / negativeWeight);
}

export class ForestForecaster implements Forecaster {
  readonly algorithm: string = 'forest';
  constructor(
    readonly forest: HistForest,
    readonly negativeWeight: number,
    /** Learnt from the training rows' out-of-bag predictions; models stored before it use the formula. */
    readonly calibration?: CalibrationMap,
  ) {}

  private expected(raw: number): number {
    return this.calibration
      ? applyCalibrationMap(this.calibration, raw)
      : calibrate(raw, this.negativeWeight);
  }

  score(ctx: FeatureContext, window: ForecastWindow): Float64Array {
    const raw = this.forest.predict(modelRows(ctx, window, this.forest.features), ctx.area.cells.length);
    const expected = raw.map((v) => this.expected(v));
    // The level is the city's recent rate for a window like this; the forest gives the shape.
    const total = expected.reduce((a, b) => a + b, 0);
    const scale = total > 0 ? cityRatePerWindow(ctx, window) / total : 0;
    return scale > 0 ? expected.map((v) => v * scale) : expected;
  }

  explain(ctx: FeatureContext, window: ForecastWindow, cell: number): Contribution[] {
    const x = modelRow(ctx, cell, window, this.forest.features);
    const { bias, values } = this.forest.contributions(x, 0);
    // Contributions are on the scale the forest learnt; shown on the scale of expected incidents.
    const predicted = bias + values.reduce((a, b) => a + b, 0);
    const scale = predicted > 0 ? this.expected(predicted) / predicted : 0;
    return this.forest.features
      .map((feature, j) => ({ feature, value: x[j]!, effect: values[j]! * scale }))
      .sort((a, b) => b.effect - a.effect);
  }

  serialize(): { forest: ForestJSON; negativeWeight: number; calibration?: CalibrationMap } {
    return {
      forest: this.forest.toJSON(),
      negativeWeight: this.negativeWeight,
      ...(this.calibration ? { calibration: this.calibration } : {}),
    };
  }
}

export const forestAlgorithm: Algorithm = {
  name: 'forest',
  description:
    'random forest of histogram-binned trees, grown in worker threads (compared with the ewma by default)',
  learned: true,
  async fit(training, options) {
    const merged: ForestOptions = {
      ...DEFAULT_FOREST_OPTIONS,
      ...options,
      treeOptions: { ...DEFAULT_FOREST_OPTIONS.treeOptions, ...((options.treeOptions as object) ?? {}) },
    };
    const forest = await HistForest.fit(training.x, training.y, training.w, training.names, merged);
    // Each sampled empty row stands for negativeWeight of them, each row with incidents for one.
    const calibration = learnCalibrationMap(
      forest.trainingOutOfBag ?? forest.outOfBag(training.x, training.n),
      training.y,
      (i) => (training.y[i]! > 0 ? 1 : training.negativeWeight > 0 ? training.negativeWeight : 1),
    );
    return new ForestForecaster(forest, training.negativeWeight, calibration);
  },
  async load(serialized) {
    const s = serialized as { forest: ForestJSON; negativeWeight: number; calibration?: CalibrationMap };
    return new ForestForecaster(HistForest.load(s.forest), s.negativeWeight, s.calibration);
  },
};
