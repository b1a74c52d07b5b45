// Rolling-origin backtests: for each window in the test range, forecast with only earlier data
// (refitting learned models every few days), then score what happened. Every method is scored on the
// same windows and the same study area, so the numbers sit side by side.

import { type FairnessReport, FairnessTally } from '../fairness/fairness-tally.ts';
import { CATEGORIES, type Category } from '../ingest/categories.ts';
import type { Jurisdiction } from '../ingest/jurisdiction.ts';
import type { LocalDate } from '../time/zone.ts';
import { addDays, formatDate } from '../time/zone.ts';
import {
  type Calibration,
  CalibrationTally,
  type DayHits,
  type PairedInterval,
  pairedInterval,
} from './evaluation.ts';
import { buildFeatureContext, type Covariates, type FeatureContext } from './features.ts';
import { DAY, type IncidentTable, lowerBound } from './history.ts';
import {
  type Coverage,
  flaggedCount,
  type Metrics,
  newTallies,
  rankCells,
  summarise,
  type Tally,
  tallyWindow,
} from './metrics.ts';
import { algorithmNamed, BASELINES } from './models/algorithms.ts';
import type { Forecaster } from './models/forecaster.ts';
import { RowMemo } from './row-memo.ts';
import { type ShiftSummary, ShiftTally } from './shift-tally.ts';
import { buildStudyArea, type StudyArea } from './study-area.ts';
import { buildTrainingSet, DEFAULT_SAMPLING, type SamplingOptions } from './training-set.ts';
import {
  checkWindowKind,
  type ForecastWindow,
  type WindowKind,
  type WindowSettings,
  windowsBetween,
} from './windows.ts';

export interface BacktestOptions {
  category: Category | 'all';
  kind: WindowKind;
  from: LocalDate;
  to: LocalDate;
  /** Learned models are refitted every this many days. */
  refitDays: number;
  /** Days of history learned models train on (and the study area is drawn from). */
  trainDays: number;
  /** Methods to score; learned ones are fitted, baselines only count. */
  algorithms: string[];
  modelOptions?: Record<string, Record<string, unknown>>;
  sampling?: SamplingOptions;
  settings: WindowSettings;
  boundary?: Jurisdiction;
  covariates?: (area: StudyArea) => Covariates | undefined;
  onProgress?: (done: number, total: number) => void;
  /** Report on the places this method flags; districts as the records name them. */
  fairness?: { of: string[]; districtOf: (cell: string) => string | undefined };
}

export interface BacktestResult {
  models: Record<string, Metrics>;
  /** By method: expected counts against what happened, by decile, and the Poisson deviance. */
  calibration: Record<string, Calibration>;
  /** By method: its hits at 5% ÷ the best baseline's, with the 95% paired bootstrap interval over days. */
  intervals: Record<string, PairedInterval & { against: string }>;
  /** By method: seconds spent fitting and scoring. */
  seconds: Record<string, number>;
  /** For an all-categories run: how each method's ranking caught each category's incidents. */
  byCategory?: Record<string, Record<string, Metrics>>;
  /** By method, when asked for. */
  fairness?: Record<string, FairnessReport>;
  /** For shift windows, by method: each shift's hit rate and top-ten calibration, and day/night overlap. */
  shifts?: Record<string, ShiftSummary>;
  /** For shift windows with `ewma-all-hours` scored: each method's hits at 5% ÷ that shift-blind ewma's. */
  againstShiftBlind?: Record<string, PairedInterval>;
  days: number;
  windows: number;
  incidents: number;
}

/** Windows starting on the local dates from..to, cut into blocks of refitDays days. */
function blocks(windows: ForecastWindow[], from: LocalDate, refitDays: number): ForecastWindow[][] {
  const out: ForecastWindow[][] = [];
  let blockEnd = '';
  let day = from;
  for (const w of windows) {
    if (w.date >= blockEnd) {
      while (formatDate(addDays(day, refitDays)) <= w.date) day = addDays(day, refitDays);
      blockEnd = formatDate(addDays(day, refitDays));
      out.push([]);
    }
    out.at(-1)!.push(w);
  }
  return out;
}

