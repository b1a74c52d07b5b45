// A training's arithmetic in its own thread: answers with the result, or with the error and whether it
// is one the user should read (a UserError), since an error's class does not cross threads.
import { parentPort, workerData } from 'node:worker_threads';
import { isUserError } from '../errors.ts';
import { type ComputeInput, computeCandidate } from '../forecast/train-compute.ts';
import type { WorkerInput } from './start.ts';

const { data } = workerData as WorkerInput<ComputeInput>;
try {
  parentPort!.postMessage({ ok: await computeCandidate(data) });
} catch (error) {
  parentPort!.postMessage({
    error: { message: error instanceof Error ? error.message : String(error), user: isUserError(error) },
  });
}
