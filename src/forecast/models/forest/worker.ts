// A worker thread that grows forest trees: each message is a share of a forest's trees to grow.
import { parentPort } from 'node:worker_threads';
import { type GrowJob, growTrees } from './forest.ts';

parentPort!.on('message', (job: GrowJob) => {
  const grown = growTrees(job);
  parentPort!.postMessage(
    grown,
    grown.map((g) => g.outOfBagLeaf.buffer as ArrayBuffer),
  );
});
