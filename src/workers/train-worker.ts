// A training's arithmetic in its own thread (see forecast/train-compute.ts).
import { computeCandidate } from '../forecast/train-compute.ts';
import { serveTask } from './serve-task.ts';

await serveTask(computeCandidate);
