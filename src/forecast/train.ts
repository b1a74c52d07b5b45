// Training a model: fit a candidate on data up to a holdout period, score it, the active model and
// the baselines on the same held-out days, register it, and promote it only if it is not worse than
// the active model by more than the tolerance (or when forced). A failure is recorded; the active
// model stays active whatever happens. The database work is here; the arithmetic runs in a worker.

import { recordTrainingSettings } from '../audit/settings-changes.ts';
import type { Database } from '../db/client.ts';
import { ConflictError, isUserError } from '../errors.ts';
import { districtsOf } from '../geo/districts.ts';
import { placeNames } from '../geo/place-names.ts';
import type { Category } from '../ingest/categories.ts';
import type { Logger } from '../log.ts';
import { addDays, clockOfMinute, formatDate, toLocal } from '../time/zone.ts';
import { runTask } from '../workers/start.ts';
import { readCovariates } from './covariates.ts';
import { DEFAULT_CATEGORY } from './defaults.ts';
import { DAY, type DataPrecision, type IncidentTable, loadIncidents } from './history.ts';
import { liveSlipping } from './live-slipping.ts';
import type { Metrics } from './metrics.ts';
import { candidatesFor, chooseModel, type ModelChoice } from './model-choice.ts';
import { algorithmNamed } from './models/algorithms.ts';
import { activeModel, type ModelRecord, modelById, registerFailure, registerModel } from './registry.ts';
import { type ForecastSettings, historyFilter } from './settings.ts';
import type { ComputeInput, ComputeOutput, ReportDeskFound } from './train-compute.ts';
import { DEFAULT_SAMPLING } from './training-set.ts';
import { hasIncidents, NO_INCIDENTS } from './why-no-model.ts';
import { checkWindowKind, coarseWindowOf, dayWindow, type WindowKind, windowsBetween } from './windows.ts';

export interface TrainRequest {
  /** One method, or auto (the default): the forest and the EWMA, the better chosen (the simpler on a tie). */
  algorithm?: string;
  /** Learn from data before this instant (default: now). */
  until?: Date;
  category?: Category | 'all';
  kind?: WindowKind;
  force?: boolean;
  options?: Record<string, unknown>;
  /** Days held out at the end to compare the candidate with the active model. */
  holdoutDays?: number;
  /** Who asked: recorded with the model. */
  actor?: string;
}

export interface TrainOutcome {
  model: ModelRecord;
  promoted: boolean;
  reason: string;
  choice: ModelChoice;
  /** Hit rates and the rest on the held-out days: candidate, active (if any) and baselines. */
  evaluation: Record<string, Metrics>;
  holdout: { from: string; to: string; windows: number; incidents: number };
  previous?: ModelRecord;
  trainingRows: number;
  /** Places whose reports of unknown time are not counted as their crime (report-desks.ts), named. */
  desks: (ReportDeskFound & { place: string })[];
}

export const DEFAULT_HOLDOUT_DAYS = 28;

/** Days held out by window: enough windows to judge by (three months of months). */
const HOLDOUT_DAYS: Record<WindowKind, number> = { shift: 28, day: 28, week: 56, month: 92 };

const FINEST_WINDOW: Record<DataPrecision, WindowKind> = { hour: 'shift', day: 'day', month: 'month' };

/** Fewer incidents than this on the held-out days cannot tell one model from another. */
export const MIN_HOLDOUT_INCIDENTS = 50;

