// Trains ml-random-forest in a worker, so that the benchmark can stop it after its time limit.
import { parentPort, workerData } from 'node:worker_threads';
import { RandomForestRegression } from 'ml-random-forest';
import type { WorkerInput } from '../../src/workers/start.ts';

const { rows, y, options } = (workerData as WorkerInput<{ rows: number[][]; y: number[]; options: object }>)
  .data;
const started = performance.now();
new RandomForestRegression(options as ConstructorParameters<typeof RandomForestRegression>[0]).train(rows, y);
parentPort!.postMessage((performance.now() - started) / 1000);
