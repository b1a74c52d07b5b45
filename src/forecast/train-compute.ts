// The arithmetic of a training, without the database: features, the training set, the fit, and the
// scores of the candidate, the active model and the baselines on the held-out days. It runs in a worker
// thread so that a training never stalls the chat adapters and the API (seconds of feature building
// on a big city would miss Slack's 3-second acknowledgement).

import { type FairnessReport, FairnessTally } from '../fairness/fairness-tally.ts';
import type { Category } from '../ingest/categories.ts';
import { newScoring, scoreWindows, summariseScoring, trainingWindows } from './backtest.ts';
import { contextAt } from './context-at.ts';
import type { CovariateTable } from './covariates.ts';
import type { FeatureContext } from './features.ts';
import type { IncidentTable } from './history.ts';
import type { Metrics } from './metrics.ts';
import { algorithmNamed, BASELINES } from './models/algorithms.ts';
import { ewma } from './models/baselines.ts';
import type { Forecaster } from './models/forecaster.ts';
import { deskCells } from './report-desks.ts';
import type { ForecastSettings } from './settings.ts';
import type { ShiftSummary } from './shift-tally.ts';
import { buildTrainingSet, DEFAULT_SAMPLING, type TrainingSet } from './training-set.ts';
import type { ForecastWindow, WindowKind } from './windows.ts';

export interface ComputeInput {
  table: IncidentTable;
  settings: ForecastSettings;
  /** The methods that may become the model, each fitted and scored on the same held-out days. */
  candidates: string[];
  /** Options for the learned candidates. */
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
  /** Each candidate's stored form, by its name. */
  artifacts: Record<string, string>;
  features: string[];
  /** The EWMA half-life chosen on the days before the held-out ones. */
  halfLifeDays: number;
  evaluation: Record<string, Metrics>;
  /** Whether the active model could be scored on the same days. */
  comparable: boolean;
  holdoutIncidents: number;
  trainingRows: number;
  cutoff: number;
  /** Each candidate's fairness report on the held-out days. */
  fairness: Record<string, FairnessReport>;
  /** For shift windows: each method's hit rate and top-ten calibration by shift on the held-out days. */
  shifts?: Record<string, ShiftSummary>;
  /** Places taken for report desks: their incidents at the stand-in minutes are not counted. */
  desks: ReportDeskFound[];
}

export interface ReportDeskFound {
  cell: string;
  /** Incidents at the stand-in minutes (not counted), and all of the place's. */
  unknown: number;
  total: number;
  /** The stand-in minutes, 0 for 00:00. */
  minutes: number[];
}

/** Half-lives the EWMA may take, chosen on the days just before the held-out ones. */
export const HALF_LIVES = [180, 365, 730, 1095] as const;
const TUNING_DAYS = 28;

/**
 * The half-life whose ranking caught most incidents in the top 5% over the tuning days before the
 * cutoff (none of them held out); the shortest wins a tie, and 365 days when nothing happened there.
 */
async function chooseHalfLife(input: ComputeInput, ctx: FeatureContext, cutoff: number): Promise<number> {
  const tuning = trainingWindows(input.table, input.kind, cutoff, TUNING_DAYS, input.settings);
  if (tuning.length === 0) return 365;
  const forecasters: Record<string, Forecaster> = {};
  for (const h of HALF_LIVES) forecasters[String(h)] = ewma(h);
  const scoring = newScoring(Object.keys(forecasters));
  scoreWindows(ctx, tuning, forecasters, scoring);
  if (scoring.incidents === 0) return 365;
  const scores = summariseScoring(scoring, false).models;
  let best: number = HALF_LIVES[1];
  for (const h of HALF_LIVES) if (scores[String(h)]!.hr[5] > scores[String(best)]!.hr[5]) best = h;
  return best;
}

export async function computeCandidate(input: ComputeInput): Promise<ComputeOutput> {
  const { table, settings, kind, holdout } = input;
  const cutoff = holdout[0]!.start.getTime();
  const ctx = contextAt(table, settings, cutoff, input.category, kind, input.covariates);
  const halfLifeDays = await chooseHalfLife(input, ctx, cutoff);
  const learned = input.candidates.some((name) => algorithmNamed(name).learned);
  const training = learned
    ? buildTrainingSet(
        ctx,
        trainingWindows(table, kind, cutoff, settings.trainDays, settings),
        DEFAULT_SAMPLING,
      )
    : undefined;
  // Baselines take no training set: they only count, so `training` is built only for learned methods.
  const forecasters: Record<string, Forecaster> = {};
  for (const name of input.candidates) {
    const algorithm = algorithmNamed(name);
    forecasters[name] = await algorithm.fit(
      training as TrainingSet,
      name === 'ewma' ? { halfLifeDays } : input.options,
    );
  }
  const active = input.active;
  const comparable =
    active !== undefined &&
    active.windowKind === kind &&
    JSON.stringify(active.features) === JSON.stringify(ctx.names);
  if (comparable)
    forecasters.active = await algorithmNamed(active.algorithm).load(JSON.parse(active.artifact));
  for (const name of [...BASELINES, ...(kind === 'shift' ? ['ewma-all-hours'] : [])])
    forecasters[name] ??= await algorithmNamed(name).fit(
      training as TrainingSet,
      name.startsWith('ewma') ? { halfLifeDays } : {},
    );
  const scoring = newScoring(Object.keys(forecasters));
  // Each candidate's fairness report on the held-out days, kept with the model for /model and the briefing.
  const desks = deskCells(ctx.reportDesks, ctx.table.cells);
  const fairness = Object.fromEntries(input.candidates.map((name) => [name, new FairnessTally(desks)]));
  scoreWindows(ctx, holdout, forecasters, scoring, undefined, fairness);
  return {
    artifacts: Object.fromEntries(
      input.candidates.map((name) => [name, JSON.stringify(forecasters[name]!.serialize())]),
    ),
    features: ctx.names,
    desks: [...ctx.reportDesks.desks].map(([c, d]) => ({
      cell: ctx.table.cells[c]!,
      ...d,
      minutes: ctx.reportDesks.minutes,
    })),
    halfLifeDays,
    evaluation: summariseScoring(scoring, false).models,
    ...(scoring.shifts ? { shifts: scoring.shifts.report(input.settings.shifts.map((s) => s.name)) } : {}),
    comparable,
    holdoutIncidents: scoring.incidents,
    trainingRows: training?.n ?? 0,
    cutoff,
    fairness: Object.fromEntries(
      Object.entries(fairness).map(([name, tally]) => [
        name,
        tally.report((cell) => input.districts.get(cell)),
      ]),
    ),
  };
}
