// Features of a cell for a window, computed only from incidents before the window starts.

import type { Category } from '../ingest/categories.ts';
import { offsetMinutes } from '../time/zone.ts';
import { defaultMinutes, MINUTES_PER_DAY } from './default-times.ts';
import {
  type CellTimes,
  cellTimes,
  countIn,
  DAY,
  type IncidentTable,
  lowerBound,
  lowerBoundBack,
  targetFilter,
} from './history.ts';
import { type ReportDesks, reportDesks } from './report-desks.ts';
import type { StudyArea } from './study-area.ts';
import type { ForecastWindow, WindowKind, WindowSettings } from './windows.ts';

/** The features every model sees, in this order. Covariates, when loaded, follow them. */
export const BASE_FEATURES = [
  'n_1d',
  'n_7d',
  'n_28d',
  'n_91d',
  'n_365d',
  'n_730d',
  'n_1825d',
  'n_year_ago',
  'near_ring1',
  'near_ring2',
  'ring1_28d',
  'ring2_28d',
  'ring12_365d',
  'slot_share',
  'profile_share',
  'weekday_share',
  'season_share',
  'city_slot_share',
  'city_weekday_share',
  'other_28d',
  'other_365d',
  'days_since',
] as const;
export type BaseFeature = (typeof BASE_FEATURES)[number];

/** How many incidents a place's own time-of-day profile counts against the city's (empirical Bayes). */
export const PROFILE_K = 20;

const NEAR_REPEAT_DAYS = 28;
const NEAR_REPEAT_DECAY_DAYS = 7;
const DAYS_SINCE_CAP = 730;

export interface Covariates {
  names: string[];
  /** Per study cell (by number), one value per name; NaN where unknown. */
  values: Float64Array[];
}

export interface FeatureContext {
  table: IncidentTable;
  area: StudyArea;
  category: Category | 'all';
  target: CellTimes;
  all: CellTimes;
  /**
   * Per target event (aligned with target.times), its local slot (shift) and weekday; UNKNOWN_SLOT for
   * an event whose time of day is not known (see `unknownTimes`).
   */
  slot: Uint8Array;
  /** Per target event, its local hour, or UNKNOWN_SLOT. */
  hour: Uint8Array;
  weekday: Uint8Array;
  slots: number;
  /** The same events across the city in time order, for the city's shares of a window (windowContext). */
  city: CityTimeline;
  /** Places whose reports of unknown time are left out of their counts (report-desks.ts). */
  reportDesks: Omit<ReportDesks, 'notHere'>;
  covariates?: Covariates;
  names: string[];
}

/**
 * The city's target events by row of the table (which is in time order): each row's slot and weekday
 * (weekday 255 for a row that is not a target event), with running counts at every 64th row. The
 * city's counts over any span are then two binary searches and at most two short scans away, where
 * training asks for them once per training window; two bytes a row, not a copy of the history.
 */
export interface CityTimeline {
  slot: Uint8Array;
  weekday: Uint8Array;
  /** Per checkpoint b (row 64·b): target events before it, in all, by slot and by weekday. */
  events: Int32Array;
  bySlot: Int32Array;
  byWeekday: Int32Array;
  slots: number;
}

const STRIDE = 64;
const NOT_TARGET = 255;

function cityTimeline(slot: Uint8Array, weekday: Uint8Array, slots: number): CityTimeline {
  const checkpoints = Math.floor(slot.length / STRIDE) + 1;
  const city: CityTimeline = {
    slot,
    weekday,
    events: new Int32Array(checkpoints),
    bySlot: new Int32Array(checkpoints * slots),
    byWeekday: new Int32Array(checkpoints * 7),
    slots,
  };
  const events = new Int32Array(1);
  const bySlot = new Int32Array(slots);
  const byWeekday = new Int32Array(7);
  // Through the row after the last, so that a checkpoint at the very end is written too.
  for (let i = 0; i <= slot.length; i++) {
    if (i % STRIDE === 0) {
      const b = i / STRIDE;
      city.events[b] = events[0]!;
      city.bySlot.set(bySlot, b * slots);
      city.byWeekday.set(byWeekday, b * 7);
    }
    if (i === slot.length || weekday[i] === NOT_TARGET) continue;
    events[0]!++;
    if (slot[i]! < slots) bySlot[slot[i]!]!++;
    byWeekday[weekday[i]!]!++;
  }
  return city;
}