export async function train(
  database: Database,
  settings: ForecastSettings,
  request: TrainRequest,
  log?: Logger,
): Promise<TrainOutcome> {
  const asked = request.algorithm ?? 'auto';
  // An unknown name is refused before any work.
  if (asked !== 'auto') algorithmNamed(asked);
  let algorithmName = asked === 'auto' ? 'forest' : asked;
  const category = request.category ?? DEFAULT_CATEGORY;
  let kind = request.kind ?? 'shift';
  const askedUntil = request.until ?? new Date();
  let holdoutDays = request.holdoutDays ?? DEFAULT_HOLDOUT_DAYS;
  const options =
    algorithmName === 'ml-random-forest'
      ? { maxRows: settings.mlForestMaxRows, ...request.options }
      : (request.options ?? {});
  const params: Record<string, unknown> = {
    category,
    windowKind: kind,
    options,
    trainDays: settings.trainDays,
    holdoutDays,
    origins: settings.trainOrigins,
    excludedCategories: settings.excludedCategories,
    sampling: DEFAULT_SAMPLING,
  };
  let table: IncidentTable | undefined;
  await recordTrainingSettings(database, {
    origins: settings.trainOrigins,
    excludedCategories: settings.excludedCategories,
  });
  try {
    table = await loadIncidents(database, historyFilter(settings, askedUntil), settings.h3Resolution);
    if (table.time.length === 0)
      throw new ConflictError(
        (await hasIncidents(database))
          ? `none of the stored incidents is one training reads: it reads those before ${formatDate(toLocal(askedUntil, settings.timeZone))}, of origin ${settings.trainOrigins.join(' or ')} (PATROLCAST_TRAIN_ORIGINS), and leaves out ${settings.excludedCategories.join(', ') || 'no category'} (PATROLCAST_EXCLUDED_CATEGORIES)`
          : NO_INCIDENTS,
      );
    // Data dated only to the day or month get the finest windows they support, and no finer.
    if (!request.kind) kind = FINEST_WINDOW[table.precision];
    checkWindowKind(kind, table.precision);
    if (!request.holdoutDays) holdoutDays = HOLDOUT_DAYS[kind];
    params.windowKind = kind;
    params.holdoutDays = holdoutDays;
    const until = heldOutEnd(table, askedUntil, settings.timeZone, kind);
    const span = (until.getTime() - table.time[0]!) / DAY;
    const { candidates, note } = candidatesFor(asked, span, holdoutDays);
    algorithmName = candidates.length === 1 ? candidates[0]! : algorithmName;
    // The held-out days: the last `holdoutDays` local days before `until`.
    const last = addDays(toLocal(until, settings.timeZone), -1);
    const first = addDays(last, 1 - holdoutDays);
    const holdout = windowsBetween(kind, first, last, settings).filter((w) => w.end <= until);
    // Judged against the model that answers for this category now.
    const active = await activeModel(database, category);
    const current = active ? await modelById(database, active.id) : undefined;
    log?.info({ candidates, incidents: table.time.length }, 'training');
    const input: ComputeInput = {
      table,
      settings,
      candidates,
      options,
      category,
      kind,
      holdout,
      ...(current?.artifact
        ? {
            active: {
              algorithm: current.algorithm,
              artifact: current.artifact,
              windowKind: String(current.params.windowKind ?? 'shift'),
              features: current.features,
            },
          }
        : {}),
      ...(settings.covariatesFile
        ? { covariates: await readCovariates(settings.covariatesFile, settings.h3Resolution) }
        : {}),
      districts: await districtsOf(database, table.cells),
    };
    const computed = await computeInWorker(input);
    const { cutoff } = computed;
    // A learned model that fell behind a simple count in live use makes the next one prove itself more.
    const live = await liveSlipping(database, category);
    const behind =
      live?.kind === 'simple' && current && algorithmNamed(current.algorithm).learned
        ? `fell behind a simple count (${live.reason.replace(/^it /, '')})`
        : undefined;
    const choice = chooseModel(
      computed.evaluation,
      candidates,
      settings.promotionTolerance,
      computed.shifts,
      behind,
    );
    algorithmName = choice.chosen;
    const evaluation: Record<string, Metrics> = {
      candidate: computed.evaluation[choice.chosen]!,
      ...computed.evaluation,
    };
    const hr5 = evaluation.candidate!.hr[5];
    const activeHr5 = computed.comparable ? evaluation.active!.hr[5] : undefined;

    const { promoted, reason } =
      computed.holdoutIncidents < MIN_HOLDOUT_INCIDENTS && !request.force
        ? {
            promoted: false,
            reason: `the held-out days had ${computed.holdoutIncidents} incidents, fewer than the ${MIN_HOLDOUT_INCIDENTS} needed to judge a model; use --force to make it active anyway`,
          }
        : decidePromotion({
            hasActive: Boolean(current),
            activeVersion: current?.version,
            activeIsDemo: Boolean(current?.demo) && !table.demo,
            force: Boolean(request.force),
            candidateHr5: hr5,
            activeHr5,
            tolerance: settings.promotionTolerance,
          });
    const holdoutSummary = {
      from: formatDate(first),
      to: formatDate(last),
      windows: holdout.length,
      incidents: computed.holdoutIncidents,
    };
    const model = await registerModel(
      database,
      {
        algorithm: algorithmName,
        params: {
          ...params,
          ...(algorithmName === 'ewma' ? { options: { halfLifeDays: computed.halfLifeDays } } : {}),
          trainingRows: computed.trainingRows,
        },
        features: computed.features,
        trainFrom: new Date(Math.max(table.time[0]!, cutoff - settings.trainDays * DAY)),
        trainTo: new Date(cutoff),
        dataFingerprint: table.fingerprint,
        metrics: {
          holdout: holdoutSummary,
          models: evaluation,
          hr5,
          fairness: computed.fairness[choice.chosen],
          choice: { candidates, chosen: choice.chosen, why: choice.why, ...(note ? { note } : {}) },
        },
        artifact: computed.artifacts[choice.chosen]!,
        demo: table.demo,
        ...(request.actor ? { actor: request.actor } : {}),
      },
      promoted,
    );
    return {
      model,
      promoted,
      reason,
      choice: { candidates, chosen: choice.chosen, why: choice.why, ...(note ? { note } : {}) },
      evaluation,
      holdout: holdoutSummary,
      previous: current,
      trainingRows: computed.trainingRows,
      desks: await namedDesks(database, computed.desks),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await registerFailure(database, {
      algorithm: algorithmName,
      // A user error's words say what the data lack, and may be shown to whoever asks for hotspots.
      params: isUserError(error) ? { ...params, failureShown: true } : params,
      reason,
      demo: table?.demo ?? false,
      ...(request.actor ? { actor: request.actor } : {}),
    }).catch(() => {});
    throw error;
  }
}

async function namedDesks(database: Database, desks: ReportDeskFound[]) {
  const names = await placeNames(
    database,
    desks.map((d) => d.cell),
  );
  return desks.map((d) => ({ ...d, place: names.get(d.cell) ?? d.cell }));
}

/**
 * "1200 block of Travis St, near Main St: 79 of its 263 incidents at 00:00, the time given when none is
 * known, look like reports taken there and are not counted as its crime; lists and plans leave the place out".
 */
export const deskLine = (d: ReportDeskFound & { place: string }) =>
  `${d.place}: ${d.unknown.toLocaleString('en-US')} of its ${d.total.toLocaleString('en-US')} incidents at ${d.minutes.map(clockOfMinute).join(' or ')}, the time given when none is known, look like reports taken there and are not counted as its crime; lists and plans leave the place out`;

/** The arithmetic in a worker thread; a UserError there is a UserError here. */
const computeInWorker = (input: ComputeInput) =>
  runTask<ComputeOutput>(new URL('../workers/train-worker.ts', import.meta.url), input);

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The promotion rule: a candidate replaces the active model unless it is worse by more than the tolerance. */
export function decidePromotion(d: {
  hasActive: boolean;
  activeVersion?: number;
  /** The active model learnt from the demo city, and the candidate from real data. */
  activeIsDemo?: boolean;
  force: boolean;
  candidateHr5: number;
  /** The active model's hit rate on the same days; undefined when it cannot be scored on them. */
  activeHr5: number | undefined;
  tolerance: number;
}): { promoted: boolean; reason: string } {
  if (!d.hasActive) return { promoted: true, reason: 'there was no active model' };
  if (d.force) return { promoted: true, reason: 'promotion was forced' };
  // Whatever its hit rate, a model of the made-up city says nothing of this one's places.
  if (d.activeIsDemo)
    return {
      promoted: true,
      reason: `the active model (version ${d.activeVersion}) learnt from the demo city, which real data replaced`,
    };
  if (d.activeHr5 === undefined) {
    return {
      promoted: false,
      reason: `the active model (version ${d.activeVersion}) cannot be scored on the same days (a different window kind or features); use --force to replace it`,
    };
  }
  const against = `hit rate at 5% ${pct(d.candidateHr5)} against the active model's ${pct(d.activeHr5)} (tolerance ${pct(d.tolerance)})`;
  return d.candidateHr5 >= d.activeHr5 - d.tolerance
    ? { promoted: true, reason: against }
    : { promoted: false, reason: `not better: ${against}` };
}

/**
 * The end of the held-out days: `until`, or, when the data stop well before it (an extract, an import
 * that stopped), the local midnight after the newest incident, so that the held-out days hold incidents.
 */
export function heldOutEnd(
  table: IncidentTable,
  until: Date,
  timeZone: string,
  kind: WindowKind = 'day',
): Date {
  const newest = table.time[table.time.length - 1]!;
  const local = toLocal(new Date(newest), timeZone);
  // The end of the window holding the newest incident: its day, or its week or month.
  const end = (
    kind === 'week' || kind === 'month' ? coarseWindowOf(kind, local, timeZone) : dayWindow(local, timeZone)
  ).end;
  return until.getTime() - newest <= DAY || end > until ? until : end;
}
