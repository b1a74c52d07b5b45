// A worker thread that grows its share of a forest's trees.
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerInput } from '../../../workers/start.ts';
import { type GrowJob, growTrees } from './forest.ts';

parentPort!.postMessage(growTrees((workerData as WorkerInput<GrowJob>).data));
