// A random forest of histogram-binned regression trees, grown in worker threads. It keeps
// ml-random-forest's option names; unlike it, features are drawn afresh at every split, rows are
// sampled at random, and growing takes O(rows × features) per tree level rather than O(rows²).

import { availableParallelism } from 'node:os';
import { UserError } from '../../../errors.ts';
import { createRandom } from '../../../random.ts';
import { WorkerPool } from '../../../workers/worker-pool.ts';
import { binMatrix, computeBins } from './binning.ts';
import {
  type GrowOptions,
  growLayout,
  growTree,
  leafOf,
  leafOfBinned,
  pathContributions,
  splitBins,
  type TreeJSON,
  type TreeOptions,
} from './tree.ts';

export interface ForestOptions {
  seed: number;
  nEstimators: number;
  /** Features tried per split: a fraction of them (≤ 1) or a count. */
  maxFeatures: number;
  /** Bootstrap rows with replacement (else about 63% of rows without). */
  replacement: boolean;
  useSampleBagging: boolean;
  treeOptions: TreeOptions;
  /** Histogram bins per feature (at most 255). */
  maxBins: number;
  /** Worker threads; 0 grows the trees on the calling thread. */
  workers?: number;
}

export const DEFAULT_FOREST_OPTIONS: ForestOptions = {
  seed: 42,
  nEstimators: 50,
  maxFeatures: 0.5,
  replacement: true,
  useSampleBagging: true,
  treeOptions: { maxDepth: 10, minNumSamples: 20 },
  maxBins: 64,
};

export interface ForestJSON {
  name: 'patrolcast-forest';
  version: 1;
  options: ForestOptions;
  features: string[];
  trees: TreeJSON[];
}

/** What a worker needs to grow its share of the trees. */
export interface GrowJob {
  binned: Uint8Array;
  y: Float32Array;
  w: Float32Array;
  n: number;
  f: number;
  edges: Float64Array[];
  grow: GrowOptions;
  seed: number;
  trees: number[];
  replacement: boolean;
}

/** Each tree's own seed, so the forest is the same whichever thread grows which tree. */
export const treeSeed = (seed: number, tree: number) =>
  (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + tree * 0x27d4eb2f) >>> 0;

/**
 * A grown tree, and for each row the leaf it reaches plus one if the tree did not learn from it, 0 if it
 * did (two bytes a row while the tree has fewer than 65,535 nodes, as trees of depth 10 do).
 */
export interface GrownTree {
  index: number;
  tree: TreeJSON;
  outOfBagLeaf: Uint16Array | Uint32Array;
}

export function growTrees(job: GrowJob): GrownTree[] {
  const input = { binned: job.binned, y: job.y, w: job.w, n: job.n, f: job.f, edges: job.edges };
  const layout = growLayout(input);
  return job.trees.map((index) => {
    const random = createRandom(treeSeed(job.seed, index));
    const inBag = new Uint8Array(job.n);
    let w = job.w;
    if (!job.grow.bagging) inBag.fill(1);
    else if (!job.replacement) {
      // Without replacement: keep each row with probability 0.632, as a bootstrap would on average.
      for (let i = 0; i < job.n; i++) inBag[i] = random.next() < 0.632 ? 1 : 0;
      w = job.w.map((v, i) => (inBag[i] ? v : 0));
    }
    const bootstrap = job.grow.bagging && job.replacement;
    const tree = growTree({ ...input, w }, layout, { ...job.grow, bagging: bootstrap }, random, inBag);
    // Here, beside the binned rows, rather than on the calling thread once the forest is grown.
    const outOfBagLeaf = tree.value.length < 0xffff ? new Uint16Array(job.n) : new Uint32Array(job.n);
    const bins = splitBins(tree, job.edges);
    for (let i = 0; i < job.n; i++) if (!inBag[i]) outOfBagLeaf[i] = leafOfBinned(tree, bins, input, i) + 1;
    return { index, tree, outOfBagLeaf };
  });
}

