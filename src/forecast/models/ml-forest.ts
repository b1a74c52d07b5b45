// ml-random-forest itself, for small data. Its split search is O(n²) per node, so above a row cap it
// refuses and points to the forest.
import { RandomForestRegression } from 'ml-random-forest';
import { UserError } from '../../errors.ts';
import { FeatureForecaster } from './feature-model.ts';
import type { Algorithm } from './forecaster.ts';

/** Rows above which training would take hours (measured: about 48 s per tree at 20,000 rows). */
export const ML_FOREST_MAX_ROWS = 20_000;

type Serialized = {
  features: string[];
  model: ReturnType<RandomForestRegression['toJSON']>;
  maxRows?: number;
};

function wrap(features: string[], forest: RandomForestRegression) {
  const model = {
    features,
    predict(x: Float64Array, n: number) {
      const f = features.length;
      const rows = Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * f, (i + 1) * f)));
      return Float64Array.from(forest.predict(rows));
    },
  };
  return new FeatureForecaster(
    'ml-random-forest',
    model,
    (): Serialized => ({ features, model: forest.toJSON() }),
  );
}

export const mlForestAlgorithm: Algorithm = {
  name: 'ml-random-forest',
  description: `ml-random-forest (exact splits; small data only, at most ${ML_FOREST_MAX_ROWS.toLocaleString('en-US')} rows)`,
  learned: true,
  async fit(training, options) {
    const maxRows = Number(options.maxRows ?? ML_FOREST_MAX_ROWS);
    if (training.n > maxRows) {
      throw new UserError(
        `ml-random-forest would train on ${training.n.toLocaleString('en-US')} rows; above ${maxRows.toLocaleString('en-US')} it takes hours. Use --algorithm forest (or the default, auto), which grows the same kind of forest in seconds.`,
      );
    }
    const f = training.names.length;
    const rows = Array.from({ length: training.n }, (_, i) =>
      Array.from(training.x.subarray(i * f, (i + 1) * f)),
    );
    const { maxRows: _maxRows, ...rest } = options;
    const forest = new RandomForestRegression({
      seed: 42,
      nEstimators: 20,
      maxFeatures: 0.5,
      replacement: true,
      useSampleBagging: true,
      noOOB: true,
      treeOptions: { maxDepth: 10, minNumSamples: 20 },
      ...rest,
    } as ConstructorParameters<typeof RandomForestRegression>[0]);
    forest.train(rows, Array.from(training.y));
    return wrap(training.names, forest);
  },
  async load(serialized) {
    const s = serialized as Serialized;
    return wrap(s.features, RandomForestRegression.load(s.model));
  },
};
