// The first import of real data replaces the demo city; a model of the synthetic city must not answer
// for it, so a training on the real data is queued at once, and answers say so until it is done.
import type { RetrainQueue } from './retrain-queue.ts';
import { describeRun } from './training-runs.ts';

/**
 * Queues the training and says, in a sentence for the importer's summary, what happens now. How it ends
 * is logged where the queue logs (the server's log), not in the importing command's, which is gone by
 * then when the command was sent from another process.
 */
export function trainOnFirstRealData(retrain: RetrainQueue, actor: string): string {
  const { log } = retrain;
  const { done, behind } = retrain.start({ actor: `the system (first real data, imported by ${actor})` });
  done.then(
    (o) => log.info({ version: o.model.version, promoted: o.promoted }, 'first model of real data trained'),
    (error: unknown) =>
      log.warn(
        { reason: error instanceof Error ? error.message : String(error) },
        'could not train on the first real data',
      ),
  );
  return behind
    ? `a model will train on your data after ${describeRun(behind)}; hotspots answer once it is done`
    : 'a model is training on your data now; hotspots answer once it is done';
}