/** Kept between fits: a backtest fits a forest every simulated week. */
const growers = new WorkerPool<GrowJob, GrownTree[]>(
  new URL('./worker.ts', import.meta.url),
  availableParallelism(),
);

function shared<T extends Float32Array | Uint8Array>(
  make: (buffer: SharedArrayBuffer) => T,
  bytes: number,
  from: ArrayLike<number>,
): T {
  const array = make(new SharedArrayBuffer(Math.max(1, bytes)));
  array.set(from);
  return array;
}

/**
 * Every tree's nodes in typed arrays, one after another: predicting walks them without a pointer chase.
 * A split's children sit side by side (left, then right), so only the left one is stored.
 */
interface FlatTrees {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  value: Float64Array;
  roots: Int32Array;
}

function flatten(trees: TreeJSON[]): FlatTrees {
  const size = trees.reduce((sum, t) => sum + t.value.length, 0);
  const flat: FlatTrees = {
    feature: new Int32Array(size),
    threshold: new Float64Array(size),
    left: new Int32Array(size),
    value: new Float64Array(size),
    roots: new Int32Array(trees.length),
  };
  let next = 0;
  trees.forEach((tree, t) => {
    // Nodes are numbered afresh breadth first, each split's two children given consecutive numbers.
    flat.roots[t] = next;
    const queue = [0];
    const placed = [next++];
    for (let q = 0; q < queue.length; q++) {
      const k = queue[q]!;
      const at = placed[q]!;
      flat.feature[at] = tree.feature[k]!;
      flat.threshold[at] = tree.threshold[k]!;
      flat.value[at] = tree.value[k]!;
      if (tree.feature[k]! < 0) continue;
      flat.left[at] = next;
      queue.push(tree.left[k]!, tree.right[k]!);
      placed.push(next, next + 1);
      next += 2;
    }
  });
  return flat;
}

export class HistForest {
  private constructor(
    readonly options: ForestOptions,
    readonly features: string[],
    readonly trees: TreeJSON[],
  ) {}

  /** Fits to n rows of f features (row-major x), targets y and weights w. */
  static async fit(
    x: Float64Array,
    y: ArrayLike<number>,
    w: ArrayLike<number>,
    features: string[],
    options: ForestOptions = DEFAULT_FOREST_OPTIONS,
  ): Promise<HistForest> {
    const f = features.length;
    const n = y.length;
    if (n === 0)
      throw new UserError(
        'nothing to learn from: no incidents of this kind before the period (too little data for this category, or none recent)',
      );
    const bins = computeBins(x, n, f, Math.min(255, options.maxBins));
    const binned = shared((b) => new Uint8Array(b), n * f, binMatrix(x, n, f, bins));
    const ys = shared((b) => new Float32Array(b), n * 4, y);
    const ws = shared((b) => new Float32Array(b), n * 4, w);
    const featuresPerSplit =
      options.maxFeatures <= 1
        ? Math.max(1, Math.round(options.maxFeatures * f))
        : Math.min(f, options.maxFeatures);
    const grow: GrowOptions = { ...options.treeOptions, featuresPerSplit, bagging: options.useSampleBagging };
    const base = {
      binned,
      y: ys,
      w: ws,
      n,
      f,
      edges: bins.edges,
      grow,
      seed: options.seed,
      replacement: options.replacement,
    };
    const threads = Math.min(options.workers ?? availableParallelism(), options.nEstimators);
    const indexes = Array.from({ length: options.nEstimators }, (_, t) => t);
    let grown: GrownTree[];
    if (threads <= 1) {
      grown = growTrees({ ...base, trees: indexes });
    } else {
      const parts = Array.from({ length: threads }, (_, k) => indexes.filter((t) => t % threads === k));
      const results = await Promise.all(parts.map((trees) => growers.run({ ...base, trees })));
      grown = results.flat();
    }
    grown.sort((a, b) => a.index - b.index);
    // How many threads grew it is not part of the model.
    const { workers: _workers, ...kept } = options;
    const forest = new HistForest(
      kept,
      features,
      grown.map((g) => g.tree),
    );
    // Summed tree by tree in order, as outOfBag does: the same numbers to the last bit.
    const sum = new Float64Array(n);
    const count = new Uint16Array(n);
    for (const { tree, outOfBagLeaf } of grown)
      for (let i = 0; i < n; i++) {
        const leaf = outOfBagLeaf[i]!;
        if (leaf === 0) continue;
        sum[i]! += tree.value[leaf - 1]!;
        count[i]!++;
      }
    forest.trainingOutOfBag = sum.map((v, i) => (count[i]! > 0 ? v / count[i]! : Number.NaN));
    return forest;
  }

