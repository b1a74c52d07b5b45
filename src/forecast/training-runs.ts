// The trainings running or waiting in this process, by database: the queue keeps them, and answers read
// them (without loading the training code) to say what is training now.
import type { Database } from '../db/client.ts';

/** A training asked for: what, for whom, since when; `startedAt` once it runs. */
export interface TrainingRun {
  algorithm: string;
  actor?: string;
  askedAt: Date;
  startedAt?: Date;
}

/** Keyed by the driver's client, which every handle to one open database shares. */
export const clientOf = (database: Database): object =>
  database.kind === 'pglite' ? database.client : database.sql;

const runs = new WeakMap<object, TrainingRun[]>();

/** The runs of this database, the one training now first (the queue changes this list). */
export function trainingRuns(database: Database): TrainingRun[] {
  let list = runs.get(clientOf(database));
  if (!list) {
    list = [];
    runs.set(clientOf(database), list);
  }
  return list;
}

const minutesSince = (d: Date) => Math.max(0, Math.round((Date.now() - d.getTime()) / 60_000));

/** "the auto training asked by token x (id 3), running for 2 min" */
export function describeRun(run: TrainingRun): string {
  const who = run.actor ? ` asked by ${run.actor}` : '';
  const when = run.startedAt
    ? `running for ${minutesSince(run.startedAt)} min`
    : `waiting for ${minutesSince(run.askedAt)} min`;
  return `the ${run.algorithm} training${who}, ${when}`;
}
