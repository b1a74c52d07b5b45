// What every forecasting method offers, learned or not: scores for every cell of a window, reasons
// for a cell's score, and a form that can be stored and loaded again.
import type { FeatureContext } from '../features.ts';
import type { TrainingSet } from '../training-set.ts';
import type { ForecastWindow } from '../windows.ts';

/** One reason a cell scores as it does: a feature, its value there, and its effect on the score. */
export interface Contribution {
  feature: string;
  value: number;
  /** Expected incidents this feature adds (or removes). */
  effect: number;
}

export interface Forecaster {
  readonly algorithm: string;
  /** Expected incidents in every study cell during the window, from data before the window. */
  score(ctx: FeatureContext, window: ForecastWindow): Float64Array;
  /** Why a cell scores as it does, strongest first. */
  explain(ctx: FeatureContext, window: ForecastWindow, cell: number): Contribution[];
  serialize(): unknown;
}

export interface Algorithm {
  readonly name: string;
  readonly description: string;
  /** Whether it learns from a training set (baselines only count). */
  readonly learned: boolean;
  fit(training: TrainingSet, options: Record<string, unknown>): Promise<Forecaster>;
  load(serialized: unknown): Promise<Forecaster>;
}