/** Each study cell's incidents in the window (by category when asked), and those outside the area. */
function actualCounts(
  table: IncidentTable,
  area: StudyArea,
  studyOf: Int32Array,
  window: ForecastWindow,
  keep: (i: number) => boolean,
) {
  const counts = new Float64Array(area.cells.length);
  let outside = 0;
  const lo = lowerBound(table.time, 0, table.time.length, window.start.getTime());
  const hi = lowerBound(table.time, lo, table.time.length, window.end.getTime());
  // An incident dated only to its day happened in no shift that can be named.
  const untimed = window.kind === 'shift' ? table.untimed : undefined;
  for (let i = lo; i < hi; i++) {
    if (!keep(i) || untimed?.[i] === 1) continue;
    const s = studyOf[table.cell[i]!]!;
    if (s < 0) outside++;
    else counts[s]!++;
  }
  return { counts, outside, total: counts.reduce((a, b) => a + b, outside) };
}

/** Where each table cell is in the study area (−1 outside). */
export function studyIndex(table: IncidentTable, area: StudyArea): Int32Array {
  const studyOf = new Int32Array(table.cells.length).fill(-1);
  area.tableCell.forEach((c, s) => {
    if (c >= 0) studyOf[c] = s;
  });
  return studyOf;
}

export interface Scoring {
  tallies: Record<string, Record<Coverage, Tally>>;
  perCategory: Record<string, Record<string, Record<Coverage, Tally>>>;
  incidents: number;
  calibration: Record<string, CalibrationTally>;
  /** By local date: incidents, and each method's hits at 5% (for paired intervals). */
  days: Map<string, DayHits>;
  /** Milliseconds each method spent fitting and scoring. */
  milliseconds: Record<string, number>;
  /** For shift windows: per shift, by method. */
  shifts?: ShiftTally;
}

export const newScoring = (names: string[]): Scoring => ({
  tallies: Object.fromEntries(names.map((a) => [a, newTallies()])),
  perCategory: {},
  incidents: 0,
  calibration: {},
  days: new Map(),
  milliseconds: {},
});

/** Scores each window with each forecaster against what happened, adding to the tallies. */
export function scoreWindows(
  ctx: FeatureContext,
  windows: ForecastWindow[],
  forecasters: Record<string, Forecaster>,
  scoring: Scoring,
  onWindow?: () => void,
  fairness?: Record<string, FairnessTally>,
): void {
  const { table, area } = ctx;
  const studyOf = studyIndex(table, area);
  const targetIndex = ctx.category === 'all' ? -1 : CATEGORIES.indexOf(ctx.category);
  const isTarget = (i: number) => targetIndex < 0 || table.category[i] === targetIndex;
  const flagged = flaggedCount(area.cells.length, 5);
  for (const window of windows) {
    const actual = actualCounts(table, area, studyOf, window, isTarget);
    scoring.incidents += actual.total;
    let day = scoring.days.get(window.date);
    if (!day) {
      day = { date: window.date, incidents: 0, hits: {} };
      scoring.days.set(window.date, day);
    }
    day.incidents += actual.total;
    const rankings: Record<string, Int32Array> = {};
    for (const [name, forecaster] of Object.entries(forecasters)) {
      const started = performance.now();
      const expected = forecaster.score(ctx, window);
      rankings[name] = rankCells(expected);
      scoring.milliseconds[name] = (scoring.milliseconds[name] ?? 0) + performance.now() - started;
      scoring.calibration[name] ??= new CalibrationTally();
      scoring.calibration[name]!.add(expected, actual.counts);
      if (window.kind === 'shift' && ctx.slots > 1) {
        scoring.shifts ??= new ShiftTally(ctx.slots);
        scoring.shifts.add(name, window, expected, rankings[name]!, actual, area);
      }
      let hits = 0;
      for (let r = 0; r < flagged; r++) hits += actual.counts[rankings[name]![r]!]!;
      day.hits[name] = (day.hits[name] ?? 0) + hits;
      scoring.tallies[name] ??= newTallies();
      tallyWindow(
        scoring.tallies[name]!,
        rankings[name]!,
        actual.counts,
        actual.outside,
        area.areaKm2,
        area.totalAreaKm2,
      );
    }
    for (const [name, tally] of Object.entries(fairness ?? {}))
      tally.add(window, area.cells, rankings[name]!, actual.counts, actual.outside);
    if (ctx.category === 'all') {
      // The same rankings, against each category's incidents.
      for (let k = 0; k < CATEGORIES.length; k++) {
        const name = CATEGORIES[k]!;
        const byKind = actualCounts(table, area, studyOf, window, (i) => table.category[i] === k);
        if (byKind.total === 0 && !scoring.perCategory[name]) continue;
        scoring.perCategory[name] ??= {};
        for (const algorithm of Object.keys(forecasters)) {
          scoring.perCategory[name]![algorithm] ??= newTallies();
          tallyWindow(
            scoring.perCategory[name]![algorithm]!,
            rankings[algorithm]!,
            byKind.counts,
            byKind.outside,
            area.areaKm2,
            area.totalAreaKm2,
          );
        }
      }
    }
    onWindow?.();
  }
}

