// A cell's strongest reasons, in words a supervisor reads at a glance. The reasons come from the
// model's own attribution of the score (per-tree path contributions for the forest), not from a
// template beside it: a feature is named only when it raised this cell's score.
import { countOf } from '../ingest/categories.ts';
import { clockOfMinute } from '../time/zone.ts';
import type { Contribution } from './models/forecaster.ts';
import type { ReportDesk } from './report-desks.ts';
import type { ForecastWindow } from './windows.ts';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const times = (share: number) => (share >= 1.95 ? `${Math.round(share)} times` : `${share.toFixed(1)} times`);

export interface ReasonContext {
  window: ForecastWindow;
  /** The category forecast ('all' for every kind). */
  category: string;
  /** Names of the shifts, by slot. */
  slotNames: string[];
  /** Days of records before the window: "5 years" is not said of two. */
  historyDays: number;
}

/** The long-term counts say one thing (this place is busy): only the strongest of them is told. */
const LONG_TERM: ReadonlySet<string> = new Set(['n_on_record', 'n_365d', 'n_730d', 'n_1825d']);
const SHIFT_SHARE: ReadonlySet<string> = new Set(['slot_share', 'profile_share']);
/** A place's hours and its record in the shift are told together, in one reason. */
const HOURS: ReadonlySet<string> = new Set(['peak_hours', 'n_in_shift']);

/** "62 of 408 in the 22:00–06:00 shift": the place's incidents of known time, and those in this shift. */
function shiftCountWords(all: Map<string, number>, slot: string, alone: boolean, what = 'incidents') {
  const inShift = all.get('n_in_shift');
  const known = Math.round(all.get('n_known_time') ?? 0);
  if (inShift === undefined || known === 0) return undefined;
  const some = Math.round(inShift) === 0 ? 'none' : Math.round(inShift).toLocaleString('en-US');
  const total = known.toLocaleString('en-US');
  // Beside the peak hours the count's kind is already said; alone it names it.
  const whole = alone ? `its ${total} ${what}` : total;
  const timed = Math.round(all.get('n_on_record') ?? known) === known ? '' : ' with a known time';
  return `${some} of ${whole}${timed} in ${slot}`;
}

