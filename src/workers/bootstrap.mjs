// Entry point of every worker thread: registers the TypeScript loader in the worker, then runs the
// module it was started for. (Workers do not inherit the main thread's loader.)
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
