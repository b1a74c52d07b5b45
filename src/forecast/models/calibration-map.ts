// A learnt map from a model's raw output to expected incidents: what the rows with such an output
// really had, in the whole population of cell-windows (each sampled empty row standing for as many as
// it represents). Monotone and strictly increasing, so it never reorders or ties cells.

export interface CalibrationMap {
  /** Raw outputs at the knots, increasing. */
  raw: number[];
  /** Expected incidents at the knots, strictly increasing. */
  expected: number[];
}

const BINS = 40;

/**
 * From honest (out-of-bag) predictions of the training rows, their counts and population weights:
 * rows in bins of equal size by prediction, each bin's weighted mean count, made monotone by pooling
 * adjacent bins that disagree. Undefined when there are too few rows to say.
 */
export function learnCalibrationMap(
  predicted: ArrayLike<number>,
  counts: ArrayLike<number>,
  weight: (row: number) => number,
): CalibrationMap | undefined {
  const rows = Array.from({ length: predicted.length }, (_, i) => i).filter((i) =>
    Number.isFinite(predicted[i]!),
  );
  if (rows.length < BINS * 20) return undefined;
  rows.sort((a, b) => predicted[a]! - predicted[b]!);
  // Pool-adjacent-violators over bins: [weight, Σ w·raw, Σ w·count].
  const blocks: [number, number, number][] = [];
  for (let b = 0; b < BINS; b++) {
    let w = 0;
    let raw = 0;
    let count = 0;
    for (let k = Math.floor((b * rows.length) / BINS); k < Math.floor(((b + 1) * rows.length) / BINS); k++) {
      const i = rows[k]!;
      const wi = weight(i);
      w += wi;
      raw += wi * predicted[i]!;
      count += wi * counts[i]!;
    }
    blocks.push([w, raw, count]);
    while (blocks.length > 1) {
      const [w2, r2, c2] = blocks.at(-1)!;
      const [w1, r1, c1] = blocks.at(-2)!;
      if (c1 / w1 < c2 / w2) break;
      blocks.splice(-2, 2, [w1 + w2, r1 + r2, c1 + c2]);
    }
  }
  const raw: number[] = [];
  const expected: number[] = [];
  for (const [w, r, c] of blocks) {
    const e = Math.max(c / w, (expected.at(-1) ?? 0) * (1 + 1e-6) + 1e-12);
    const x = r / w;
    if (raw.length > 0 && x <= raw.at(-1)!) continue;
    raw.push(x);
    expected.push(e);
  }
  return raw.length >= 2 ? { raw, expected } : undefined;
}

/** The map at x: linear between knots; beyond them, in proportion to the nearest knot. */
export function applyCalibrationMap(map: CalibrationMap, x: number): number {
  const { raw, expected } = map;
  const last = raw.length - 1;
  if (x <= raw[0]!) return raw[0]! > 0 ? (expected[0]! * Math.max(0, x)) / raw[0]! : expected[0]!;
  if (x >= raw[last]!) return (expected[last]! * x) / raw[last]!;
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (raw[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const t = (x - raw[lo]!) / (raw[hi]! - raw[lo]!);
  return expected[lo]! + t * (expected[hi]! - expected[lo]!);
}
