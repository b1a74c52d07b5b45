// Training rows. Most cell-windows are empty: every window with an incident is kept, and a sample of
// the empty ones. The rows are learnt unweighted (importance weights made rankings measurably worse
// on the Chicago backtest); how many empty windows each sampled one stands for is recorded, so that
// scores can be turned back into expected incidents at the true base rate.
import { createRandom } from '../random.ts';
import { type FeatureContext, label, windowContext, writeFeatures } from './features.ts';
import type { RowMemo } from './row-memo.ts';
import type { ForecastWindow } from './windows.ts';

export interface TrainingSet {
  /** n rows of f features, row by row. */
  x: Float64Array;
  y: Float64Array;
  w: Float64Array;
  n: number;
  names: string[];
  positives: number;
  /** How many empty cell-windows each sampled empty row stands for (positives stand for themselves). */
  negativeWeight: number;
}

export interface SamplingOptions {
  /** Sampled empty rows per row with an incident. */
  negativesPerPositive: number;
  /** Most rows in all; rows with incidents are thinned (and reweighted) beyond it. */
  maxRows: number;
  seed: number;
}

export const DEFAULT_SAMPLING: SamplingOptions = { negativesPerPositive: 1, maxRows: 300_000, seed: 7 };

/** The window a time falls in (windows sorted and contiguous), or −1. */
function windowOf(starts: Float64Array, ends: Float64Array, t: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  const k = lo - 1;
  return k >= 0 && t < ends[k]! ? k : -1;
}

export function buildTrainingSet(
  ctx: FeatureContext,
  windows: ForecastWindow[],
  options: SamplingOptions = DEFAULT_SAMPLING,
  memo?: RowMemo,
): TrainingSet {
  const random = createRandom(options.seed);
  const nCells = ctx.area.cells.length;
  const nWindows = windows.length;
  const starts = Float64Array.from(windows.map((w) => w.start.getTime()));
  const ends = Float64Array.from(windows.map((w) => w.end.getTime()));
  // Cell-windows (s · nWindows + window) with at least one incident of the target, as first met, and
  // as a bit set for the draw of empty ones.
  const isPositive = new Uint8Array(Math.ceil((nCells * nWindows) / 8));
  const has = (key: number) => (isPositive[key >>> 3]! & (1 << (key & 7))) !== 0;
  let keys: number[] = [];
  const { target, area } = ctx;
  for (let s = 0; s < nCells; s++) {
    const c = area.tableCell[s]!;
    if (c < 0) continue;
    for (let k = target.start[c]!; k < target.start[c + 1]!; k++) {
      const w = windowOf(starts, ends, target.times[k]!);
      if (w < 0) continue;
      const key = s * nWindows + w;
      if (has(key)) continue;
      isPositive[key >>> 3]! |= 1 << (key & 7);
      keys.push(key);
    }
  }
  const positives = keys.length;
  let positiveWeight = 1;
  const positiveCap = Math.floor(options.maxRows / (1 + options.negativesPerPositive));
  if (keys.length > positiveCap) {
    // Thin evenly at random; each kept row stands for several.
    for (let i = keys.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      [keys[i], keys[j]] = [keys[j]!, keys[i]!];
    }
    positiveWeight = keys.length / positiveCap;
    keys = keys.slice(0, positiveCap);
  }
  const totalEmpty = nCells * nWindows - positives;
  const wanted = Math.min(totalEmpty, Math.round(keys.length * options.negativesPerPositive));
  const negatives = new Set<number>();
  while (negatives.size < wanted) {
    const key = Math.floor(random.next() * nCells) * nWindows + Math.floor(random.next() * nWindows);
    if (!has(key)) negatives.add(key);
  }
  const negativeWeight = wanted > 0 ? totalEmpty / wanted : 0;

  // Rows grouped by window, so that each window's shared context is computed once: keyed
  // window · nCells + s, they sort as numbers.
  // Rows are learnt with equal weight; the ratio of the two weights is kept for calibration.
  const rows = new Float64Array(keys.length + negatives.size);
  let r = 0;
  for (const key of keys) rows[r++] = (key % nWindows) * nCells + Math.floor(key / nWindows);
  for (const key of negatives) rows[r++] = (key % nWindows) * nCells + Math.floor(key / nWindows);
  rows.sort();
  const f = ctx.names.length;
  const n = rows.length;
  const x = new Float64Array(n * f);
  const y = new Float64Array(n);
  const w = new Float64Array(n).fill(1);
  const memoCells = memo ? new Int32Array(n) : undefined;
  const memoMinutes = memo ? new Int32Array(n) : undefined;
  // A study cell's memo number, looked up once per cell rather than once per row.
  const cellNumbers = memo ? Int32Array.from(area.cells, (id) => memo.cell(id)) : undefined;
  let current = -1;
  let wc: ReturnType<typeof windowContext> | undefined;
  for (let i = 0; i < n; i++) {
    const win = Math.floor(rows[i]! / nCells);
    const s = rows[i]! - win * nCells;
    if (memo) {
      memoCells![i] = cellNumbers![s]!;
      memoMinutes![i] = Math.floor(starts[win]! / 60_000);
      if (memo.recall(memoCells![i]!, memoMinutes![i]!, x, y, i)) continue;
    }
    if (win !== current) {
      current = win;
      wc = windowContext(ctx, windows[win]!);
    }
    writeFeatures(ctx, s, wc!, x, i * f);
    y[i] = label(ctx, s, windows[win]!);
  }
  memo?.keep(memoCells!, memoMinutes!, x, y, f);
  return {
    x,
    y,
    w,
    n,
    names: ctx.names,
    positives: keys.length,
    negativeWeight: negativeWeight / positiveWeight,
  };
}