/** Target events in rows before `row`: in all, in the slot, and on the weekday. */
function cityCountsBefore(
  city: CityTimeline,
  row: number,
  slot: number,
  weekday: number,
): [number, number, number] {
  const b = Math.floor(row / STRIDE);
  let events = city.events[b]!;
  let inSlot = slot < city.slots ? city.bySlot[b * city.slots + slot]! : 0;
  let onWeekday = city.byWeekday[b * 7 + weekday]!;
  for (let i = b * STRIDE; i < row; i++) {
    if (city.weekday[i] === NOT_TARGET) continue;
    events++;
    if (slot < city.slots && city.slot[i] === slot) inSlot++;
    if (city.weekday[i] === weekday) onWeekday++;
  }
  return [events, inSlot, onWeekday];
}

/** The slot (and hour) of an event whose time of day is not known. */
export const UNKNOWN_SLOT = 255;

/**
 * Per minute of the day, whether a source puts incidents of unknown time there (`defaultMinutes`).
 * Those are read as "time unknown", not as night (or noon) crime; a real incident at such a minute
 * loses only its shift.
 */
function unknownTimes(minutes: Int16Array, untimed?: Uint8Array): Uint8Array {
  const flags = new Uint8Array(MINUTES_PER_DAY);
  for (const m of defaultMinutes(minuteCounts(minutes, untimed))) flags[m] = 1;
  return flags;
}

/** Incidents per minute of the day, leaving out those dated only to a day (their minute is ours). */
function minuteCounts(minutes: Int16Array, untimed?: Uint8Array): Int32Array {
  const counts = new Int32Array(MINUTES_PER_DAY);
  for (let i = 0; i < minutes.length; i++) if (untimed?.[i] !== 1) counts[minutes[i]!]!++;
  return counts;
}

/** Local minute of the day and weekday of an instant, fast: offsets come from a per-day cache. */
function localParts(t: number, timeZone: string): [minute: number, weekday: number] {
  const local = t + offsetMinutes(new Date(t), timeZone) * 60_000;
  const dayNumber = Math.floor(local / DAY);
  const minute = Math.floor((local - dayNumber * DAY) / 60_000);
  // 1 January 1970 was a Thursday (4).
  return [minute, (((dayNumber + 4) % 7) + 7) % 7];
}

/** The shift an event falls in, and the weekday that shift started on. */
function slotOf(
  minute: number,
  weekday: number,
  settings: WindowSettings,
  kind: WindowKind,
): [number, number] {
  if (kind !== 'shift') return [0, weekday];
  const shifts = settings.shifts;
  for (let s = shifts.length - 1; s >= 0; s--) {
    if (minute >= shifts[s]!.startMinute) return [s, weekday];
  }
  // Before the first shift starts: the last shift of the day before is still on.
  return [shifts.length - 1, (weekday + 6) % 7];
}

