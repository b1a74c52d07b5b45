// One regression tree grown on binned features: per node, a histogram of weight and weighted target
// per bin for a random subset of features, and the split that most reduces weighted squared error.
import type { Random } from '../../../random.ts';
import { lowerBound } from '../../history.ts';

export interface TreeOptions {
  maxDepth: number;
  /** Fewest rows on either side of a split. */
  minNumSamples: number;
}

/** A tree as flat arrays; a leaf has feature −1. value is the weighted mean target at the node. */
export interface TreeJSON {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface TreeInput {
  /** Bin numbers, row by row: row i's features at [i*f, (i+1)*f). */
  binned: Uint8Array;
  y: Float32Array;
  w: Float32Array;
  n: number;
  f: number;
  edges: Float64Array[];
}

/** Per feature and bin, side by side: the rows' weight, weighted target and count (at 3b, 3b + 1, 3b + 2). */
type Histogram = Float64Array;

export interface GrowOptions extends TreeOptions {
  /** Features tried at each split. */
  featuresPerSplit: number;
  /** Draw rows with replacement (bootstrap) before growing. */
  bagging: boolean;
}

/** What every tree grown from the same rows shares: made once per batch of trees, not per tree. */
export interface GrowLayout {
  /** Feature j's bins at [at[j], at[j + 1]): most features have far fewer than the most bins. */
  at: Int32Array;
  bins: number;
  /** How many features have more than one bin (a feature with one can never split: not summed). */
  v: number;
  /**
   * Each row's varying features as histogram offsets (3 × the feature's first bin + its bin), row by
   * row (row i's at [i·v, (i + 1)·v)): summing a row into a histogram is then one load per feature.
   */
  slot: Uint16Array | Uint32Array;
  /** The bin numbers feature by feature (feature j's at [j·n, (j + 1)·n)), for partitioning rows. */
  columns: Uint8Array;
}

export function growLayout(input: TreeInput): GrowLayout {
  const { binned, n, f, edges } = input;
  const at = new Int32Array(f + 1);
  for (let j = 0; j < f; j++) at[j + 1] = at[j]! + edges[j]!.length + 1;
  const bins = at[f]!;
  // A feature with one bin (a constant, such as a shift share on whole days) can never split: not summed.
  const varying = Int32Array.from({ length: f }, (_, j) => j).filter((j) => edges[j]!.length > 0);
  const v = varying.length;
  const slot = 3 * bins < 0x10000 ? new Uint16Array(n * v) : new Uint32Array(n * v);
  const columns = new Uint8Array(n * f);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < v; k++) {
      const j = varying[k]!;
      slot[i * v + k] = 3 * (at[j]! + binned[i * f + j]!);
    }
    for (let j = 0; j < f; j++) columns[j * n + i] = binned[i * f + j]!;
  }
  return { at, bins, v, slot, columns };
}

