// Forecast windows: the agency's shifts, or whole days, in its own time zone. A window is an
// interval of real time [start, end); daylight-saving changes make some shifts an hour longer or
// shorter, exactly as the officers on them experience.

import { UserError } from '../errors.ts';
import { singulars } from '../near-words.ts';
import type { LocalDate } from '../time/zone.ts';
import { addDays, formatDate, formatLocalMinute, fromLocal, parseDate, toLocal } from '../time/zone.ts';

export interface ShiftDefinition {
  /** e.g. "06:00-14:00" */
  name: string;
  startMinute: number;
  /** Length in minutes of wall-clock time (a night shift crosses midnight). */
  minutes: number;
}

/** Shifts and days need times of day or dates; weeks and months serve data dated only that finely. */
export type WindowKind = 'shift' | 'day' | 'week' | 'month';
export const WINDOW_KINDS: readonly WindowKind[] = ['shift', 'day', 'week', 'month'];

export interface ForecastWindow {
  kind: WindowKind;
  start: Date;
  end: Date;
  /** Local calendar date the window starts on. */
  date: string;
  /** Index of the shift in the agency's list (0 for days). */
  slot: number;
  /** Local weekday of the start, 0 = Sunday. */
  weekday: number;
  label: string;
  /** Why this window is coarser than the one asked for (the data have no finer times); said with it. */
  note?: string;
}

const HHMM = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** "06:00-14:00,14:00-22:00,22:00-06:00" → shift definitions, in order. */
export function parseShifts(text: string): ShiftDefinition[] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0)
    throw new UserError('no shifts given; expected e.g. 06:00-14:00,14:00-22:00,22:00-06:00');
  const shifts = parts.map((part) => {
    const [from, to] = part.split('-').map((s) => s.trim());
    const a = HHMM.exec(from ?? '');
    const b = HHMM.exec(to ?? '');
    if (!a || !b) throw new UserError(`shift '${part.slice(0, 20)}' is not HH:MM-HH:MM`);
    const startMinute = Number(a[1]) * 60 + Number(a[2]);
    const endMinute = Number(b[1]) * 60 + Number(b[2]);
    const minutes = (endMinute - startMinute + 1440) % 1440 || 1440;
    return { name: `${from}-${to}`, startMinute, minutes };
  });
  const starts = new Set(shifts.map((s) => s.startMinute));
  if (starts.size !== shifts.length) throw new UserError('two shifts start at the same time');
  return shifts.sort((x, y) => x.startMinute - y.startMinute);
}

const pad = (n: number) => String(n).padStart(2, '0');
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function shiftWindow(
  date: LocalDate,
  slot: number,
  shifts: ShiftDefinition[],
  timeZone: string,
): ForecastWindow {
  const shift = shifts[slot]!;
  const startMinute = shift.startMinute;
  const endTotal = startMinute + shift.minutes;
  const start = fromLocal(
    { ...date, hour: Math.floor(startMinute / 60), minute: startMinute % 60 },
    timeZone,
  );
  const endDate = addDays(date, Math.floor(endTotal / 1440));
  const endMinute = endTotal % 1440;
  const end = fromLocal({ ...endDate, hour: Math.floor(endMinute / 60), minute: endMinute % 60 }, timeZone);
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return {
    kind: 'shift',
    start,
    end,
    date: formatDate(date),
    slot,
    weekday,
    label: `${WEEKDAYS[weekday]} ${formatDate(date)} ${pad(Math.floor(startMinute / 60))}:${pad(startMinute % 60)}–${pad(Math.floor(endMinute / 60))}:${pad(endMinute % 60)}`,
  };
}

