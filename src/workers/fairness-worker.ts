// A fairness report's arithmetic in its own thread (see fairness/fairness-compute.ts).
import { computeFairness } from '../fairness/fairness-compute.ts';
import { serveTask } from './serve-task.ts';

await serveTask(computeFairness);
