// One training run at a time per process and database: a second request while one runs is told so, not
// queued, so that two analysts pressing /retrain (or an analyst's `patrolcast train` beside the server's
// first training) do not double the load on a small machine or race to promote.
import type { Database } from '../db/client.ts';
import { ConflictError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { ForecastSettings } from './settings.ts';
import { type TrainOutcome, type TrainRequest, train } from './train.ts';

// Keyed by the driver's client, which every handle to one open database shares.
const queues = new WeakMap<object, RetrainQueue>();
const clientOf = (database: Database): object =>
  database.kind === 'pglite' ? database.client : database.sql;

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

  private running: { startedAt: Date; algorithm: string; done: Promise<TrainOutcome> } | undefined;

  constructor(
    private readonly database: Database,
    private readonly settings: ForecastSettings,
    private readonly log: Logger,
  ) {}

  /** Starts training and returns at once; `done` settles when the candidate is trained and judged. */
  start(request: TrainRequest): { done: Promise<TrainOutcome> } {
    if (this.running) {
      const minutes = Math.round((Date.now() - this.running.startedAt.getTime()) / 60_000);
      throw new ConflictError(
        `a ${this.running.algorithm} model is already training (started ${minutes} min ago); one runs at a time`,
      );
    }
    const done = train(this.database, this.settings, request, this.log);
    this.running = { startedAt: new Date(), algorithm: request.algorithm ?? 'forest', done };
    const clear = () => {
      this.running = undefined;
    };
    done.then(clear, clear);
    return { done };
  }

  /** Waits for a run in progress (at shutdown). */
  async idle(): Promise<void> {
    await this.running?.done.catch(() => undefined);
  }
}