  /** Set by fit: each training row's out-of-bag prediction (what `outOfBag` gives for the training rows). */
  trainingOutOfBag?: Float64Array;

  static load(json: ForestJSON): HistForest {
    if (json.name !== 'patrolcast-forest') throw new Error(`not a patrolcast forest: ${String(json.name)}`);
    return new HistForest(json.options, json.features, json.trees);
  }

  private flat?: FlatTrees;

  /** Mean of the trees' predictions for n rows. */
  predict(x: Float64Array, n: number): Float64Array {
    const f = this.features.length;
    this.flat ??= flatten(this.trees);
    const { feature, threshold, left, value, roots } = this.flat;
    const out = new Float64Array(n);
    // A split's right child follows its left (trees are grown so): the step is arithmetic, not a
    // branch the processor would guess wrong half the time. NaN goes right, as x ≤ threshold is false.
    for (const root of roots)
      for (let i = 0; i < n; i++) {
        let node = root;
        while (feature[node]! >= 0) node = left[node]! + +!(x[i * f + feature[node]!]! <= threshold[node]!);
        out[i]! += value[node]!;
      }
    for (let i = 0; i < n; i++) out[i]! /= this.trees.length;
    return out;
  }

  /**
   * Each training row's prediction by the trees that did not learn from it (out of bag): an honest
   * prediction for rows the forest has seen, for calibrating its outputs. Each tree's sample is drawn
   * again from its own seed, exactly as it was drawn when the tree was grown. NaN where every tree
   * saw the row.
   */
  outOfBag(x: Float64Array, n: number): Float64Array {
    const f = this.features.length;
    const sum = new Float64Array(n);
    const count = new Uint16Array(n);
    const inBag = new Uint8Array(n);
    this.trees.forEach((tree, t) => {
      inBag.fill(0);
      const random = createRandom(treeSeed(this.options.seed, t));
      if (!this.options.useSampleBagging) inBag.fill(1);
      else if (this.options.replacement) for (let k = 0; k < n; k++) inBag[Math.floor(random.next() * n)] = 1;
      else for (let i = 0; i < n; i++) inBag[i] = random.next() < 0.632 ? 1 : 0;
      for (let i = 0; i < n; i++) {
        if (inBag[i]) continue;
        sum[i]! += tree.value[leafOf(tree, x, i * f)]!;
        count[i]!++;
      }
    });
    return sum.map((v, i) => (count[i]! > 0 ? v / count[i]! : Number.NaN));
  }

  /** The prediction for one row as the average root value plus each feature's contribution. */
  contributions(x: Float64Array, row: number): { bias: number; values: Float64Array } {
    const f = this.features.length;
    const values = new Float64Array(f);
    let bias = 0;
    for (const tree of this.trees) bias += pathContributions(tree, x, row * f, values);
    for (let j = 0; j < f; j++) values[j]! /= this.trees.length;
    return { bias: bias / this.trees.length, values };
  }

  toJSON(): ForestJSON {
    return {
      name: 'patrolcast-forest',
      version: 1,
      options: this.options,
      features: this.features,
      trees: this.trees,
    };
  }
}
