// One training run at a time per process and database: a request while one runs waits its turn behind
// it, and is told what it waits for, so that two analysts pressing /retrain (or an analyst's `train`
// beside the server's first training) neither double the load on a small machine nor race to promote,
// and neither is turned away.
import type { Database } from '../db/client.ts';
import { ConflictError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { ForecastSettings } from './settings.ts';
import { type TrainOutcome, type TrainRequest, train } from './train.ts';
import { clientOf, describeRun, type TrainingRun, trainingRuns } from './training-runs.ts';

const queues = new WeakMap<object, RetrainQueue>();

export interface Started {
  done: Promise<TrainOutcome>;
  /** The run it waits behind (the one training now, or the last one waiting); absent when it started. */
  behind?: TrainingRun;
  /** Runs ahead of it, the one training included. */
  ahead: number;
}

/** More waiting than this is refused: each run takes minutes, and the last one sees all the data anyway. */
const MAX_WAITING = 4;

export class RetrainQueue {
  /** The queue of this database in this process (every handle to one database shares it). */
  static for(database: Database, settings: ForecastSettings, log: Logger): RetrainQueue {
    let queue = queues.get(clientOf(database));
    if (!queue) {
      queue = new RetrainQueue(database, settings, log);
      queues.set(clientOf(database), queue);
    }
    return queue;
  }

  private readonly runs: TrainingRun[];
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly database: Database,
    private readonly settings: ForecastSettings,
    readonly log: Logger,
  ) {
    this.runs = trainingRuns(database);
  }

  /** The run training now, if any. */
  get running(): TrainingRun | undefined {
    return this.runs[0]?.startedAt ? this.runs[0] : undefined;
  }

  /** Throws the ConflictError `start` would: for a caller that records the request before starting it. */
  checkRoom(): void {
    if (this.runs.length > MAX_WAITING)
      throw new ConflictError(
        `${this.runs.length} trainings are running or waiting already (${describeRun(this.runs[0]!)}); ask again when they are done`,
      );
  }

  /** Queues a training and returns at once; `done` settles when it has been trained and judged. */
  start(request: TrainRequest): Started {
    this.checkRoom();
    const run: TrainingRun = {
      algorithm: request.algorithm ?? 'auto',
      ...(request.actor ? { actor: request.actor } : {}),
      askedAt: new Date(),
    };
    const behind = this.runs.at(-1);
    const ahead = this.runs.length;
    this.runs.push(run);
    const done = this.tail.then(() => {
      run.startedAt = new Date();
      if (ahead > 0) this.log.info({ algorithm: run.algorithm }, 'a queued training starts');
      return train(this.database, this.settings, request, this.log);
    });
    const leave = () => {
      this.runs.splice(this.runs.indexOf(run), 1);
    };
    this.tail = done.then(leave, leave);
    return { done, ahead, ...(behind ? { behind } : {}) };
  }

  /** Waits for every run running or waiting (at shutdown). */
  async idle(): Promise<void> {
    await this.tail;
  }
}
