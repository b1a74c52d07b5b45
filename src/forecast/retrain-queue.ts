// One training run at a time per process: a second request while one runs is told so, not queued,
// so that two analysts pressing /retrain do not double the load on a small machine.
import type { Database } from '../db/client.ts';
import { UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { ForecastSettings } from './settings.ts';
import { type TrainOutcome, type TrainRequest, train } from './train.ts';

export class RetrainQueue {
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
      throw new UserError(
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
