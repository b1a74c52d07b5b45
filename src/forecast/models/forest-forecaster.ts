// The default forecaster: the histogram forest over the features of features.ts.
import { UserError } from '../../errors.ts';
import { type FeatureContext, featuresForWindow, windowContext, writeFeatures } from '../features.ts';
import type { ForecastWindow } from '../windows.ts';
import type { Algorithm, Contribution, Forecaster } from './forecaster.ts';
import { DEFAULT_FOREST_OPTIONS, type ForestJSON, type ForestOptions, HistForest } from './forest/forest.ts';

function checkFeatures(model: string[], ctx: FeatureContext): void {
  if (model.length !== ctx.names.length || model.some((name, i) => name !== ctx.names[i])) {
    throw new UserError(
      `the model was trained on features ${model.join(', ')}; the data now has ${ctx.names.join(', ')} (load the same covariates)`,
    );
  }
}

/**
 * From a prediction learnt on rows where each empty window stood for `negativeWeight` of them, to
 * expected incidents: the chance of any incident is deflated by the sampling ratio, the count given
 * one is kept. Monotone, so rankings are unchanged.
 */
export function calibrate(predicted: number, negativeWeight: number): number {
  if (negativeWeight <= 1) return predicted;
  const q = Math.min(1, Math.max(0, predicted));
  const given = Math.max(1, predicted);
  return (given * q) / (q + (1 - q) * negativeWeight);
}

export class ForestForecaster implements Forecaster {
  readonly algorithm: string = 'forest';
  constructor(
    readonly forest: HistForest,
    readonly negativeWeight: number,
  ) {}

  score(ctx: FeatureContext, window: ForecastWindow): Float64Array {
    checkFeatures(this.forest.features, ctx);
    const raw = this.forest.predict(featuresForWindow(ctx, window), ctx.area.cells.length);
    return raw.map((v) => calibrate(v, this.negativeWeight));
  }

  explain(ctx: FeatureContext, window: ForecastWindow, cell: number): Contribution[] {
    checkFeatures(this.forest.features, ctx);
    const x = new Float64Array(ctx.names.length);
    writeFeatures(ctx, cell, windowContext(ctx, window), x, 0);
    const { bias, values } = this.forest.contributions(x, 0);
    // Contributions are on the scale the forest learnt; shown on the scale of expected incidents.
    const predicted = bias + values.reduce((a, b) => a + b, 0);
    const scale = predicted > 0 ? calibrate(predicted, this.negativeWeight) / predicted : 0;
    return ctx.names
      .map((feature, j) => ({ feature, value: x[j]!, effect: values[j]! * scale }))
      .sort((a, b) => b.effect - a.effect);
  }

  serialize(): { forest: ForestJSON; negativeWeight: number } {
    return { forest: this.forest.toJSON(), negativeWeight: this.negativeWeight };
  }
}

export const forestAlgorithm: Algorithm = {
  name: 'forest',
  description: 'random forest of histogram-binned trees, grown in worker threads (the default)',
  learned: true,
  async fit(training, options) {
    const merged: ForestOptions = {
      ...DEFAULT_FOREST_OPTIONS,
      ...options,
      treeOptions: { ...DEFAULT_FOREST_OPTIONS.treeOptions, ...((options.treeOptions as object) ?? {}) },
    };
    const forest = await HistForest.fit(training.x, training.y, training.w, training.names, merged);
    return new ForestForecaster(forest, training.negativeWeight);
  },
  async load(serialized) {
    const s = serialized as { forest: ForestJSON; negativeWeight: number };
    return new ForestForecaster(HistForest.load(s.forest), s.negativeWeight);
  },
};
