// What commands may use: the domain's services, built once by the composition root.
import type { AccuracySettings } from '../src/accuracy/settings.ts';
import { actionsFor } from '../src/bot/command-spec.ts';
import type { ListMemory } from '../src/bot/last-lists.ts';
import type { BriefingDeps } from '../src/briefing/view.ts';
import type { RetrainQueue } from '../src/forecast/retrain-queue.ts';

export interface CommandServices extends BriefingDeps {
  retrain: RetrainQueue;
  /** Live scoring and when a slipping forecast is reported. */
  accuracy: AccuracySettings;
  /** The list each user was last shown: what /explain explains. */
  lastLists: ListMemory;
  /** The clock, so that tests can ask about a fixed moment. */
  now(): Date;
}

export const defineAction = actionsFor<CommandServices>();
