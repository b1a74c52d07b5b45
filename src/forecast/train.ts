// Training a model: fit a candidate on data up to a holdout period, score it, the active model and
// the baselines on the same held-out days, register it, and promote it only if it is not worse than
// the active model by more than the tolerance (or when forced). A failure is recorded; the active
// model stays active whatever happens. The database work is here; the arithmetic runs in a worker.
import { recordTrainingSettings } from '../audit/settings-changes.ts';
import type { Database } from '../db/client.ts';
import { UserError } from '../errors.ts';
import { districtsOf } from '../geo/districts.ts';
import type { Category } from '../ingest/categories.ts';
import type { Logger } from '../log.ts';
import { addDays, formatDate, toLocal } from '../time/zone.ts';
import { runTask } from '../workers/start.ts';
import { readCovariates } from './covariates.ts';
import { DAY, type IncidentTable, loadIncidents } from './history.ts';
import type { Metrics } from './metrics.ts';
import { algorithmNamed } from './models/algorithms.ts';
import { activeModel, type ModelRecord, modelById, registerFailure, registerModel } from './registry.ts';
import { type ForecastSettings, historyFilter } from './settings.ts';
import type { ComputeInput, ComputeOutput } from './train-compute.ts';
import { DEFAULT_SAMPLING } from './training-set.ts';
import { type WindowKind, windowsBetween } from './windows.ts';

export interface TrainRequest {
  algorithm?: string;
  /** Learn from data before this instant (default: now). */
  until?: Date;
  category?: Category | 'all';
  kind?: WindowKind;
  force?: boolean;
  options?: Record<string, unknown>;
  /** Days held out at the end to compare the candidate with the active model. */
  holdoutDays?: number;
}

export interface TrainOutcome {
  model: ModelRecord;
  promoted: boolean;
  reason: string;
  /** Hit rates and the rest on the held-out days: candidate, active (if any) and baselines. */
  evaluation: Record<string, Metrics>;
  holdout: { from: string; to: string; windows: number; incidents: number };
  previous?: ModelRecord;
  trainingRows: number;
}

export const DEFAULT_HOLDOUT_DAYS = 28;

export async function train(
  database: Database,
  settings: ForecastSettings,
  request: TrainRequest,
  log?: Logger,
): Promise<TrainOutcome> {
  const algorithmName = request.algorithm ?? 'forest';
  // An unknown name is refused before any work.
  algorithmNamed(algorithmName);
  const category = request.category ?? 'all';
  const kind = request.kind ?? 'shift';
  const until = request.until ?? new Date();
  const holdoutDays = request.holdoutDays ?? DEFAULT_HOLDOUT_DAYS;
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
    table = await loadIncidents(database, historyFilter(settings, until), settings.h3Resolution);
    if (table.time.length === 0)
      throw new UserError('there are no incidents to learn from: import some first');
    const span = (until.getTime() - table.time[0]!) / DAY;
    if (span < 365 + holdoutDays + 28) {
      throw new UserError(
        `a model needs more than a year of incidents (features look back a year); the data covers ${Math.floor(span)} days`,
      );
    }
    // The held-out days: the last `holdoutDays` local days before `until`.
    const last = addDays(toLocal(until, settings.timeZone), -1);
    const first = addDays(last, 1 - holdoutDays);
    const holdout = windowsBetween(kind, first, last, settings).filter((w) => w.end <= until);
    const active = await activeModel(database);
    const current = active ? await modelById(database, active.id) : undefined;
    log?.info({ algorithm: algorithmName, incidents: table.time.length }, 'training');
    const input: ComputeInput = {
      table,
      settings,
      algorithm: algorithmName,
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
    const { evaluation, cutoff } = computed;
    const hr5 = evaluation.candidate!.hr[5];
    const activeHr5 = computed.comparable ? evaluation.active!.hr[5] : undefined;

    const { promoted, reason } = decidePromotion({
      hasActive: Boolean(current),
      activeVersion: current?.version,
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
        params: { ...params, trainingRows: computed.trainingRows },
        features: computed.features,
        trainFrom: new Date(Math.max(table.time[0]!, cutoff - settings.trainDays * DAY)),
        trainTo: new Date(cutoff),
        dataFingerprint: table.fingerprint,
        metrics: { holdout: holdoutSummary, models: evaluation, hr5, fairness: computed.fairness },
        artifact: computed.artifact,
        demo: table.demo,
      },
      promoted,
    );
    return {
      model,
      promoted,
      reason,
      evaluation,
      holdout: holdoutSummary,
      previous: current,
      trainingRows: computed.trainingRows,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await registerFailure(database, {
      algorithm: algorithmName,
      params,
      reason,
      demo: table?.demo ?? false,
    }).catch(() => {});
    throw error;
  }
}

/** The arithmetic in a worker thread; a UserError there is a UserError here. */
const computeInWorker = (input: ComputeInput) =>
  runTask<ComputeOutput>(new URL('../workers/train-worker.ts', import.meta.url), input);

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The promotion rule: a candidate replaces the active model unless it is worse by more than the tolerance. */
export function decidePromotion(d: {
  hasActive: boolean;
  activeVersion?: number;
  force: boolean;
  candidateHr5: number;
  /** The active model's hit rate on the same days; undefined when it cannot be scored on them. */
  activeHr5: number | undefined;
  tolerance: number;
}): { promoted: boolean; reason: string } {
  if (!d.hasActive) return { promoted: true, reason: 'there was no active model' };
  if (d.force) return { promoted: true, reason: 'promotion was forced' };
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
