// What the command line does when an import or a feed's run brought the first real data: the demo
// city is gone, and no model of it may answer for the real city.
import type { Database } from '../db/client.ts';
import { trainOnFirstRealData } from '../forecast/first-real-data.ts';
import { RetrainQueue } from '../forecast/retrain-queue.ts';
import { forecastSettings } from '../forecast/settings.ts';
import type { CliContext } from './context.ts';

/**
 * Real data replaced the demo city. Inside the server (beside `start`) a training on it is queued there
 * at once; run on its own, the command says how to train (until then answers say so, not the demo's).
 */
export function afterDemoReplaced(ctx: CliContext, database: Database): string {
  if (!ctx.session.shared)
    return 'train a model on yours with `patrolcast train`; until then hotspots say so instead of answering';
  return trainOnFirstRealData(
    RetrainQueue.for(database, forecastSettings(ctx.config), ctx.log),
    'the command line',
  );
}