export function dayWindow(date: LocalDate, timeZone: string): ForecastWindow {
  const start = fromLocal({ ...date, hour: 0, minute: 0 }, timeZone);
  const end = fromLocal({ ...addDays(date, 1), hour: 0, minute: 0 }, timeZone);
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return {
    kind: 'day',
    start,
    end,
    date: formatDate(date),
    slot: 0,
    weekday,
    label: `${WEEKDAYS[weekday]} ${formatDate(date)}`,
  };
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const weekdayOf = (d: LocalDate) => new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
const midnight = (d: LocalDate, timeZone: string) => fromLocal({ ...d, hour: 0, minute: 0 }, timeZone);

/** The local week (Monday to Sunday) that starts on `monday`. */
function weekWindow(monday: LocalDate, timeZone: string): ForecastWindow {
  return {
    kind: 'week',
    start: midnight(monday, timeZone),
    end: midnight(addDays(monday, 7), timeZone),
    date: formatDate(monday),
    slot: 0,
    weekday: 1,
    label: `week of Monday ${formatDate(monday)}`,
  };
}

/** The local calendar month that starts on `first`. */
function monthWindow(first: LocalDate, timeZone: string): ForecastWindow {
  const next =
    first.month === 12 ? { year: first.year + 1, month: 1, day: 1 } : { ...first, month: first.month + 1 };
  return {
    kind: 'month',
    start: midnight(first, timeZone),
    end: midnight(next, timeZone),
    date: formatDate(first),
    slot: 0,
    weekday: weekdayOf(first),
    label: `${MONTHS[first.month - 1]} ${first.year}`,
  };
}

/** The week or month holding a local date. */
export function coarseWindowOf(kind: 'week' | 'month', date: LocalDate, timeZone: string): ForecastWindow {
  if (kind === 'month') return monthWindow({ ...date, day: 1 }, timeZone);
  return weekWindow(addDays(date, -((weekdayOf(date) + 6) % 7)), timeZone);
}

export interface WindowSettings {
  shifts: ShiftDefinition[];
  timeZone: string;
}

/** Every window of a kind that starts on the local dates from..to (inclusive). */
export function windowsBetween(
  kind: WindowKind,
  from: LocalDate,
  to: LocalDate,
  settings: WindowSettings,
): ForecastWindow[] {
  const out: ForecastWindow[] = [];
  for (let d = from; formatDate(d) <= formatDate(to); d = addDays(d, 1)) {
    if (kind === 'week' || kind === 'month') {
      // Weeks and months that start within the dates.
      const w = coarseWindowOf(kind, d, settings.timeZone);
      if (w.date === formatDate(d)) out.push(w);
    } else if (kind === 'day') out.push(dayWindow(d, settings.timeZone));
    else
      for (let s = 0; s < settings.shifts.length; s++)
        out.push(shiftWindow(d, s, settings.shifts, settings.timeZone));
  }
  return out;
}

export const WHEN = ['now', 'next', 'today', 'tonight', 'tomorrow', 'day', 'evening', 'night'] as const;

/** What patrol officers call their shifts, besides day, evening and night. */
export const SHIFT_ALIASES: Readonly<Record<string, 'day' | 'evening' | 'night'>> = {
  morning: 'day',
  afternoon: 'evening',
  swing: 'evening',
  late: 'evening',
  graveyard: 'night',
  overnight: 'night',
  midnight: 'night',
  mid: 'night',
};
export type When = (typeof WHEN)[number];
type ShiftWhen = Extract<When, 'day' | 'evening' | 'night'>;
const isShiftWord = (when: When | undefined): when is ShiftWhen =>
  when === 'day' || when === 'evening' || when === 'night';

/**
 * The agency's shift a word names; a UserError when none or several of its shifts are called so (an
 * agency on two twelve-hour shifts has no evening), naming the shifts there are.
 */
function namedSlot(word: ShiftWhen, shifts: readonly ShiftDefinition[]): number {
  const slots = shifts.flatMap((s, i) => (wordOf(s) === word ? [i] : []));
  if (slots.length === 1) return slots[0]!;
  const list = shifts.map((s) => `${s.name} (${wordOf(s)})`).join(', ');
  if (slots.length === 0) throw new UserError(`there is no ${word} shift here; the shifts are ${list}`);
  const first = shifts[slots[0]!]!.name.slice(0, 5);
  throw new UserError(
    `${slots.length} shifts here are ${word} shifts (${list}); name one by its start time, e.g. at=${first}`,
  );
}

const middleOf = (w: ForecastWindow) => (w.start.getTime() + w.end.getTime()) / 2;

/**
 * The window a person means. now: the shift under way; next: the one after it; today and tomorrow:
 * the whole local day; tonight: the shift running at 23:00 today; day, evening or night: that shift,
 * the one under way until its middle (as when none is named), else the next.
 */
export function resolveWindow(when: When, now: Date, settings: WindowSettings): ForecastWindow {
  const local = toLocal(now, settings.timeZone);
  const today = { year: local.year, month: local.month, day: local.day };
  if (when === 'today') return dayWindow(today, settings.timeZone);
  if (when === 'tomorrow') return dayWindow(addDays(today, 1), settings.timeZone);
  // Shifts that could be running: yesterday's night shift may still be on.
  const around = windowsBetween('shift', addDays(today, -1), addDays(today, 1), settings);
  if (isShiftWord(when)) {
    const slot = namedSlot(when, settings.shifts);
    return around.find((w) => w.slot === slot && now.getTime() < middleOf(w))!;
  }
  if (when === 'tonight') {
    const at = fromLocal({ ...today, hour: 23, minute: 0 }, settings.timeZone);
    return around.find((w) => w.start <= at && at < w.end)!;
  }
  const current = around.findIndex((w) => w.start <= now && now < w.end);
  return when === 'now' ? around[current]! : around[current + 1]!;
}

/**
 * The shift a supervisor means when they name none: the one under way until its middle (they are
 * briefing for it), the next one after (they are planning it).
 */
export function meantWindow(now: Date, settings: WindowSettings): ForecastWindow {
  const current = resolveWindow('now', now, settings);
  return now.getTime() < middleOf(current) ? current : resolveWindow('next', now, settings);
}

const SHORT_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * What people call a shift, by the hour at its middle: day (05:00–15:00), evening (15:00–23:00) or night.
 * So 06:00-14:00 is a day shift and 19:00-07:00 a night shift, as on two twelve-hour shifts.
 */
export const shiftWord = (startMinute: number, minutes: number): 'day' | 'evening' | 'night' => {
  const middle = ((startMinute + minutes / 2) % 1440) / 60;
  return middle >= 5 && middle < 15 ? 'day' : middle >= 15 && middle < 23 ? 'evening' : 'night';
};

/** A configured shift's word. */
export const wordOf = (s: ShiftDefinition) => shiftWord(s.startMinute, s.minutes);

/**
 * The configured shift a person means: its name ("22:00-06:00"), its start ("22:00") or its word
 * ("night") when one shift alone has it; undefined otherwise.
 */
export function findShift(shifts: readonly ShiftDefinition[], asked: string): ShiftDefinition | undefined {
  const text = asked.trim().toLowerCase();
  const byName = shifts.find((s) => s.name.toLowerCase() === text || s.name.slice(0, 5) === text);
  if (byName) return byName;
  const word = singulars(text)
    .map((w) => SHIFT_ALIASES[w] ?? w)
    .find((w) => w === 'day' || w === 'evening' || w === 'night');
  const byWord = shifts.filter((s) => wordOf(s) === word);
  return byWord.length === 1 ? byWord[0] : undefined;
}

/** "night shift · Mon 22:00–06:00", "Mon 2026-11-30, all day", or the week's or month's label. */
export function windowHeadline(window: Pick<ForecastWindow, 'kind' | 'label' | 'weekday' | 'date'>): string {
  if (window.kind === 'day') return `${SHORT_DAYS[window.weekday]} ${window.date}, all day`;
  if (window.kind !== 'shift') return window.label;
  const times = window.label.split(' ').at(-1)!;
  const [from, to] = times.split('–').map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5)));
  const word = shiftWord(from!, (to! - from! + 1440) % 1440 || 1440);
  return `${word} shift · ${SHORT_DAYS[window.weekday]} ${times}`;
}

