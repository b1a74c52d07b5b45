// How the field measures hotspot forecasts, at a coverage c (the share of study cells flagged):
//   hit rate  HR(c)  = incidents in the top ⌊|V|·c⌋ cells / all incidents in the window (incidents
//                      outside the study area count as misses);
//   PAI(c)           = HR / (flagged area / study area), with each cell's real area;
//   PEI*(c)          = n / n*, n* the most incidents any set of as many cells could have caught;
//   precision        = flagged cells that had an incident / flagged cells;
//   recall           = flagged cells that had an incident / cells that had one.
// Over many windows the counts are pooled: HR is all hits over all incidents, and so on.

export const COVERAGES = [1, 2, 5, 10] as const;
export type Coverage = (typeof COVERAGES)[number];

export interface Tally {
  hits: number;
  incidents: number;
  bestPossible: number;
  flaggedArea: number;
  totalArea: number;
  flagged: number;
  flaggedWithIncident: number;
  cellsWithIncident: number;
  windows: number;
}

export const emptyTally = (): Tally => ({
  hits: 0,
  incidents: 0,
  bestPossible: 0,
  flaggedArea: 0,
  totalArea: 0,
  flagged: 0,
  flaggedWithIncident: 0,
  cellsWithIncident: 0,
  windows: 0,
});

/** Study cells from highest score to lowest; ties go to the lower cell number (cells are sorted by id). */
export function rankCells(scores: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order;
}

export const flaggedCount = (cells: number, coverage: number) => Math.floor((cells * coverage) / 100);

/**
 * Adds one window to the tallies: `actual` holds each study cell's incidents in the window,
 * `outside` those that fell outside the study area.
 */
export function tallyWindow(
  tallies: Record<Coverage, Tally>,
  ranking: Int32Array,
  actual: ArrayLike<number>,
  outside: number,
  areaKm2: ArrayLike<number>,
  totalAreaKm2: number,
): void {
  const cells = actual.length;
  let incidents = outside;
  let cellsWithIncident = 0;
  for (let s = 0; s < cells; s++) {
    incidents += actual[s]!;
    if (actual[s]! > 0) cellsWithIncident++;
  }
  const best = Float64Array.from(actual).sort().reverse();
  for (const c of COVERAGES) {
    const k = flaggedCount(cells, c);
    const t = tallies[c];
    let hits = 0;
    let area = 0;
    let withIncident = 0;
    let bestPossible = 0;
    for (let r = 0; r < k; r++) {
      const s = ranking[r]!;
      hits += actual[s]!;
      area += areaKm2[s]!;
      if (actual[s]! > 0) withIncident++;
      bestPossible += best[r]!;
    }
    t.hits += hits;
    t.incidents += incidents;
    t.bestPossible += bestPossible;
    t.flaggedArea += area;
    t.totalArea += totalAreaKm2;
    t.flagged += k;
    t.flaggedWithIncident += withIncident;
    t.cellsWithIncident += cellsWithIncident;
    t.windows++;
  }
}

export interface Metrics {
  hr: Record<Coverage, number>;
  pai: Record<Coverage, number>;
  pei: Record<Coverage, number>;
  precision: Record<Coverage, number>;
  recall: Record<Coverage, number>;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
const round = (x: number) => Math.round(x * 10_000) / 10_000;

export function summarise(tallies: Record<Coverage, Tally>): Metrics {
  const out: Metrics = { hr: {}, pai: {}, pei: {}, precision: {}, recall: {} } as Metrics;
  for (const c of COVERAGES) {
    const t = tallies[c];
    const hr = ratio(t.hits, t.incidents);
    out.hr[c] = round(hr);
    out.pai[c] = round(ratio(hr, ratio(t.flaggedArea, t.totalArea)));
    out.pei[c] = round(ratio(t.hits, t.bestPossible));
    out.precision[c] = round(ratio(t.flaggedWithIncident, t.flagged));
    out.recall[c] = round(ratio(t.flaggedWithIncident, t.cellsWithIncident));
  }
  return out;
}

export const newTallies = (): Record<Coverage, Tally> =>
  Object.fromEntries(COVERAGES.map((c) => [c, emptyTally()])) as Record<Coverage, Tally>;