export function buildFeatureContext(
  table: IncidentTable,
  area: StudyArea,
  category: Category | 'all',
  settings: WindowSettings,
  kind: WindowKind,
  covariates?: Covariates,
): FeatureContext {
  const rows = table.time.length;
  const rowMinute = new Int16Array(rows);
  const rowDay = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    const [minute, day] = localParts(table.time[i]!, settings.timeZone);
    rowMinute[i] = minute;
    rowDay[i] = day;
  }
  // A station's desk reports of unknown time are not the place's crime (report-desks.ts).
  const found = reportDesks(
    table.cell,
    rowMinute,
    defaultMinutes(minuteCounts(rowMinute, table.untimed)),
    table.cells.length,
    new Set((table.keptDesks ?? []).flatMap((c) => table.cellIndex.get(c) ?? [])),
  );
  const { notHere, desks } = found;
  const ofCategory = targetFilter(table, category);
  const keep = desks.size === 0 ? ofCategory : (i: number) => notHere[i] === 0 && ofCategory(i);
  const target = cellTimes(table, keep);
  const all =
    category === 'all' ? target : cellTimes(table, desks.size === 0 ? () => true : (i) => notHere[i] === 0);
  // Slots in the same order as target.times: walk the table in time order, cell by cell.
  const slot = new Uint8Array(target.times.length);
  const weekday = new Uint8Array(target.times.length);
  const minutes = new Int16Array(target.times.length);
  const untimed = table.untimed ? new Uint8Array(target.times.length) : undefined;
  const fill = target.start.slice(0, table.cells.length);
  // Where each table row's event went (−1: not a target event).
  const atOf = new Int32Array(rows).fill(-1);
  for (let i = 0; i < rows; i++) {
    if (!keep(i)) continue;
    const at = fill[table.cell[i]!]!++;
    atOf[i] = at;
    const minute = rowMinute[i]!;
    // An incident dated only to its day is on that day, in no shift.
    const dated = table.untimed?.[i] === 1;
    const [s, w] = dated ? [UNKNOWN_SLOT, rowDay[i]!] : slotOf(minute, rowDay[i]!, settings, kind);
    slot[at] = kind === 'shift' ? s : 0;
    weekday[at] = w;
    minutes[at] = minute;
    if (dated) untimed![at] = 1;
  }
  const hour = new Uint8Array(target.times.length);
  const unknownAt = unknownTimes(minutes, untimed);
  for (let k = 0; k < minutes.length; k++) {
    const unknown = untimed?.[k] === 1 || unknownAt[minutes[k]!] === 1;
    hour[k] = unknown ? UNKNOWN_SLOT : Math.floor(minutes[k]! / 60);
    if (unknown && kind === 'shift') slot[k] = UNKNOWN_SLOT;
  }
  const slots = kind === 'shift' ? settings.shifts.length : 1;
  const rowSlot = new Uint8Array(table.time.length).fill(NOT_TARGET);
  const rowWeekday = new Uint8Array(table.time.length).fill(NOT_TARGET);
  for (let i = 0; i < atOf.length; i++) {
    const at = atOf[i]!;
    if (at < 0) continue;
    rowSlot[i] = slot[at]!;
    rowWeekday[i] = weekday[at]!;
  }
  return {
    table,
    area,
    category,
    target,
    all,
    slot,
    hour,
    weekday,
    slots,
    city: cityTimeline(rowSlot, rowWeekday, slots),
    reportDesks: { desks: found.desks, minutes: found.minutes, cityShare: found.cityShare },
    covariates,
    names: [...BASE_FEATURES, ...(covariates?.names ?? [])],
  };
}

/** What is the same for every cell in a window: the city's share of incidents in its slot and weekday. */
export interface WindowContext {
  window: ForecastWindow;
  t0: number;
  citySlotShare: number;
  cityWeekdayShare: number;
  /** Every cell's near-repeat sum and 28- and 365-day counts, when the whole window is written. */
  cellStats?: Float64Array;
}

export function windowContext(ctx: FeatureContext, window: ForecastWindow): WindowContext {
  const t0 = window.start.getTime();
  // The city's events in the year before the window: the table's rows are in time order.
  const { time } = ctx.table;
  const hi = lowerBound(time, 0, time.length, t0);
  const lo = lowerBound(time, 0, hi, t0 - 365 * DAY);
  const [untilHi, slotHi, weekdayHi] = cityCountsBefore(ctx.city, hi, window.slot, window.weekday);
  const [untilLo, slotLo, weekdayLo] = cityCountsBefore(ctx.city, lo, window.slot, window.weekday);
  const total = untilHi - untilLo;
  const inSlot = slotHi - slotLo;
  const onWeekday = weekdayHi - weekdayLo;
  return {
    window,
    t0,
    // Shares relative to an even spread, smoothed: 1 means an ordinary slot or weekday.
    citySlotShare: ((inSlot + 1) / (total + ctx.slots)) * ctx.slots,
    cityWeekdayShare: ((onWeekday + 1) / (total + 7)) * 7,
  };
}