/** A moment asked about: a local date, a local date and time, or a time alone (today's). */
export interface AskedAt {
  /** Absent for a time alone: the agency's today. */
  date?: LocalDate;
  /** Minutes after local midnight, when a time was given. */
  minute?: number;
}

const AT = /^(\d{4}-\d{2}(?:-\d{2})?)(?:[T ]([01]?\d|2[0-3]):([0-5]\d))?$/;

const TIME_ALONE = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/**
 * "2010-10-15", "2010-10-15T22:00" or "22:00" (the agency's local time; a time alone is today's); a
 * UserError names what is wrong.
 */
export function parseAskedAt(text: string): AskedAt {
  const time = TIME_ALONE.exec(text.trim());
  if (time) return { minute: Number(time[1]) * 60 + Number(time[2]) };
  const m = AT.exec(text.trim());
  // A month alone (for data dated only to the month) is its first day.
  const date = m ? parseDate(m[1]!.length === 7 ? `${m[1]}-01` : m[1]!) : undefined;
  if (!m || !date || (m[1]!.length === 7 && m[2] !== undefined))
    throw new UserError(
      `'${text.slice(0, 30)}' is not a date: expected YYYY-MM-DD, YYYY-MM-DDTHH:MM or HH:MM (local time)`,
    );
  return m[2] === undefined ? { date } : { date, minute: Number(m[2]) * 60 + Number(m[3]) };
}

