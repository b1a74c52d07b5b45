// Starts a worker thread from one of our modules. Built (dist/), the module's compiled JavaScript runs
// as it is; from the TypeScript sources (tests, a checkout not yet built), a small JavaScript entry
// registers the TypeScript loader inside the worker first.
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { UserError } from '../errors.ts';

const BOOTSTRAP = new URL('./bootstrap.mjs', import.meta.url);
/** This file is compiled JavaScript: so are its neighbours, though callers name them by their sources. */
const BUILT = import.meta.url.endsWith('.js');

export interface WorkerInput<T> {
  module: string;
  data: T;
}

/** Starts the module in a worker; it reads its input as `(workerData as WorkerInput<T>).data`. */
export function startWorker<T>(module: URL, data: T, options: WorkerOptions = {}): Worker {
  if (BUILT) {
    const built = new URL(module.href.replace(/\.ts$/, '.js'));
    return new Worker(built, { ...options, workerData: { module: built.href, data } });
  }
  const workerData: WorkerInput<T> = { module: module.href, data };
  return new Worker(BOOTSTRAP, { ...options, workerData });
}

/** Runs a worker to completion: resolves with its one message, rejects if it fails or exits early. */
export function runWorker<T>(
  module: URL,
  data: unknown,
  transferList: WorkerOptions['transferList'] = [],
): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(module, data, { transferList });
    let settled = false;
    worker.once('message', (message: T) => {
      settled = true;
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`worker exited with code ${code} before answering`));
    });
  });
}

/** What a task worker answers: its result, or its error and whether the user should read it. */
export type TaskAnswer<O> = { ok: O } | { error: { message: string; user: boolean } };

/**
 * Runs a task module (one that calls `serveTask`) in a worker; a UserError thrown there is a UserError
 * here, since an error's class does not cross threads.
 */
export async function runTask<O>(module: URL, input: unknown): Promise<O> {
  const answer = await runWorker<TaskAnswer<O>>(module, input);
  if ('ok' in answer) return answer.ok;
  throw answer.error.user ? new UserError(answer.error.message) : new Error(answer.error.message);
}