/** The near-repeat sum of cell c's events in [lo, hi): each event of the last four weeks weighted by its age. */
function decayedSum(ct: CellTimes, lo: number, hi: number, t0: number, sum = 0): number {
  for (let k = lo; k < hi; k++) sum += Math.exp(-(t0 - ct.times[k]!) / (NEAR_REPEAT_DECAY_DAYS * DAY));
  return sum;
}

/** Where cell c's events of the last 365 and 28 days begin, and where those from t0 on begin. */
function recentBounds(ct: CellTimes, c: number, t0: number): [lo365: number, lo28: number, hi: number] {
  const hi = lowerBound(ct.times, ct.start[c]!, ct.start[c + 1]!, t0);
  const lo28 = lowerBoundBack(ct.times, ct.start[c]!, hi, t0 - NEAR_REPEAT_DAYS * DAY);
  return [lowerBoundBack(ct.times, ct.start[c]!, lo28, t0 - 365 * DAY), lo28, hi];
}

/** Every table cell's near-repeat sum and 28- and 365-day counts at t0, three numbers a cell. */
function allCellStats(ct: CellTimes, t0: number): Float64Array {
  const cells = ct.start.length - 1;
  const out = new Float64Array(3 * cells);
  for (let c = 0; c < cells; c++) {
    const [lo365, lo28, hi] = recentBounds(ct, c, t0);
    out[3 * c] = decayedSum(ct, lo28, hi, t0);
    out[3 * c + 1] = hi - lo28;
    out[3 * c + 2] = hi - lo365;
  }
  return out;
}

/**
 * Over a ring of cells: the near-repeat sum and the counts of the last 28 and 365 days; from the
 * window's table of cell stats when it has one, else searched here (summed event by event in one
 * running total, as training rows always have been).
 */
function ringStats(ct: CellTimes, cells: Int32Array, w: WindowContext): [number, number, number] {
  let decayed = 0;
  let n28 = 0;
  let n365 = 0;
  const stats = w.cellStats;
  for (const c of cells) {
    if (stats) {
      decayed += stats[3 * c]!;
      n28 += stats[3 * c + 1]!;
      n365 += stats[3 * c + 2]!;
      continue;
    }
    const [lo365, lo28, hi] = recentBounds(ct, c, w.t0);
    decayed = decayedSum(ct, lo28, hi, w.t0, decayed);
    n28 += hi - lo28;
    n365 += hi - lo365;
  }
  return [decayed, n28, n365];
}

/**
 * Counts of the cell's events in [t0 − days, t0) that share the window's slot, weekday and season;
 * hi is where the cell's events from t0 on begin.
 */
function shares(ctx: FeatureContext, c: number, hi: number, w: WindowContext, days: number) {
  const { target } = ctx;
  const lo = lowerBoundBack(target.times, target.start[c]!, hi, w.t0 - days * DAY);
  let inSlot = 0;
  let timed = 0;
  let onWeekday = 0;
  let inSeason = 0;
  for (let k = lo; k < hi; k++) {
    if (ctx.slot[k] !== UNKNOWN_SLOT) timed++;
    if (ctx.slot[k] === w.window.slot) inSlot++;
    if (ctx.weekday[k] === w.window.weekday) onWeekday++;
    // Within six weeks of this calendar date in an earlier year.
    const age = (w.t0 - target.times[k]!) / DAY;
    const offYear = age % 365.25;
    if (age > SEASON_DAYS && (offYear < SEASON_DAYS || offYear > 365.25 - SEASON_DAYS)) inSeason++;
  }
  return {
    n: hi - lo,
    inSlot,
    timed,
    onWeekday,
    inSeason,
    last: hi > target.start[c]! ? target.times[hi - 1]! : undefined,
  };
}

const SEASON_DAYS = 42;
const LONG_DAYS = 1825;

