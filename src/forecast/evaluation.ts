// Beyond hit rates, two questions a backtest must answer honestly:
//   are the expected counts right? Calibration: cell-windows grouped into deciles of predicted count,
//     each decile's predicted total beside what happened; and the mean Poisson deviance;
//   is one method's edge over another more than noise? A paired bootstrap over days: the same
//     resampled days for both methods, so the interval is of the ratio of their hits.
import { createRandom } from '../random.ts';

/** Predicted counts are pooled in log-spaced bins (ratio ~1.047 apart) between these. */
const LOWEST = 1e-6;
const HIGHEST = 1e3;
const BINS = 480;
const PER_DECADE = BINS / Math.log10(HIGHEST / LOWEST);

const binOf = (predicted: number) =>
  predicted <= LOWEST ? 0 : Math.min(BINS - 1, 1 + Math.floor(Math.log10(predicted / LOWEST) * PER_DECADE));

export interface Decile {
  /** 1 is the lowest predicted tenth of cell-windows, 10 the highest. */
  decile: number;
  cellWindows: number;
  predicted: number;
  observed: number;
  /** observed ÷ predicted: 1 is a calibrated count. */
  ratio: number | null;
}

export interface Calibration {
  deciles: Decile[];
  /** Mean Poisson deviance per cell-window (lower is better; compare methods on the same windows). */
  deviance: number;
}

export class CalibrationTally {
  private readonly count = new Float64Array(BINS);
  private readonly predicted = new Float64Array(BINS);
  private readonly observed = new Float64Array(BINS);
  private deviance = 0;
  private cells = 0;

  /** One window: each study cell's expected count beside its incidents. */
  add(predicted: ArrayLike<number>, observed: ArrayLike<number>): void {
    for (let s = 0; s < predicted.length; s++) {
      const mu = Math.max(predicted[s]!, 1e-9);
      const y = observed[s]!;
      const b = binOf(mu);
      this.count[b]!++;
      this.predicted[b]! += mu;
      this.observed[b]! += y;
      this.deviance += 2 * ((y > 0 ? y * Math.log(y / mu) : 0) - (y - mu));
    }
    this.cells += predicted.length;
  }

  /**
   * Ten groups of about a tenth of the cell-windows each, by predicted count; cell-windows that share a
   * bin stay together, so where many predictions are equal (zeros) fewer than ten groups may be given.
   */
  report(): Calibration {
    const deciles: Decile[] = [];
    let group = { cellWindows: 0, predicted: 0, observed: 0 };
    let seen = 0;
    for (let b = 0; b < BINS; b++) {
      if (this.count[b] === 0) continue;
      group.cellWindows += this.count[b]!;
      group.predicted += this.predicted[b]!;
      group.observed += this.observed[b]!;
      seen += this.count[b]!;
      // A group closes as it completes a tenth; it is named by the highest tenth it reaches.
      const reached = Math.floor((seen / this.cells) * 10 + 1e-9);
      if (reached > (deciles.at(-1)?.decile ?? 0)) {
        deciles.push({ decile: reached, ...round(group) });
        group = { cellWindows: 0, predicted: 0, observed: 0 };
      }
    }
    return { deciles, deviance: this.cells > 0 ? Number((this.deviance / this.cells).toFixed(5)) : 0 };
  }
}

function round(g: { cellWindows: number; predicted: number; observed: number }) {
  const predicted = Number(g.predicted.toFixed(1));
  return {
    cellWindows: g.cellWindows,
    predicted,
    observed: g.observed,
    // A group expected to see nothing (the places with no history, forecast 0) has no ratio: what it
    // saw over next to nothing read 635,626 on Houston's robbery.
    ratio: predicted > 0 ? Number((g.observed / g.predicted).toFixed(3)) : null,
  };
}

/** Each local day's incidents and, by method, how many of them its top 5% caught. */
export interface DayHits {
  date: string;
  incidents: number;
  hits: Record<string, number>;
}

export interface PairedInterval {
  /** hits of a ÷ hits of b over every day. */
  ratio: number;
  low: number;
  high: number;
}

/** The 95% Wilson score interval of k successes in n trials. */
export function wilsonInterval(k: number, n: number): { low: number; high: number } {
  if (n <= 0) return { low: Number.NaN, high: Number.NaN };
  const z = 1.96;
  const p = k / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * A hit rate's 95% interval (hits ÷ incidents): resampled by day, and never narrower than the binomial
 * interval of its pooled counts. Resampling one or two days says next to nothing (one window gave
 * "46.4%–46.4%"), and 2 incidents caught of 2 is no certainty of 100%.
 */
export function hitRateInterval(days: DayHits[], hits: string, incidents: string): PairedInterval {
  const resampled = pairedInterval(days, hits, incidents);
  const k = days.reduce((s, d) => s + (d.hits[hits] ?? 0), 0);
  const n = days.reduce((s, d) => s + (d.hits[incidents] ?? 0), 0);
  const binomial = wilsonInterval(k, n);
  const r3 = (x: number) => Number(x.toFixed(3));
  return {
    ratio: resampled.ratio,
    low: r3(Math.min(resampled.low, binomial.low)),
    high: r3(Math.max(resampled.high, binomial.high)),
  };
}

/**
 * The 95% interval of a's hits ÷ b's hits, resampling whole days with replacement (both methods on the
 * same draw, so what is common to them cancels). Days, not windows: a day's shifts are not independent.
 */
export function pairedInterval(
  days: DayHits[],
  a: string,
  b: string,
  rounds = 2000,
  seed = 1,
): PairedInterval {
  const ha = days.map((d) => d.hits[a] ?? 0);
  const hb = days.map((d) => d.hits[b] ?? 0);
  const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
  const ratio = sum(hb) > 0 ? sum(ha) / sum(hb) : Number.NaN;
  const random = createRandom(seed);
  const draws: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let sa = 0;
    let sb = 0;
    for (let i = 0; i < days.length; i++) {
      const k = Math.floor(random.next() * days.length);
      sa += ha[k]!;
      sb += hb[k]!;
    }
    if (sb > 0) draws.push(sa / sb);
  }
  draws.sort((x, y) => x - y);
  const at = (q: number) => draws[Math.min(draws.length - 1, Math.floor(q * draws.length))] ?? Number.NaN;
  const r3 = (x: number) => Number(x.toFixed(3));
  return { ratio: r3(ratio), low: r3(at(0.025)), high: r3(at(0.975)) };
}
