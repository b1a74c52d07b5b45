// The methods analysts use today, scored beside every model:
//   naive:       incidents in the cell over the last N days;
//   ewma:        every incident the cell ever had, each weighted by how long ago it was (half-life
//                365 days): the strongest simple method measured (1.045x naive at HR@5% on Chicago);
//   kde:         retrospective kernel density, quartic kernel, last 56 days;
//   prospective: Bowers, Johnson & Pease (2004): the sum over incidents within 8 cells and 8 weeks of
//                1 / ((1 + d)(1 + Δt)), d in cell steps, Δt in whole weeks.
// None learns; each turns recent incidents into a score, and the score into expected incidents by
// the city's recent rate.
import { cellToLatLng, getHexagonEdgeLengthAvg, gridDiskDistances } from 'h3-js';
import { cityRatePerWindow, recentEnd } from '../city-rate.ts';
import type { FeatureContext } from '../features.ts';
import { PROFILE_K, UNKNOWN_SLOT } from '../features.ts';
import { countIn, DAY, type IncidentTable, lowerBound } from '../history.ts';
import type { StudyArea } from '../study-area.ts';
import { tableMemo } from '../table-memo.ts';
import type { ForecastWindow } from '../windows.ts';
import type { Algorithm, Contribution, Forecaster } from './forecaster.ts';

const WEEK = 7 * DAY;

/** Table cells within k rings of each study cell, with their grid distances. */
interface Reach {
  cells: Int32Array[];
  distance: Uint8Array[];
}

const reaches = new WeakMap<StudyArea, Map<number, Reach>>();
// One cell's neighbours within k rings, among the table's cells.
const neighbours = tableMemo<{ cells: Int32Array; distance: Uint8Array }>();

function neighboursOf(table: IncidentTable, id: string, k: number) {
  return neighbours(table, `${k} ${id}`, () => {
    const c: number[] = [];
    const d: number[] = [];
    gridDiskDistances(id, k).forEach((ring, ringDistance) => {
      for (const cell of ring) {
        const t = table.cellIndex.get(cell);
        if (t !== undefined) {
          c.push(t);
          d.push(ringDistance);
        }
      }
    });
    return { cells: Int32Array.from(c), distance: Uint8Array.from(d) };
  });
}

function reach(ctx: FeatureContext, k: number): Reach {
  let byK = reaches.get(ctx.area);
  if (!byK) {
    byK = new Map();
    reaches.set(ctx.area, byK);
  }
  let r = byK.get(k);
  if (!r) {
    const found = ctx.area.cells.map((id) => neighboursOf(ctx.table, id, k));
    r = { cells: found.map((f) => f.cells), distance: found.map((f) => f.distance) };
    byK.set(k, r);
  }
  return r;
}

/** Scales raw scores so that they add up to the incidents the city had per window of this length lately. */
function asExpected(ctx: FeatureContext, window: ForecastWindow, raw: Float64Array): Float64Array {
  const perWindow = cityRatePerWindow(ctx, window);
  let total = 0;
  for (const v of raw) total += v;
  const scale = total > 0 ? perWindow / total : 0;
  return raw.map((v) => v * scale);
}

class Baseline implements Forecaster {
  constructor(
    readonly algorithm: string,
    readonly params: Record<string, number>,
    private readonly rawScore: (ctx: FeatureContext, window: ForecastWindow) => Float64Array,
    private readonly describe: (ctx: FeatureContext, window: ForecastWindow, cell: number) => Contribution[],
  ) {}

  score(ctx: FeatureContext, window: ForecastWindow): Float64Array {
    return asExpected(ctx, window, this.rawScore(ctx, window));
  }

  explain(ctx: FeatureContext, window: ForecastWindow, cell: number): Contribution[] {
    return this.describe(ctx, window, cell);
  }

  serialize() {
    return { name: this.algorithm, params: this.params };
  }
}

