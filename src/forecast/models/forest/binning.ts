// Histogram binning: each feature's values are cut at (up to) maxBins − 1 quantile edges, so a tree
// looks at a few dozen candidate splits per feature instead of every distinct value.

export interface Bins {
  /** Per feature, ascending upper edges: bin k holds values ≤ edges[k] (the last bin the rest). */
  edges: Float64Array[];
}

export function computeBins(
  x: Float64Array,
  n: number,
  f: number,
  maxBins: number,
  sampleLimit = 50_000,
): Bins {
  const edges: Float64Array[] = [];
  const step = Math.max(1, Math.floor(n / sampleLimit));
  const sample = new Float64Array(Math.ceil(n / step));
  for (let j = 0; j < f; j++) {
    let m = 0;
    for (let i = 0; i < n; i += step) {
      const v = x[i * f + j]!;
      if (!Number.isNaN(v)) sample[m++] = v;
    }
    // A typed array sorts numerically, many times faster than an array of numbers with a comparator.
    const values = sample.subarray(0, m).sort();
    const distinct: number[] = [];
    for (let i = 0; i < m && distinct.length <= maxBins; i++)
      if (i === 0 || values[i] !== values[i - 1]) distinct.push(values[i]!);
    let cuts: number[];
    if (distinct.length <= maxBins) {
      cuts = distinct.slice(0, -1);
    } else {
      const set = new Set<number>();
      for (let k = 1; k < maxBins; k++) set.add(values[Math.floor((k * m) / maxBins)]!);
      cuts = [...set].sort((a, b) => a - b);
      // A cut at the maximum would leave the last bin empty.
      if (cuts.at(-1) === values[m - 1]) cuts.pop();
    }
    edges.push(Float64Array.from(cuts));
  }
  return { edges };
}

/** Bin numbers, row by row (row i's features at [i*f, (i+1)*f)). NaN goes to the last bin. */
export function binMatrix(x: Float64Array, n: number, f: number, bins: Bins): Uint8Array {
  const out = new Uint8Array(n * f);
  for (let j = 0; j < f; j++) {
    const e = bins.edges[j]!;
    const last = e.length;
    for (let i = 0; i < n; i++) {
      const v = x[i * f + j]!;
      let lo = 0;
      let hi = last;
      if (Number.isNaN(v)) lo = last;
      else {
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (e[mid]! < v) lo = mid + 1;
          else hi = mid;
        }
      }
      out[i * f + j] = lo;
    }
  }
  return out;
}