/**
 * The window meant by `when`, read against the clock, or against a moment asked about: a date alone
 * means its whole day unless a shift word is given (read at noon that day); a date and time means the
 * shift under way then.
 */
export function windowFor(
  asked: { when?: When | undefined; at?: AskedAt | undefined },
  now: Date,
  settings: WindowSettings,
): ForecastWindow {
  const { at } = asked;
  if (!at) return asked.when ? resolveWindow(asked.when, now, settings) : meantWindow(now, settings);
  const when = asked.when ?? (at.minute === undefined ? 'today' : 'now');
  const minute = at.minute ?? 12 * 60;
  const today = toLocal(now, settings.timeZone);
  const date = at.date ?? { year: today.year, month: today.month, day: today.day };
  // "night" on a date is the night shift that starts that day.
  if (isShiftWord(when) && at.minute === undefined)
    return shiftWindow(date, namedSlot(when, settings.shifts), settings.shifts, settings.timeZone);
  const clock = fromLocal({ ...date, hour: Math.floor(minute / 60), minute: minute % 60 }, settings.timeZone);
  return resolveWindow(when, clock, settings);
}

/** The `at` that asks for exactly this window again: its date for a day, its local start for a shift. */
export const pinnedAt = (window: ForecastWindow, timeZone: string): string =>
  window.kind === 'shift' ? formatLocalMinute(window.start, timeZone) : window.date;

/** The finest window each precision of data supports. */
const FINEST: Record<'hour' | 'day' | 'month', WindowKind> = { hour: 'shift', day: 'day', month: 'month' };

/**
 * Refuses windows finer than the data: counting a month's incidents as if they fell in one week would
 * score and forecast what the data cannot say.
 */
export function checkWindowKind(kind: WindowKind, precision: 'hour' | 'day' | 'month'): void {
  const finest = FINEST[precision];
  if (WINDOW_KINDS.indexOf(kind) >= WINDOW_KINDS.indexOf(finest)) return;
  const dated = precision === 'month' ? 'only to the month' : 'only to the day, with no time of day';
  const allowed = WINDOW_KINDS.slice(WINDOW_KINDS.indexOf(finest)).join(' or ');
  throw new UserError(
    `these incidents are dated ${dated}: ${kind} windows would be finer than the data; use --window ${allowed}`,
  );
}