export function naive(days = 365): Forecaster {
  const count = (ctx: FeatureContext, window: ForecastWindow, s: number) => {
    const c = ctx.area.tableCell[s]!;
    const t0 = window.start.getTime();
    return c < 0 ? 0 : countIn(ctx.target, c, t0 - days * DAY, t0);
  };
  return new Baseline(
    'naive',
    { days },
    (ctx, window) => Float64Array.from(ctx.area.cells, (_, s) => count(ctx, window, s)),
    (ctx, window, s) => [
      { feature: `n_${days}d`, value: count(ctx, window, s), effect: count(ctx, window, s) },
    ],
  );
}

/** Per study cell: the weighted count of all its incidents, of those with a known time, and of this shift's. */
function weightedCounts(ctx: FeatureContext, window: ForecastWindow, lambda: number) {
  const t0 = window.start.getTime();
  // Ages from the data's end when they stop long before the window: otherwise years of decay would
  // leave every place's profile thinner than its prior, and the night list would be the day list.
  const from = recentEnd(t0, ctx.table.time[ctx.table.time.length - 1] ?? t0);
  const { start, times } = ctx.target;
  const n = ctx.area.cells.length;
  const [all, known, same] = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  ctx.area.tableCell.forEach((c, s) => {
    if (c < 0) return;
    const lo = start[c]!;
    const end = lowerBound(times, lo, start[c + 1]!, t0);
    for (let i = lo; i < end; i++) {
      const w = Math.exp(-lambda * (from - times[i]!));
      all[s]! += w;
      if (ctx.slot[i] === UNKNOWN_SLOT) continue;
      known[s]! += w;
      if (ctx.slot[i] === window.slot) same[s]! += w;
    }
  });
  return { all, known, same };
}

/**
 * An exponentially weighted count: each earlier incident in the cell counts exp(-ln 2 · age / half-life).
 * Long memory with recent incidents first; no model tried beat it by more than about 1% on Chicago.
 * For a shift it is multiplied by the place's own share of incidents in that shift, shrunk towards the
 * city's share with `profileK` weighted incidents: E × (E_shift + k·p_shift) ÷ (E_known + k). A
 * department-store block, busy all day and quiet at night, is then not a night hotspot. Incidents of
 * unknown time (a heap at 00:00) count for E but not for the profile. profileK 0 is the shift-blind EWMA.
 */
export function ewma(
  halfLifeDays = 365,
  profileK = PROFILE_K,
  name = profileK > 0 ? 'ewma' : 'ewma-all-hours',
): Forecaster {
  const lambda = Math.LN2 / (halfLifeDays * DAY);
  const profiled = (ctx: FeatureContext, window: ForecastWindow) =>
    window.kind === 'shift' && ctx.slots > 1 && profileK > 0;
  const raw = (ctx: FeatureContext, window: ForecastWindow) => {
    const { all, known, same } = weightedCounts(ctx, window, lambda);
    if (!profiled(ctx, window)) return all;
    const total = known.reduce((a, b) => a + b, 0);
    const cityShare = total > 0 ? same.reduce((a, b) => a + b, 0) / total : 1 / ctx.slots;
    return all.map((e, s) => (e * (same[s]! + profileK * cityShare)) / (known[s]! + profileK));
  };
  // A forecast explains its top places one by one after scoring them all: each reuses that scoring
  // (the profile needs the whole city), rather than scoring the city again per place.
  let last: { ctx: FeatureContext; window: ForecastWindow; scores: Float64Array } | undefined;
  const scoresOf = (ctx: FeatureContext, window: ForecastWindow) => {
    if (last?.ctx !== ctx || last.window !== window) last = { ctx, window, scores: raw(ctx, window) };
    return last.scores;
  };
  return new Baseline(
    name,
    profileK > 0 ? { halfLifeDays, profileK } : { halfLifeDays },
    scoresOf,
    (ctx, window, s) => {
      const c = ctx.area.tableCell[s]!;
      const t0 = window.start.getTime();
      const all = c < 0 ? 0 : countIn(ctx.target, c, Number.NEGATIVE_INFINITY, t0);
      const lastYear = c < 0 ? 0 : countIn(ctx.target, c, t0 - 365 * DAY, t0);
      const value = scoresOf(ctx, window)[s]!;
      const out: Contribution[] = [
        { feature: 'n_on_record', value: all, effect: value },
        { feature: 'n_365d', value: lastYear, effect: value / 2 },
      ];
      if (c >= 0) {
        const peak = peakHours(ctx, c, t0);
        if (peak) out.push({ feature: 'peak_hours', value: peak, effect: value / 3 });
        // On a shift's list, how much of the place's record is in that shift: a place busiest by day
        // that still leads a night list has many incidents at night too, and says how many.
        if (profiled(ctx, window)) {
          const { known, same } = shiftRecord(ctx, c, t0, window.slot);
          out.push(
            { feature: 'n_in_shift', value: same, effect: value / 3 },
            { feature: 'n_known_time', value: known, effect: 0 },
          );
        }
      }
      return out;
    },
  );
}

