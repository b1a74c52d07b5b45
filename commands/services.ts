// What commands may use: the domain's services, built once by the composition root.
import { actionsFor } from '../src/bot/command-spec.ts';
import type { BriefingDeps } from '../src/briefing/view.ts';
import type { RetrainQueue } from '../src/forecast/retrain-queue.ts';

export interface CommandServices extends BriefingDeps {
  retrain: RetrainQueue;
  /** The clock, so that tests can ask about a fixed moment. */
  now(): Date;
}

export const defineAction = actionsFor<CommandServices>();
