// Training rows. Most cell-windows are empty: every window with an incident is kept, and a sample of
// the empty ones. The rows are learnt unweighted (importance weights made rankings measurably worse
// on the Chicago backtest); how many empty windows each sampled one stands for is recorded, so that
// scores can be turned back into expected incidents at the true base rate.
import { createRandom } from '../random.ts';
import { type FeatureContext, label, windowContext, writeFeatures } from './features.ts';
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

/**
 * The rows of the last training set by cell and window. Features and labels of a (cell, window) depend
 * only on the incidents before and in the window, so one backtest's weekly refits, which share all but
 * a week of their windows, copy them rather than compute them again. One memo per backtest: the same
 * incidents, category, shifts and covariates throughout.
 */
export class RowMemo {
  private rowOf = new Map<number, number>();
  private x: Float64Array = new Float64Array(0);
  private y: Float64Array = new Float64Array(0);
  private f = 0;
  /** Cells by H3 id, numbered as first met: study areas number their cells afresh each refit. */
  private cellNumbers = new Map<string, number>();

  /** A (cell, window) as one number: the cell's number, and the window's start in minutes from 1842 to 2097. */
  key(cell: string, start: number): number {
    let c = this.cellNumbers.get(cell);
    if (c === undefined) {
      c = this.cellNumbers.size;
      this.cellNumbers.set(cell, c);
    }
    return c * 2 ** 27 + 2 ** 26 + Math.floor(start / 60_000);
  }

  /** Copies the remembered row into x and y at row i; false when there is none. */
  recall(key: number, x: Float64Array, y: Float64Array, i: number): boolean {
    const j = this.rowOf.get(key);
    if (j === undefined) return false;
    const f = this.f;
    for (let k = 0; k < f; k++) x[i * f + k] = this.x[j * f + k]!;
    y[i] = this.y[j]!;
    return true;
  }

  /** Remembers this training set's rows in place of the last one's. */
  keep(keys: Float64Array, x: Float64Array, y: Float64Array, f: number): void {
    this.rowOf = new Map();
    for (let i = 0; i < keys.length; i++) this.rowOf.set(keys[i]!, i);
    this.x = x;
    this.y = y;
    this.f = f;
  }
}

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
  // Cell-windows with at least one incident of the target.
  const positive = new Set<number>();
  const { target, area } = ctx;
  for (let s = 0; s < nCells; s++) {
    const c = area.tableCell[s]!;
    if (c < 0) continue;
    for (let k = target.start[c]!; k < target.start[c + 1]!; k++) {
      const w = windowOf(starts, ends, target.times[k]!);
      if (w >= 0) positive.add(s * nWindows + w);
    }
  }
  let keys = [...positive];
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
  const totalEmpty = nCells * nWindows - positive.size;
  const wanted = Math.min(totalEmpty, Math.round(keys.length * options.negativesPerPositive));
  const negatives = new Set<number>();
  while (negatives.size < wanted) {
    const key = Math.floor(random.next() * nCells) * nWindows + Math.floor(random.next() * nWindows);
    if (!positive.has(key)) negatives.add(key);
  }
  const negativeWeight = wanted > 0 ? totalEmpty / wanted : 0;

  // Rows grouped by window, so that each window's shared context is computed once.
  // Rows are learnt with equal weight; the ratio of the two weights is kept for calibration.
  const rows = [...keys, ...negatives];
  rows.sort((a, b) => (a % nWindows) - (b % nWindows) || a - b);
  const f = ctx.names.length;
  const n = rows.length;
  const x = new Float64Array(n * f);
  const y = new Float64Array(n);
  const w = new Float64Array(n).fill(1);
  const memoKeys = memo ? new Float64Array(n) : undefined;
  // A study cell's memo number, looked up once per cell rather than once per row.
  const cellKeys = memo ? Float64Array.from(area.cells, (id) => memo.key(id, 0)) : undefined;
  let current = -1;
  let wc: ReturnType<typeof windowContext> | undefined;
  for (let i = 0; i < n; i++) {
    const key = rows[i]!;
    const s = Math.floor(key / nWindows);
    const win = key % nWindows;
    if (memo) {
      memoKeys![i] = cellKeys![s]! + Math.floor(starts[win]! / 60_000);
      if (memo.recall(memoKeys![i]!, x, y, i)) continue;
    }
    if (win !== current) {
      current = win;
      wc = windowContext(ctx, windows[win]!);
    }
    writeFeatures(ctx, s, wc!, x, i * f);
    y[i] = label(ctx, s, windows[win]!);
  }
  memo?.keep(memoKeys!, x, y, f);
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