/** The place's incidents of known time before t0, and how many of them fell in the slot. */
function shiftRecord(ctx: FeatureContext, c: number, t0: number, slot: number) {
  const { start, times } = ctx.target;
  const end = lowerBound(times, start[c]!, start[c + 1]!, t0);
  let known = 0;
  let same = 0;
  for (let i = start[c]!; i < end; i++) {
    if (ctx.slot[i] === UNKNOWN_SLOT) continue;
    known++;
    if (ctx.slot[i] === slot) same++;
  }
  return { known, same };
}

/**
 * The place's busiest hours, for its reasons: the shortest run of hours holding four in five of its
 * incidents of known time, encoded as from × 100 + to (to exclusive, mod 24); undefined for a place
 * with too few incidents to tell, or one busy around the clock.
 */
export function peakHours(ctx: FeatureContext, c: number, t0: number): number | undefined {
  const byHour = new Float64Array(24);
  const { start, times } = ctx.target;
  const end = lowerBound(times, start[c]!, start[c + 1]!, t0);
  let n = 0;
  for (let i = start[c]!; i < end; i++) {
    const h = ctx.hour[i]!;
    if (h === UNKNOWN_SLOT) continue;
    byHour[h]!++;
    n++;
  }
  if (n < 12) return undefined;
  for (let length = 1; length <= 16; length++)
    for (let from = 0; from < 24; from++) {
      let inRun = 0;
      for (let k = 0; k < length; k++) inRun += byHour[(from + k) % 24]!;
      if (inRun >= 0.8 * n) return from * 100 + ((from + length) % 24);
    }
  return undefined;
}

/**
 * For shifts: half the all-hours EWMA and half the EWMA of the incidents in the same shift, each as its
 * share of the city's, so a cell busy at this time of day rises without losing its long record.
 * On whole days it is the EWMA.
 */