/** Writes the features of study cell s for the window into out[offset ...], in BASE_FEATURES order. */
export function writeFeatures(
  ctx: FeatureContext,
  s: number,
  w: WindowContext,
  out: Float64Array,
  offset: number,
): void {
  const { target, all } = ctx;
  const c = ctx.area.tableCell[s]!;
  const t0 = w.t0;
  const length = w.window.end.getTime() - t0;
  const ring1 = ctx.area.ring1[s]!;
  const ring2 = ctx.area.ring2[s]!;
  // The cell's events before the window end at `now`; each count searches only for where it starts.
  const first = c < 0 ? 0 : target.start[c]!;
  const now = c < 0 ? 0 : lowerBound(target.times, first, target.start[c + 1]!, t0);
  const count = (days: number) => now - lowerBoundBack(target.times, first, now, t0 - days * DAY);
  const n28 = count(28);
  const n365 = count(365);
  const long =
    c < 0
      ? { n: 0, inSlot: 0, timed: 0, onWeekday: 0, inSeason: 0, last: undefined }
      : shares(ctx, c, now, w, LONG_DAYS);
  let o = offset;
  out[o++] = count(1);
  out[o++] = count(7);
  out[o++] = n28;
  out[o++] = count(91);
  out[o++] = n365;
  out[o++] = count(730);
  out[o++] = long.n;
  // The same window a year ago: 364 days back keeps the weekday.
  out[o++] = c < 0 ? 0 : countIn(target, c, t0 - 364 * DAY, t0 - 364 * DAY + length);
  const [near1, ring1n28, ring1n365] = ringStats(target, ring1, w);
  const [near2, ring2n28, ring2n365] = ringStats(target, ring2, w);
  out[o++] = near1;
  out[o++] = near2;
  out[o++] = ring1n28;
  out[o++] = ring2n28;
  out[o++] = ring1n365 + ring2n365;
  // Shares relative to an even spread, smoothed towards it: 1 is ordinary, 3 is three times the usual.
  out[o++] = ((long.inSlot + 1) / (long.n + ctx.slots)) * ctx.slots;
  // The same share from incidents of known time, shrunk towards the city's share with PROFILE_K of them.
  out[o++] =
    ((long.inSlot + w.citySlotShare * (PROFILE_K / ctx.slots)) / (long.timed + PROFILE_K)) * ctx.slots;
  out[o++] = ((long.onWeekday + 1) / (long.n + 7)) * 7;
  // Incidents in this season of earlier years against an even spread over the year.
  out[o++] = (long.inSeason + 1) / ((long.n * 2 * SEASON_DAYS) / 365.25 + 1);
  out[o++] = w.citySlotShare;
  out[o++] = w.cityWeekdayShare;
  if (ctx.category === 'all' || c < 0) {
    out[o++] = 0;
    out[o++] = 0;
  } else {
    out[o++] = countIn(all, c, t0 - 28 * DAY, t0) - n28;
    out[o++] = countIn(all, c, t0 - 365 * DAY, t0) - n365;
  }
  out[o++] = long.last === undefined ? DAYS_SINCE_CAP : Math.min(DAYS_SINCE_CAP, (t0 - long.last) / DAY);
  if (ctx.covariates) for (const v of ctx.covariates.values[s]!) out[o++] = v;
}

/** Incidents of the target in study cell s during the window: the label a model learns. */
export function label(ctx: FeatureContext, s: number, window: ForecastWindow): number {
  const c = ctx.area.tableCell[s]!;
  return c < 0 ? 0 : countIn(ctx.target, c, window.start.getTime(), window.end.getTime());
}

/** Features of every study cell for one window, row by row. */
export function featuresForWindow(ctx: FeatureContext, window: ForecastWindow): Float64Array {
  const f = ctx.names.length;
  const out = new Float64Array(ctx.area.cells.length * f);
  // Each cell is in the rings of 18 others: its stats are found once.
  const w = { ...windowContext(ctx, window), cellStats: allCellStats(ctx.target, window.start.getTime()) };
  for (let s = 0; s < ctx.area.cells.length; s++) writeFeatures(ctx, s, w, out, s * f);
  return out;
}
