// A server whose first training failed (the database went away in the middle of it, the process was
// stopped) had no model until the weekly retrain, and every answer said to train one: so did a server
// whose data replaced the demo city while no server ran to train on it. The forecast refresh, every ten
// minutes, asks here and trains the model that is missing.
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';
import { DEMO_SOURCE } from '../demo/city.ts';
import { activeModel } from './registry.ts';
import type { RetrainQueue } from './retrain-queue.ts';
import { describeRun, trainingRuns } from './training-runs.ts';

/** A failed training is tried again after this long: a fault that repeats should not train all day. */
const RETRY_AFTER_MS = 60 * 60_000;

const stateRow = z.object({
  data: z.boolean(),
  demoData: z.boolean(),
});

const modelState = z.object({
  /** A model of this data that is not active (kept back, or retired): someone chose that. */
  kept: z.number().nullable(),
  lastFailure: z.date().nullable(),
  /** The last failure said what the data lack ("the data cover 3 days"), in words meant for a person. */
  failure: z.string().nullable(),
  /** Incidents stored since the last failure: the data it failed on have grown. */
  grown: z.boolean(),
});

/** Why a model should be trained now, or undefined when one answers (or there is nothing to learn from). */
async function missingModel(
  database: Database,
): Promise<{ train: true } | { train: false; why: string } | undefined> {
  const [state] = await decodedRows(
    database,
    stateRow,
    `select exists (select 1 from settled_incidents) as data,
            exists (select 1 from settled_incidents where source = $1) as "demoData"`,
    [DEMO_SOURCE],
  );
  if (!state?.data) return undefined;
  const active = await activeModel(database);
  // A model of the demo city does not answer once real data replaced it.
  if (active && (!active.demo || state.demoData)) return undefined;
  // The one training now, or waiting behind another (an analyst's /retrain with other settings).
  const running = trainingRuns(database)[0];
  if (running) return { train: false, why: `${describeRun(running)}, will give one` };
  const [models] = await decodedRows(
    database,
    modelState,
    `select (select max(version) from models where status <> 'failed' and status <> 'active' and demo = $1) as kept,
            f.created_at as "lastFailure",
            case when (f.params->>'failureShown')::boolean then f.failure end as failure,
            exists (select 1 from settled_incidents where created_at > f.created_at) as grown
     from (select 1) as one
     left join (select created_at, params, failure from models where status = 'failed'
                order by created_at desc limit 1) as f on true`,
    [state.demoData],
  );
  if (models?.kept != null)
    return {
      train: false,
      why: `model ${models.kept} learnt from this data but was not made active (patrolcast train says why)`,
    };
  const failed = models?.lastFailure;
  // Data too few to learn from stay too few until more arrive: trying again every hour changes nothing.
  if (failed && models?.failure && !models.grown)
    return {
      train: false,
      why: `the last training failed on the data stored (${models.failure}); it is tried again when more arrive`,
    };
  if (failed && Date.now() - failed.getTime() < RETRY_AFTER_MS)
    return {
      train: false,
      why: `a training failed at ${failed.toISOString()}; it is tried again an hour later`,
    };
  return { train: true };
}

export type MissingModelOutcome =
  | { trained: { version: number; algorithm: string; promoted: boolean } }
  | { noModel: string };

/**
 * Trains a model when none answers for the data stored and nothing is training one; waits for it.
 * Undefined when a model answers (or nothing is stored). A training that fails throws, so that the job
 * that asked fails where the jobs' status shows it.
 */
export async function trainWhereNoModelAnswers(
  database: Database,
  retrain: RetrainQueue,
): Promise<MissingModelOutcome | undefined> {
  const missing = await missingModel(database);
  if (!missing) return undefined;
  if (!missing.train) return { noModel: missing.why };
  retrain.log.info('no model answers for the data stored: training one');
  const outcome = await retrain.start({ actor: 'the system (no model answered)' }).done;
  const { version, algorithm } = outcome.model;
  retrain.log.info({ version, promoted: outcome.promoted }, 'a missing model was trained');
  return { trained: { version, algorithm, promoted: outcome.promoted } };
}
