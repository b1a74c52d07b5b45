// The arithmetic of a training, without the database: features, the training set, the fit, and the
// scores of the candidate, the active model and the baselines on the held-out days. It runs in a worker
// thread so that a training never stalls the chat adapters and the API (seconds of feature building
// on a big city would miss Slack's 3-second acknowledgement).

import { type FairnessReport, FairnessTally } from '../fairness/fairness-tally.ts';
import type { Category } from '../ingest/categories.ts';
import { newScoring, scoreWindows, summariseScoring, trainingWindows } from './backtest.ts';
import { contextAt } from './context-at.ts';
import type { CovariateTable } from './covariates.ts';
import type { IncidentTable } from './history.ts';
import type { Metrics } from './metrics.ts';
import { algorithmNamed, BASELINES } from './models/algorithms.ts';
import type { Forecaster } from './models/forecaster.ts';
import type { ForecastSettings } from './settings.ts';
import { buildTrainingSet, DEFAULT_SAMPLING } from './training-set.ts';
import type { ForecastWindow, WindowKind } from './windows.ts';

export interface ComputeInput {
  table: IncidentTable;
  settings: ForecastSettings;
  algorithm: string;
  options: Record<string, unknown>;
  category: Category | 'all';
  kind: WindowKind;
  holdout: ForecastWindow[];
  /** The active model, to score beside the candidate when it uses the same windows and features. */
  active?: { algorithm: string; artifact: string; windowKind: string; features: string[] };
  covariates?: CovariateTable;
  /** Each cell's district, for the fairness report. */
  districts: Map<string, string>;
}

export interface ComputeOutput {
  artifact: string;
  features: string[];
  evaluation: Record<string, Metrics>;
  /** Whether the active model could be scored on the same days. */
  comparable: boolean;
  holdoutIncidents: number;
  trainingRows: number;
  cutoff: number;
  fairness: FairnessReport;
}

export async function computeCandidate(input: ComputeInput): Promise<ComputeOutput> {
  const { table, settings, kind, holdout } = input;
  const cutoff = holdout[0]!.start.getTime();
  const ctx = contextAt(table, settings, cutoff, input.category, kind, input.covariates);
  const training = buildTrainingSet(
    ctx,
    trainingWindows(table, kind, cutoff, settings.trainDays, settings),
    DEFAULT_SAMPLING,
  );
  const candidate = await algorithmNamed(input.algorithm).fit(training, input.options);
  const forecasters: Record<string, Forecaster> = { candidate };
  const active = input.active;
  const comparable =
    active !== undefined &&
    active.windowKind === kind &&
    JSON.stringify(active.features) === JSON.stringify(ctx.names);
  if (comparable)
    forecasters.active = await algorithmNamed(active.algorithm).load(JSON.parse(active.artifact));
  for (const name of BASELINES) forecasters[name] = await algorithmNamed(name).fit(training, {});
  const scoring = newScoring(Object.keys(forecasters));
  // The candidate's fairness report on the held-out days, kept with it for /model and the briefing.
  const fairness = new FairnessTally();
  scoreWindows(ctx, holdout, forecasters, scoring, undefined, { candidate: fairness });
  return {
    artifact: JSON.stringify(candidate.serialize()),
    features: ctx.names,
    evaluation: summariseScoring(scoring, false).models,
    comparable,
    holdoutIncidents: scoring.incidents,
    trainingRows: training.n,
    cutoff,
    fairness: fairness.report((cell) => input.districts.get(cell)),
  };
}
