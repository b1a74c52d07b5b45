// Every forecasting method, by name: the explicit list the CLI, the backtest and the registry use.
import { UserError } from '../../errors.ts';
import {
  ewmaAlgorithm,
  ewmaAllHoursAlgorithm,
  ewmaShiftAlgorithm,
  kdeAlgorithm,
  naiveAlgorithm,
  prospectiveAlgorithm,
} from './baselines.ts';
import type { Algorithm } from './forecaster.ts';
import { forestAlgorithm } from './forest-forecaster.ts';
import { mlForestAlgorithm } from './ml-forest.ts';
import { svmAlgorithm } from './svm.ts';

export const ALGORITHMS: readonly Algorithm[] = [
  forestAlgorithm,
  mlForestAlgorithm,
  svmAlgorithm,
  naiveAlgorithm,
  ewmaAlgorithm,
  ewmaAllHoursAlgorithm,
  ewmaShiftAlgorithm,
  kdeAlgorithm,
  prospectiveAlgorithm,
];

export const BASELINES = ['naive', 'ewma', 'kde', 'prospective'] as const;

/** Scored beside the baselines for shift windows: what a shift forecast must beat (no time of day). */
export const SHIFT_BASELINES = ['ewma-all-hours', 'ewma-shift'] as const;

export function algorithmNamed(name: string): Algorithm {
  const found = ALGORITHMS.find((a) => a.name === name);
  if (!found)
    throw new UserError(
      `unknown algorithm '${name.slice(0, 40)}'; known: ${ALGORITHMS.map((a) => a.name).join(', ')}`,
    );
  return found;
}

/**
 * The methods an agency can make its active model: the learned ones, and the EWMA, which on common
 * crime no learned model beats by more than a point or so. The other baselines are only compared against.
 */
export const TRAINABLE: readonly string[] = ALGORITHMS.map((a) => a.name).filter(
  (n) => n === 'ewma' || !(BASELINES as readonly string[]).includes(n),
);

/** What a training may be asked for: one trainable method, or auto (the forest and the EWMA compared). */
export const TRAINING_CHOICES: readonly string[] = ['auto', ...TRAINABLE];
