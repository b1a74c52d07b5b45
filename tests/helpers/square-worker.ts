// A worker for the pool's tests: answers each number with its square and the thread that worked it
// out; a negative number makes it fail, as a worker that hits a bug would.
import { parentPort, threadId } from 'node:worker_threads';

parentPort!.on('message', (n: number) => {
  if (n < 0) throw new Error(`cannot square ${n} here`);
  parentPort!.postMessage({ square: n * n, thread: threadId });
});
