// The worker side of runTask: compute from the input, answer once.
import { parentPort, workerData } from 'node:worker_threads';
import { isUserError } from '../errors.ts';
import type { TaskAnswer, WorkerInput } from './start.ts';

export async function serveTask<I, O>(compute: (input: I) => Promise<O>): Promise<void> {
  const { data } = workerData as WorkerInput<I>;
  let answer: TaskAnswer<O>;
  try {
    answer = { ok: await compute(data) };
  } catch (error) {
    answer = {
      error: { message: error instanceof Error ? error.message : String(error), user: isUserError(error) },
    };
  }
  parentPort!.postMessage(answer);
}
