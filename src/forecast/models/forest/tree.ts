// One regression tree grown on binned features: per node, a histogram of weight and weighted target
// per bin for a random subset of features, and the split that most reduces weighted squared error.
import type { Random } from '../../../random.ts';

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
  /** Bin numbers, column by column: feature j's rows at [j*n, (j+1)*n). */
  binned: Uint8Array;
  y: Float32Array;
  w: Float32Array;
  n: number;
  f: number;
  edges: Float64Array[];
}

export interface GrowOptions extends TreeOptions {
  /** Features tried at each split. */
  featuresPerSplit: number;
  /** Draw rows with replacement (bootstrap) before growing. */
  bagging: boolean;
}

export function growTree(input: TreeInput, options: GrowOptions, random: Random): TreeJSON {
  const { binned, y, w, n, f, edges } = input;
  const rowWeight = new Float64Array(n);
  if (options.bagging) {
    for (let k = 0; k < n; k++) rowWeight[Math.floor(random.next() * n)]! += 1;
    for (let i = 0; i < n; i++) rowWeight[i]! *= w[i]!;
  } else {
    rowWeight.set(w);
  }
  let used = 0;
  for (let i = 0; i < n; i++) if (rowWeight[i]! > 0) used++;
  const idx = new Int32Array(used);
  for (let i = 0, k = 0; i < n; i++) if (rowWeight[i]! > 0) idx[k++] = i;

  const maxBins = Math.max(...edges.map((e) => e.length + 1), 1);
  const hw = new Float64Array(maxBins);
  const hwy = new Float64Array(maxBins);
  const hc = new Int32Array(maxBins);
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

  let sw = 0;
  let swy = 0;
  for (let k = 0; k < used; k++) {
    const i = idx[k]!;
    sw += rowWeight[i]!;
    swy += rowWeight[i]! * y[i]!;
  }
  const stack: { node: number; lo: number; hi: number; depth: number; sw: number; swy: number }[] = [
    { node: addNode(sw > 0 ? swy / sw : 0), lo: 0, hi: used, depth: 0, sw, swy },
  ];

  while (stack.length > 0) {
    const { node, lo, hi, depth, sw: pw, swy: pwy } = stack.pop()!;
    const count = hi - lo;
    if (depth >= options.maxDepth || count < 2 * options.minNumSamples || pw <= 0) continue;
    // A fresh random subset of features for this split (partial Fisher–Yates).
    for (let k = 0; k < options.featuresPerSplit; k++) {
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
    for (let k = 0; k < options.featuresPerSplit; k++) {
      const j = order[k]!;
      const nb = edges[j]!.length + 1;
      if (nb < 2) continue;
      hw.fill(0, 0, nb);
      hwy.fill(0, 0, nb);
      hc.fill(0, 0, nb);
      const column = j * n;
      for (let r = lo; r < hi; r++) {
        const i = idx[r]!;
        const b = binned[column + i]!;
        const rw = rowWeight[i]!;
        hw[b]! += rw;
        hwy[b]! += rw * y[i]!;
        hc[b]!++;
      }
      let lw = 0;
      let lwy = 0;
      let lc = 0;
      for (let b = 0; b < nb - 1; b++) {
        lw += hw[b]!;
        lwy += hwy[b]!;
        lc += hc[b]!;
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
    if (bestFeature < 0) continue;
    // Partition rows: bin ≤ bestBin to the left.
    const column = bestFeature * n;
    let a = lo;
    let z = hi - 1;
    while (a <= z) {
      if (binned[column + idx[a]!]! <= bestBin) a++;
      else {
        const t = idx[a]!;
        idx[a] = idx[z]!;
        idx[z] = t;
        z--;
      }
    }
    const [lw, lwy] = bestLeft as [number, number];
    const left = addNode(lwy / lw);
    const right = addNode((pwy - lwy) / (pw - lw));
    tree.feature[node] = bestFeature;
    tree.threshold[node] = edges[bestFeature]![bestBin]!;
    tree.left[node] = left;
    tree.right[node] = right;
    stack.push({ node: left, lo, hi: a, depth: depth + 1, sw: lw, swy: lwy });
    stack.push({ node: right, lo: a, hi, depth: depth + 1, sw: pw - lw, swy: pwy - lwy });
  }
  return tree;
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