export function ewmaShift(halfLifeDays = 365): Forecaster {
  const lambda = Math.LN2 / (halfLifeDays * DAY);
  const blend = (ctx: FeatureContext, window: ForecastWindow) => {
    const { all, same } = weightedCounts(ctx, window, lambda);
    if (window.kind === 'day') return all;
    const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0) || 1;
    const [totalAll, totalSame] = [sum(all), sum(same)];
    return all.map((v, s) => 0.5 * (v / totalAll) + 0.5 * (same[s]! / totalSame));
  };
  return new Baseline('ewma-shift', { halfLifeDays }, blend, (ctx, window, s) => {
    const c = ctx.area.tableCell[s]!;
    const t0 = window.start.getTime();
    const all = c < 0 ? 0 : countIn(ctx.target, c, Number.NEGATIVE_INFINITY, t0);
    const lastYear = c < 0 ? 0 : countIn(ctx.target, c, t0 - 365 * DAY, t0);
    // How much more of the cell's record falls in this shift than an even spread would put there.
    let inSlot = 0;
    if (c >= 0)
      for (
        let i = ctx.target.start[c]!;
        i < lowerBound(ctx.target.times, ctx.target.start[c]!, ctx.target.start[c + 1]!, t0);
        i++
      )
        if (ctx.slot[i] === window.slot) inSlot++;
    const share = all > 0 && window.kind === 'shift' ? (inSlot / all) * ctx.slots : 1;
    return [
      { feature: 'n_on_record', value: all, effect: 2 },
      { feature: 'n_365d', value: lastYear, effect: 1 },
      { feature: 'slot_share', value: share, effect: share > 1 ? 1.5 : 0 },
    ];
  });
}

/** Each table cell's centre as [lat, lon, lat, lon, …]: found once per table, not once per neighbour. */
const centres = tableMemo<Float64Array>();

const tableCentres = (table: IncidentTable) =>
  centres(table, 'centres', () => {
    const found = new Float64Array(2 * table.cells.length);
    for (let c = 0; c < table.cells.length; c++) found.set(cellToLatLng(table.cells[c]!), 2 * c);
    return found;
  });

/** Per study cell, the table cells within the bandwidth and their quartic kernel weights. */
const kernels = new WeakMap<StudyArea, Map<number, Reach & { weight: Float64Array[] }>>();

function kernelWeights(ctx: FeatureContext, bandwidthMetres: number) {
  let byBandwidth = kernels.get(ctx.area);
  if (!byBandwidth) {
    byBandwidth = new Map();
    kernels.set(ctx.area, byBandwidth);
  }
  let kernel = byBandwidth.get(bandwidthMetres);
  if (!kernel) {
    const spacing = getHexagonEdgeLengthAvg(ctx.table.resolution, 'm') * Math.sqrt(3);
    const r = reach(ctx, Math.ceil(bandwidthMetres / spacing) + 1);
    const at = tableCentres(ctx.table);
    const weight = r.cells.map((cells, s) => {
      const [lat, lon] = ctx.area.centers[s]!;
      return Float64Array.from(cells, (c) => {
        const [clat, clon] = [at[2 * c]!, at[2 * c + 1]!];
        const dy = (clat - lat) * 111_320;
        const dx = (clon - lon) * 111_320 * Math.cos((lat * Math.PI) / 180);
        const u = Math.sqrt(dx * dx + dy * dy) / bandwidthMetres;
        return u < 1 ? (15 / 16) * (1 - u * u) ** 2 : 0;
      });
    });
    kernel = { ...r, weight };
    byBandwidth.set(bandwidthMetres, kernel);
  }
  return kernel;
}

export function kde(days = 56, bandwidthMetres = 400): Forecaster {
  const raw = (ctx: FeatureContext, window: ForecastWindow) => {
    const t0 = window.start.getTime();
    const kernel = kernelWeights(ctx, bandwidthMetres);
    const recent = new Float64Array(ctx.table.cells.length);
    for (let c = 0; c < recent.length; c++) recent[c] = countIn(ctx.target, c, t0 - days * DAY, t0);
    return Float64Array.from(ctx.area.cells, (_, s) => {
      const cells = kernel.cells[s]!;
      const weight = kernel.weight[s]!;
      let sum = 0;
      // Most neighbours had nothing lately: adding their zero changes no sum.
      for (let i = 0; i < cells.length; i++) {
        const n = recent[cells[i]!]!;
        if (n !== 0) sum += n * weight[i]!;
      }
      return sum;
    });
  };
  return new Baseline('kde', { days, bandwidthMetres }, raw, (ctx, window, s) => {
    const value = raw(ctx, window)[s]!;
    return [{ feature: `kde_${days}d_${bandwidthMetres}m`, value, effect: value }];
  });
}