function phrase(c: Contribution, all: Map<string, number>, ctx: ReasonContext): string | undefined {
  const v = Math.round(c.value);
  const what = ctx.category === 'all' ? 'incidents' : countOf(ctx.category, 2).replace(/^2 /, '');
  const n = (count: number) => countOf(ctx.category, count);
  const years = (days: number) => {
    const shown = Math.min(days, ctx.historyDays);
    if (shown >= 700) return `the past ${Math.floor(shown / 365)} years`;
    return shown >= 360 ? 'the past year' : `the past ${Math.round(shown / 30)} months`;
  };
  const slot =
    ctx.window.kind === 'shift' ? `the ${ctx.slotNames[ctx.window.slot] ?? 'this'} shift` : 'this day';
  switch (c.feature) {
    case 'n_1d':
      return v > 0 ? `${n(v)} here in the last 24 hours` : undefined;
    case 'n_7d':
      return v > 0 ? `${n(v)} here in the last 7 days` : undefined;
    case 'n_28d':
      return v > 0 ? `${n(v)} here in the last 4 weeks` : undefined;
    case 'n_91d':
      return v > 0 ? `${n(v)} here in the last 3 months` : undefined;
    case 'n_365d':
      // Beside a count on record that holds the same incidents, it would say the same thing twice.
      if (all.has('n_on_record') && Math.round(all.get('n_on_record')!) === v) return undefined;
      return v > 0 ? `${n(v)} here in ${years(365)}` : undefined;
    case 'n_730d':
      return v > 0 ? `${n(v)} here in ${years(730)}` : undefined;
    case 'n_on_record':
      return v > 0
        ? `${plural(v, 'incident')} here on record${Math.round(all.get('n_365d') ?? 0) === v ? `, all in ${years(365)}` : (all.get('n_365d') ?? 0) > v / 2 ? ', most in the past year' : ''}`
        : undefined;
    case 'n_1825d':
      return v > 0 ? `${n(v)} here in ${years(1825)}: a persistent hotspot` : undefined;
    case 'n_year_ago':
      return v > 0
        ? `${n(v)} here in the same ${ctx.window.kind === 'shift' ? 'shift' : 'day'} a year ago`
        : undefined;
    case 'near_ring1':
    case 'ring1_28d': {
      const k = all.get('ring1_28d') ?? 0;
      return k > 0 ? `${n(k)} within about 300 m in the last 4 weeks` : undefined;
    }
    case 'near_ring2':
    case 'ring2_28d': {
      const k = all.get('ring2_28d') ?? 0;
      return k > 0 ? `${n(k)} 300–600 m away in the last 4 weeks` : undefined;
    }
    case 'ring12_365d':
      return v > 0 ? `${n(v)} within about 600 m in the past year` : undefined;
    case 'slot_share':
    case 'profile_share':
      return c.value > 1.2 ? `${times(c.value)} its usual share of ${what} during ${slot}` : undefined;
    case 'weekday_share':
      return c.value > 1.2
        ? `${times(c.value)} its usual level on ${WEEKDAYS[ctx.window.weekday]}s`
        : undefined;
    case 'season_share':
      return c.value > 1.2 ? `${times(c.value)} its usual level at this time of year` : undefined;
    case 'peak_hours': {
      // from × 100 + to: the shortest run of hours holding four in five of the place's timed incidents.
      const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
      const hours = `most ${what} here ${hh(Math.floor(c.value / 100))}–${hh(c.value % 100)}`;
      const inShift = shiftCountWords(all, slot, false);
      return inShift ? `${hours}; ${inShift}` : hours;
    }
    case 'n_in_shift':
      return shiftCountWords(all, slot, true, what);
    case 'n_known_time':
      return undefined;
    case 'city_slot_share':
      return c.value > 1.2 ? `${slot} is busy across the city` : undefined;
    case 'city_weekday_share':
      return c.value > 1.1 ? `${WEEKDAYS[ctx.window.weekday]}s are busy across the city` : undefined;
    case 'other_28d':
      return v > 0 ? `${plural(v, 'incident')} of other kinds here in the last 4 weeks` : undefined;
    case 'other_365d':
      return v > 0 ? `${plural(v, 'incident')} of other kinds here in the past year` : undefined;
    case 'days_since':
      return c.value < 30
        ? `the last one here was ${plural(Math.max(1, Math.round(c.value)), 'day')} ago`
        : undefined;
    default:
      // Baselines and covariates.
      if (c.feature.startsWith('n_') && v > 0)
        return `${n(v)} here in the last ${c.feature.slice(2, -1)} days`;
      if (c.feature.startsWith('kde_')) return 'many recent incidents close by (kernel density)';
      if (c.feature === 'prospective') return 'recent incidents close by, the most recent counting most';
      return `${c.feature.replaceAll('_', ' ')} is ${Number(c.value.toPrecision(3))}`;
  }
}

/** The top reasons, strongest first; those that did not raise the score are left out. */
export function reasonsInWords(contributions: Contribution[], ctx: ReasonContext, limit = 3): string[] {
  const all = new Map(contributions.map((c) => [c.feature, c.value]));
  const out: string[] = [];
  const told = new Set<ReadonlySet<string>>();
  for (const c of contributions) {
    if (out.length >= limit) break;
    if (c.effect <= 0) continue;
    // One reason per group: the record counts say one thing, and so do the two shift shares.
    const group = [LONG_TERM, SHIFT_SHARE, HOURS].find((g) => g.has(c.feature));
    if (group) {
      if (told.has(group)) continue;
      told.add(group);
    }
    const words = phrase(c, all, ctx);
    if (words && !out.includes(words)) out.push(words);
  }
  return out;
}

/**
 * Why a place's count leaves out its reports of unknown time: "79 more at 00:00, the time given when
 * none is known (31% here, 6% city-wide): reports taken at a desk, not counted".
 */
export function deskReason(desk: ReportDesk, minutes: readonly number[], cityShare: number): string {
  const percent = (share: number) => `${Math.round(share * 100)}%`;
  return (
    `${desk.unknown.toLocaleString('en-US')} more at ${minutes.map(clockOfMinute).join(' or ')}, the time given when none is known ` +
    `(${percent(desk.unknown / desk.total)} here, ${percent(cityShare)} city-wide)${DESK_VERDICT}`
  );
}

/** How a desk's reason ends: what the forecast made of the heap. */
export const DESK_VERDICT = ': reports taken at a desk, not counted';
/** ...and how it ends once an analyst has kept the place (`desks keep`), until the next forecast. */
export const KEPT_VERDICT = ': an analyst says this is no report desk, so they count from the next forecast';
