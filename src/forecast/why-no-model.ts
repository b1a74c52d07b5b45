// What an answer says when no model may answer: that one is training, that one learnt from the data but
// was kept back, that the last training failed and why (where its words were meant for a person: "the
// data cover 3 days"), or how to train one. Said alike by hotspots, briefings and the fairness report.
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';
import { describeRun, trainingRuns } from './training-runs.ts';

const lastTraining = z.object({
  version: z.number(),
  status: z.string(),
  failure: z.string().nullable(),
  shown: z.boolean(),
});

/** The last training of real data that gave no active model: kept back, or failed. */
async function lastUnanswered(database: Database) {
  const [last] = await decodedRows(
    database,
    lastTraining,
    `select version, status, failure, coalesce((params->>'failureShown')::boolean, false) as shown
     from models where not demo and status in ('candidate', 'failed') order by version desc limit 1`,
  );
  return last;
}

const failedBecause = (last: z.infer<typeof lastTraining>) =>
  last.shown && last.failure
    ? last.failure
    : 'the server log says why; `patrolcast train` (or /retrain) tries again';

/** What to do when nothing is stored: said by training, answers and /model alike. */
export const NO_INCIDENTS =
  'no incidents are stored yet: import an export of them (`patrolcast import FILE`), or load the demo city to try patrolcast (`patrolcast demo-data`)';

export async function hasIncidents(database: Database): Promise<boolean> {
  const [row] = await decodedRows(
    database,
    z.object({ any: z.boolean() }),
    'select exists (select 1 from incidents) as any',
  );
  return row?.any ?? false;
}

/** No model is active at all. */
export async function noActiveModel(database: Database): Promise<string> {
  const run = trainingRuns(database)[0];
  if (run) return `no model answers yet: ${describeRun(run)}, will give one; ask again when it is done`;
  if (!(await hasIncidents(database))) return NO_INCIDENTS;
  const last = await lastUnanswered(database);
  return last?.status === 'failed'
    ? `there is no active model yet, and the last training failed: ${failedBecause(last)}`
    : 'there is no active model yet: train one with `patrolcast train` (or /retrain)';
}

/** The active model is the demo city's, and real data replaced the demo city. */
export async function demoReplaced(database: Database): Promise<string> {
  const replaced = 'your data has replaced the demo city';
  const running = trainingRuns(database).at(-1);
  if (running)
    return `${replaced}, and a model is being trained on it (${describeRun(running)}): ask again when it is done`;
  const last = await lastUnanswered(database);
  if (last?.status === 'candidate')
    return `${replaced}; model ${last.version} learnt from it but was not made active (patrolcast train says why): \`patrolcast train --force\` makes a new one active`;
  if (last?.status === 'failed') return `${replaced}, and the training on it failed: ${failedBecause(last)}`;
  return `${replaced}, and no model has learnt from it yet: train one with \`patrolcast train\` (or /retrain)`;
}