/** The prospective score of every study cell, before it is put on the scale of expected incidents. */
export function prospectiveScores(
  ctx: FeatureContext,
  window: ForecastWindow,
  rings = 8,
  weeks = 8,
): Float64Array {
  const t0 = window.start.getTime();
  // Each cell's recent incidents, weighted by 1 / (1 + whole weeks ago).
  const weighted = new Float64Array(ctx.table.cells.length);
  const { start, times } = ctx.target;
  for (let c = 0; c < weighted.length; c++) {
    // Most cells had nothing in the weeks counted.
    const hi = lowerBound(times, start[c]!, start[c + 1]!, t0);
    if (lowerBound(times, start[c]!, hi, t0 - weeks * WEEK) === hi) continue;
    let v = 0;
    for (let week = 0; week < weeks; week++) {
      v += countIn(ctx.target, c, t0 - (week + 1) * WEEK, t0 - week * WEEK) / (1 + week);
    }
    weighted[c] = v;
  }
  const r = reach(ctx, rings);
  return Float64Array.from(ctx.area.cells, (_, s) => {
    const cells = r.cells[s]!;
    const distance = r.distance[s]!;
    let sum = 0;
    for (let i = 0; i < cells.length; i++) {
      const v = weighted[cells[i]!]!;
      if (v !== 0) sum += v / (1 + distance[i]!);
    }
    return sum;
  });
}

export function prospective(rings = 8, weeks = 8): Forecaster {
  const raw = (ctx: FeatureContext, window: ForecastWindow) => prospectiveScores(ctx, window, rings, weeks);
  return new Baseline('prospective', { rings, weeks }, raw, (ctx, window, s) => {
    const value = raw(ctx, window)[s]!;
    return [{ feature: 'prospective', value, effect: value }];
  });
}

function baselineAlgorithm(
  name: string,
  description: string,
  make: (p: Record<string, number>) => Forecaster,
): Algorithm {
  return {
    name,
    description,
    learned: false,
    fit: async (_training, options) => make(options as Record<string, number>),
    load: async (serialized) => make((serialized as { params: Record<string, number> }).params ?? {}),
  };
}

export const naiveAlgorithm = baselineAlgorithm(
  'naive',
  'incidents in the cell over the last 365 days',
  (p) => naive(p.days),
);
export const ewmaAlgorithm: Algorithm = {
  ...baselineAlgorithm(
    'ewma',
    "every incident in the cell, weighted by its age (half-life 365 days); for a shift, times the place's own share of that shift, shrunk towards the city's",
    (p) => ewma(p.halfLifeDays, p.profileK ?? PROFILE_K),
  ),
  // A model stored before profiles existed keeps forecasting as it was trained: shift-blind.
  load: async (serialized) => {
    const p = (serialized as { params?: Record<string, number> }).params ?? {};
    return ewma(p.halfLifeDays, p.profileK ?? 0, 'ewma');
  },
};
export const ewmaAllHoursAlgorithm = baselineAlgorithm(
  'ewma-all-hours',
  'the ewma without time of day: every shift of a day gets the same list (the baseline a shift forecast must beat)',
  (p) => ewma(p.halfLifeDays, 0),
);
export const ewmaShiftAlgorithm = baselineAlgorithm(
  'ewma-shift',
  'for shifts, the ewma blended half and half with the ewma of the same shift',
  (p) => ewmaShift(p.halfLifeDays),
);
export const kdeAlgorithm = baselineAlgorithm(
  'kde',
  'retrospective kernel density, quartic kernel, 56 days',
  (p) => kde(p.days, p.bandwidthMetres),
);
export const prospectiveAlgorithm = baselineAlgorithm(
  'prospective',
  'prospective hotspotting (Bowers, Johnson & Pease 2004)',
  (p) => prospective(p.rings, p.weeks),
);