export function summariseScoring(scoring: Scoring, withCategories: boolean) {
  const models = Object.fromEntries(Object.entries(scoring.tallies).map(([name, t]) => [name, summarise(t)]));
  const calibration = Object.fromEntries(
    Object.entries(scoring.calibration).map(([name, tally]) => [name, tally.report()]),
  );
  const byCategory = withCategories
    ? Object.fromEntries(
        Object.entries(scoring.perCategory).map(([category, byName]) => [
          category,
          Object.fromEntries(Object.entries(byName).map(([name, t]) => [name, summarise(t)])),
        ]),
      )
    : undefined;
  return { models, byCategory, calibration };
}

/** Every method against the best baseline at 5% (or, for that baseline, against the next best). */
export function intervalsAgainstBest(
  scoring: Scoring,
  models: Record<string, Metrics>,
): Record<string, PairedInterval & { against: string }> {
  const baselines = (BASELINES as readonly string[])
    .filter((b) => models[b])
    .sort((a, b) => models[b]!.hr[5] - models[a]!.hr[5]);
  const [best, second] = baselines;
  if (!best) return {};
  const days = [...scoring.days.values()];
  return Object.fromEntries(
    Object.keys(models)
      .map((name) => [name, name === best ? second : best] as const)
      .filter((pair): pair is readonly [string, string] => pair[1] !== undefined)
      .map(([name, against]) => [name, { ...pairedInterval(days, name, against), against }]),
  );
}

const SHIFT_BLIND = 'ewma-all-hours';

/** Every other method against the shift-blind ewma at 5%, paired by day. */
function againstShiftBlind(
  scoring: Scoring,
  models: Record<string, Metrics>,
): Record<string, PairedInterval> {
  const days = [...scoring.days.values()];
  return Object.fromEntries(
    Object.keys(models)
      .filter((name) => name !== SHIFT_BLIND)
      .map((name) => [name, pairedInterval(days, name, SHIFT_BLIND)]),
  );
}

/**
 * Training windows that end by the cutoff (no label may look past it) and have a year of history
 * before them, or half of what there is when the records are younger than two years.
 */
export function trainingWindows(
  table: IncidentTable,
  kind: WindowKind,
  cutoff: number,
  trainDays: number,
  settings: WindowSettings,
) {
  const first = new Date(cutoff - trainDays * DAY);
  const last = new Date(cutoff);
  const first0 = table.time[0] ?? cutoff;
  const warmup = Math.min(365 * DAY, (cutoff - first0) / 2);
  return windowsBetween(
    kind,
    { year: first.getUTCFullYear(), month: first.getUTCMonth() + 1, day: first.getUTCDate() },
    { year: last.getUTCFullYear(), month: last.getUTCMonth() + 1, day: last.getUTCDate() },
    settings,
  ).filter((w) => w.end.getTime() <= cutoff && w.start.getTime() >= first0 + warmup);
}