/** Grows a tree; with bagging, marks in `inBag` (when given) the rows it drew. */
export function growTree(
  input: TreeInput,
  layout: GrowLayout,
  options: GrowOptions,
  random: Random,
  inBag?: Uint8Array,
): TreeJSON {
  const { y, w, n, f, edges } = input;
  const rowWeight = new Float64Array(n);
  if (options.bagging) {
    // Draws counted in two bytes a row: the counts stay in cache as rows are drawn at random.
    const draws = new Uint16Array(n);
    for (let k = 0; k < n; k++) draws[Math.floor(random.next() * n)]!++;
    for (let i = 0; i < n; i++) {
      rowWeight[i] = draws[i]! * w[i]!;
      if (inBag && draws[i]! > 0) inBag[i] = 1;
    }
  } else {
    rowWeight.set(w);
  }
  let used = 0;
  for (let i = 0; i < n; i++) if (rowWeight[i]! > 0) used++;
  const idx = new Int32Array(used);
  const rightRows = new Int32Array(used);
  for (let i = 0, k = 0; i < n; i++) if (rowWeight[i]! > 0) idx[k++] = i;

  const m = options.featuresPerSplit;
  const { at, bins, v, slot, columns } = layout;
  const rowWy = new Float64Array(n);
  for (let i = 0; i < n; i++) rowWy[i] = rowWeight[i]! * y[i]!;
  // A node's histograms cover every feature: only the smaller child
  // of a split is summed row by row, the larger is its parent's less the smaller's. With whole-number
  // weights and counts (as training sets have) the subtraction is exact: the same tree as summing both.
  const spare: Histogram[] = [];
  const take = (): Histogram => spare.pop()?.fill(0) ?? new Float64Array(3 * bins);
  const summed = (lo: number, hi: number): Histogram => {
    const h = take();
    for (let r = lo; r < hi; r++) {
      const i = idx[r]!;
      const rw = rowWeight[i]!;
      const rwy = rowWy[i]!;
      const base = i * v;
      for (let k = base; k < base + v; k++) {
        const b = slot[k]!;
        h[b]! += rw;
        h[b + 1]! += rwy;
        h[b + 2]!++;
      }
    }
    return h;
  };
  const order = Int32Array.from({ length: f }, (_, j) => j);
  const tree: TreeJSON = { feature: [], threshold: [], left: [], right: [], value: [] };

  const addNode = (value: number) => {
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(value);
    return tree.value.length - 1;
  };
  const splittable = (count: number, depth: number, weight: number) =>
    depth < options.maxDepth && count >= 2 * options.minNumSamples && weight > 0;

  let sw = 0;
  let swy = 0;
  for (let k = 0; k < used; k++) {
    const i = idx[k]!;
    sw += rowWeight[i]!;
    swy += rowWeight[i]! * y[i]!;
  }
  type Pending = {
    node: number;
    lo: number;
    hi: number;
    depth: number;
    sw: number;
    swy: number;
    h?: Histogram;
  };
  const stack: Pending[] = [
    {
      node: addNode(sw > 0 ? swy / sw : 0),
      lo: 0,
      hi: used,
      depth: 0,
      sw,
      swy,
      ...(splittable(used, 0, sw) ? { h: summed(0, used) } : {}),
    },
  ];

  while (stack.length > 0) {
    const { node, lo, hi, depth, sw: pw, swy: pwy, h } = stack.pop()!;
    const count = hi - lo;
    if (!h) continue;
    // A fresh random subset of features for this split (partial Fisher–Yates).
    for (let k = 0; k < m; k++) {
      const r = k + Math.floor(random.next() * (f - k));
      const t = order[k]!;
      order[k] = order[r]!;
      order[r] = t;
    }
    const parentScore = (pwy * pwy) / pw;
    let bestGain = 1e-12;
    let bestFeature = -1;
    let bestBin = -1;
    let bestLeft = [0, 0];
    for (let k = 0; k < m; k++) {
      const j = order[k]!;
      const nb = edges[j]!.length + 1;
      if (nb < 2) continue;
      const o = at[j]!;
      let lw = 0;
      let lwy = 0;
      let lc = 0;
      for (let b = 0; b < nb - 1; b++) {
        lw += h[3 * (o + b)]!;
        lwy += h[3 * (o + b) + 1]!;
        lc += h[3 * (o + b) + 2]!;
        const rc = count - lc;
        if (lc < options.minNumSamples) continue;
        if (rc < options.minNumSamples) break;
        const rw = pw - lw;
        if (lw <= 0 || rw <= 0) continue;
        const rwy = pwy - lwy;
        const gain = (lwy * lwy) / lw + (rwy * rwy) / rw - parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = j;
          bestBin = b;
          bestLeft = [lw, lwy];
        }
      }
    }
    if (bestFeature < 0) {
      spare.push(h);
      continue;
    }
    // Partition rows: bin ≤ bestBin to the left, in their order. Each row is written to both sides and
    // only one side's count moves, so there is no branch to mispredict; the feature's column stays in cache.
    const column = bestFeature * n;
    let a = lo;
    let z = 0;
    for (let r = lo; r < hi; r++) {
      const i = idx[r]!;
      const toLeft = +(columns[column + i]! <= bestBin);
      idx[a] = i;
      rightRows[z] = i;
      a += toLeft;
      z += 1 - toLeft;
    }
    idx.set(rightRows.subarray(0, z), a);
    const [lw, lwy] = bestLeft as [number, number];
    const left: Pending = { node: addNode(lwy / lw), lo, hi: a, depth: depth + 1, sw: lw, swy: lwy };
    const right: Pending = {
      node: addNode((pwy - lwy) / (pw - lw)),
      lo: a,
      hi,
      depth: depth + 1,
      sw: pw - lw,
      swy: pwy - lwy,
    };
    tree.feature[node] = bestFeature;
    tree.threshold[node] = edges[bestFeature]![bestBin]!;
    tree.left[node] = left.node;
    tree.right[node] = right.node;
    const [small, large] = a - lo <= hi - a ? [left, right] : [right, left];
    const smallSplits = splittable(small.hi - small.lo, small.depth, small.sw);
    const largeSplits = splittable(large.hi - large.lo, large.depth, large.sw);
    if (smallSplits || largeSplits) {
      const hs = summed(small.lo, small.hi);
      if (largeSplits) {
        for (let k = 0; k < h.length; k++) h[k]! -= hs[k]!;
        large.h = h;
      } else spare.push(h);
      if (smallSplits) small.h = hs;
      else spare.push(hs);
    } else spare.push(h);
    stack.push(left, right);
  }
  return tree;
}

/** Each split's threshold as a bin of its feature (x ≤ edges[j][bin] exactly when the row's bin ≤ bin). */
export function splitBins(tree: TreeJSON, edges: Float64Array[]): Int32Array {
  return Int32Array.from(tree.feature, (j, node) =>
    j < 0 ? -1 : lowerBound(edges[j]!, 0, edges[j]!.length, tree.threshold[node]!),
  );
}

/** The leaf a row of binned features reaches: bin ≤ the split's bin goes left, as x ≤ threshold does. */
export function leafOfBinned(tree: TreeJSON, bins: Int32Array, input: TreeInput, row: number): number {
  const { binned, f } = input;
  let node = 0;
  while (tree.feature[node]! >= 0) {
    // growTree adds a split's right child just after its left: arithmetic rather than a mispredicted branch.
    node = tree.left[node]! + +(binned[row * f + tree.feature[node]!]! > bins[node]!);
  }
  return node;
}

/** The leaf a row reaches. */
export function leafOf(tree: TreeJSON, x: Float64Array, offset: number): number {
  let node = 0;
  while (tree.feature[node]! >= 0) {
    node = x[offset + tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
  }
  return node;
}

/**
 * Where a row's prediction comes from: the root's value, plus at each split the change in value
 * credited to the feature split on (Saabas's per-path contributions).
 */
export function pathContributions(
  tree: TreeJSON,
  x: Float64Array,
  offset: number,
  out: Float64Array,
): number {
  let node = 0;
  while (tree.feature[node]! >= 0) {
    const j = tree.feature[node]!;
    const next = x[offset + j]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
    out[j]! += tree.value[next]! - tree.value[node]!;
    node = next;
  }
  return tree.value[0]!;
}
