// What a backtest of shifts says about time of day, per method: the hit rate in each shift, whether the
// ten places listed first in each shift saw what they were expected to (observed ÷ expected; a list
// that ignores time of day over-forecasts the quiet shift's top places and under-forecasts the busy
// one's), and how many of the first shift's top ten are also the last shift's (a night list that is
// the day list scaled down shares all ten).
import { type Coverage, newTallies, summarise, type Tally, tallyWindow } from './metrics.ts';
import type { ForecastWindow } from './windows.ts';

const TOP = 10;

export interface ShiftReport {
  shift: string;
  hr: Record<Coverage, number>;
  /** Incidents in the top ten places of each window ÷ what they were expected to have. */
  top10ObservedOverExpected: number;
}

export interface ShiftSummary {
  byShift: ShiftReport[];
  /** The mean share of the first shift's top ten that are also in the last shift's, the same day. */
  firstLastTop10Overlap: number;
}

interface PerMethod {
  tallies: Map<number, Record<Coverage, Tally>>;
  top: Map<number, { observed: number; expected: number }>;
  /** By date: the top ten of the first and the last shift. */
  lists: Map<string, { first?: Int32Array; last?: Int32Array }>;
}

export class ShiftTally {
  private readonly methods = new Map<string, PerMethod>();

  constructor(private readonly slots: number) {}

  add(
    name: string,
    window: ForecastWindow,
    expected: Float64Array,
    ranking: Int32Array,
    actual: { counts: Float64Array; outside: number },
    area: { areaKm2: ArrayLike<number>; totalAreaKm2: number },
  ): void {
    let m = this.methods.get(name);
    if (!m) {
      m = { tallies: new Map(), top: new Map(), lists: new Map() };
      this.methods.set(name, m);
    }
    let tallies = m.tallies.get(window.slot);
    if (!tallies) {
      tallies = newTallies();
      m.tallies.set(window.slot, tallies);
    }
    tallyWindow(tallies, ranking, actual.counts, actual.outside, area.areaKm2, area.totalAreaKm2);
    const top = m.top.get(window.slot) ?? { observed: 0, expected: 0 };
    const first = ranking.subarray(0, TOP);
    for (const s of first) {
      top.observed += actual.counts[s]!;
      top.expected += expected[s]!;
    }
    m.top.set(window.slot, top);
    if (window.slot === 0 || window.slot === this.slots - 1) {
      const lists = m.lists.get(window.date) ?? {};
      if (window.slot === 0) lists.first = Int32Array.from(first);
      else lists.last = Int32Array.from(first);
      m.lists.set(window.date, lists);
    }
  }

  report(shiftNames: string[]): Record<string, ShiftSummary> {
    const out: Record<string, ShiftSummary> = {};
    for (const [name, m] of this.methods) {
      let shared = 0;
      let days = 0;
      for (const { first, last } of m.lists.values()) {
        if (!first || !last) continue;
        const night = new Set(last);
        shared += first.filter((s) => night.has(s)).length / Math.max(1, first.length);
        days++;
      }
      out[name] = {
        byShift: [...m.tallies.keys()]
          .sort((a, b) => a - b)
          .map((slot) => {
            const top = m.top.get(slot)!;
            return {
              shift: shiftNames[slot] ?? String(slot),
              hr: summarise(m.tallies.get(slot)!).hr,
              top10ObservedOverExpected: Number((top.observed / (top.expected || 1)).toFixed(3)),
            };
          }),
        firstLastTop10Overlap: Number((days ? shared / days : 0).toFixed(3)),
      };
    }
    return out;
  }
}