export async function backtest(table: IncidentTable, options: BacktestOptions): Promise<BacktestResult> {
  checkWindowKind(options.kind, table.precision);
  const windows = windowsBetween(options.kind, options.from, options.to, options.settings);
  const scoring = newScoring(options.algorithms);
  const fairness = options.fairness
    ? Object.fromEntries(options.fairness.of.map((name) => [name, new FairnessTally()]))
    : undefined;
  let done = 0;
  // The learned models grow in worker threads; the baselines are fitted on this thread.
  const learned = options.algorithms.filter((name) => algorithmNamed(name).learned);
  const baselines = options.algorithms.filter((name) => !learned.includes(name));
  // Each week's training set shares all but a week of its windows with the last one's.
  const memo = new RowMemo();
  // What a block needs before its models are fitted: its study area, features and training set.
  const prepare = (block: ForecastWindow[]) => {
    const cutoff = block[0]!.start.getTime();
    const area = buildStudyArea(
      table,
      { from: cutoff - options.trainDays * DAY, to: cutoff },
      options.boundary,
    );
    const ctx = buildFeatureContext(
      table,
      area,
      options.category,
      options.settings,
      options.kind,
      options.covariates?.(area),
    );
    const training =
      learned.length > 0
        ? buildTrainingSet(
            ctx,
            trainingWindows(table, options.kind, cutoff, options.trainDays, options.settings),
            options.sampling ?? DEFAULT_SAMPLING,
            memo,
          )
        : undefined;
    return { block, ctx, training };
  };
  const fitTimed = async (name: string, training: ReturnType<typeof buildTrainingSet> | undefined) => {
    const started = performance.now();
    const forecaster = await algorithmNamed(name).fit(training!, options.modelOptions?.[name] ?? {});
    scoring.milliseconds[name] = (scoring.milliseconds[name] ?? 0) + performance.now() - started;
    return [name, forecaster] as const;
  };
  // Reported in the order asked for, whichever finishes first.
  for (const name of options.algorithms) scoring.milliseconds[name] ??= 0;
  const all = blocks(windows, options.from, options.refitDays);
  // A pipeline over blocks: while the workers grow block b + 1's models, this thread scores block b
  // with its fitted models, fits block b + 1's baselines and makes block b + 2's training set, whose
  // models are queued at once behind b + 1's, so that a worker done with one forest starts the next
  // without waiting for this thread. The same inputs and outputs as one block after the other.
  const grow = (prepared: ReturnType<typeof prepare>) => {
    const growing = Promise.all(learned.map((name) => fitTimed(name, prepared.training)));
    growing.catch(() => {});
    return growing;
  };
  type Stage = { prepared: ReturnType<typeof prepare>; growing: ReturnType<typeof grow> };
  const stage = (b: number): Stage | undefined => {
    if (b >= all.length) return undefined;
    const prepared = prepare(all[b]!);
    return { prepared, growing: grow(prepared) };
  };
  let current = stage(0);
  let next = stage(1);
  for (let b = 0; current; b++) {
    const fitted = new Map<string, Forecaster>();
    for (const name of baselines) {
      const [, forecaster] = await fitTimed(name, current.prepared.training);
      fitted.set(name, forecaster);
    }
    for (const [name, forecaster] of await current.growing) fitted.set(name, forecaster);
    const forecasters = Object.fromEntries(options.algorithms.map((name) => [name, fitted.get(name)!]));
    for (const window of current.prepared.block) {
      scoreWindows(
        current.prepared.ctx,
        [window],
        forecasters,
        scoring,
        () => options.onProgress?.(++done, windows.length),
        fairness,
      );
      // Between windows, the workers' finished parts are taken in and the queued ones handed out.
      await new Promise((resolve) => setImmediate(resolve));
    }
    current = next;
    next = stage(b + 2);
  }
  const { models, byCategory, calibration } = summariseScoring(scoring, options.category === 'all');
  return {
    models,
    calibration,
    intervals: intervalsAgainstBest(scoring, models),
    seconds: Object.fromEntries(
      Object.entries(scoring.milliseconds).map(([name, ms]) => [name, Number((ms / 1000).toFixed(1))]),
    ),
    ...(byCategory ? { byCategory } : {}),
    ...(fairness && options.fairness
      ? {
          fairness: Object.fromEntries(
            Object.entries(fairness).map(([name, t]) => [name, t.report(options.fairness!.districtOf)]),
          ),
        }
      : {}),
    ...(scoring.shifts ? { shifts: scoring.shifts.report(options.settings.shifts.map((s) => s.name)) } : {}),
    ...(scoring.shifts && models[SHIFT_BLIND]
      ? { againstShiftBlind: againstShiftBlind(scoring, models) }
      : {}),
    days: new Set(windows.map((w) => w.date)).size,
    windows: windows.length,
    incidents: scoring.incidents,
  };
}
