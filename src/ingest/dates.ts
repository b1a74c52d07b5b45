// Reads the many ways exports write when something happened. Local times are read in a zone.

import { fromLocal, toLocal } from '../time/zone.ts';
import type { TimePrecision } from './categories.ts';

/**
 * `wall` is the local date and time as the file wrote it (YYYY-MM-DDTHH:MM), when it wrote one: what an
 * incident's identity rests on, so that reading the file in another zone finds the same incidents.
 */
export type ParsedTime = { instant: Date; precision: TimePrecision; wall?: string } | { error: string };

const wallText = (w: Wall) =>
  `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}T${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;

// With slashes too, as ArcGIS Hub's CSV downloads write every date: 2021/08/01 02:00:00+00.
const ISO_ZONED = /^\d{4}([-/])\d{2}\1\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s?(Z|[+-]\d{2}(:?\d{2})?)$/i;
/** Year first: 2026-03-14, and as East Asia writes it, 2026/03/14 or 2026.3.14; always year, month, day. */
// With a 12-hour clock too, as San Francisco writes it: 2023/01/01 10:15:00 PM.
const ISO_LOCAL =
  /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:\s*([AaPp][Mm]))?)?$/;
/** 03/14/2026, 14/03/2026, 14.03.2026 or 14-03-2026, with an optional time: which number is the month is the file's. */
const NUMERIC =
  /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;

/** English month names and their abbreviations: "Jan", "January", "Sept". */
const MONTH_WORD =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
/** A weekday before the date ("Saturday, ", "Sat "), which says nothing the date does not. */
const WEEKDAY = '(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+)?';
/** A time after a date written with its month's name: "2:30 PM", "14:30", "2:30PM", "11:45:00.000 p.m.". */
const NAMED_TIME = '(?:[\\s,T]+(\\d{1,2}):(\\d{2})(?::\\d{2}(?:\\.\\d+)?)?\\s*([ap]\\.?m\\.?)?)?';
/** "Jan 5, 2024 2:30 PM", "January 5 2024", SQL Server's "Jan  5 2024  2:30PM". */
const NAMED_MONTH_FIRST = new RegExp(
  `^${WEEKDAY}(${MONTH_WORD})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})${NAMED_TIME}$`,
  'i',
);
/** "5 Jan 2024 14:30", Excel's "05-Jan-2024", Oracle's "05-JAN-24", "5 January 2024". */
const NAMED_DAY_FIRST = new RegExp(
  `^${WEEKDAY}(\\d{1,2})(?:st|nd|rd|th)?[\\s-]+(${MONTH_WORD})\\.?,?[\\s-]+(\\d{4}|\\d{2})${NAMED_TIME}$`,
  'i',
);
const MONTH_STARTS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A date with its month named, which no order setting can misread. */
function namedMonth(text: string): Wall | undefined {
  let day: string;
  let month: string;
  let year: string;
  let hour: string | undefined;
  let minute: string | undefined;
  let meridiem: string | undefined;
  let m = NAMED_MONTH_FIRST.exec(text);
  if (m) [, month, day, year, hour, minute, meridiem] = m as unknown as string[];
  else {
    m = NAMED_DAY_FIRST.exec(text);
    if (!m) return undefined;
    [, day, month, year, hour, minute, meridiem] = m as unknown as string[];
  }
  // Two digits are this century's years (an incident is not from 1924): Oracle's 05-JAN-24 is 2024.
  const fullYear = year!.length === 2 ? 2000 + Number(year) : Number(year);
  const clock = twelveHour(hour === undefined ? 0 : Number(hour), meridiem?.replaceAll('.', ''));
  if (clock === undefined) return undefined;
  return {
    year: fullYear,
    month: MONTH_STARTS.indexOf(month!.slice(0, 3).toLowerCase()) + 1,
    day: Number(day),
    hour: clock,
    minute: minute === undefined ? 0 : Number(minute),
    precision: hour === undefined ? 'day' : 'minute',
  };
}

/** Which number of a numeric date is the day: the US writes the month first, most of the world the day. */
export const DATE_ORDERS = ['month-first', 'day-first'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];
const MONTH = /^(\d{4})-(\d{1,2})$/;
const HOUR_ONLY = /^(\d{1,2})$/;
const HOUR_MINUTE = /^(\d{1,2}):?(\d{2})(?::\d{2})?$/;
/** A time column on a 12-hour clock: "2:30 PM", "11:45:00 p.m.", "2 PM". */
const TWELVE_HOUR = /^(\d{1,2})(?::(\d{2})(?::\d{2})?)?\s*([ap])\.?m\.?$/i;

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  precision: TimePrecision;
}

/** The hour on a 24-hour clock: 12 AM is 0, 1 PM 13; undefined for an hour no 12-hour clock shows. */
function twelveHour(hour: number, meridiem: string | undefined): number | undefined {
  if (!meridiem) return hour;
  if (hour < 1 || hour > 12) return undefined;
  return (hour % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);
}

function validWall(w: Wall): boolean {
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.hour > 23 || w.minute > 59) return false;
  const check = new Date(Date.UTC(w.year, w.month - 1, w.day));
  return check.getUTCMonth() === w.month - 1 && check.getUTCDate() === w.day;
}

const digit = (text: string, i: number) => text.charCodeAt(i) - 48;
const isDigit = (text: string, i: number) => {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
};

const ISO_MINUTE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15];

/** "YYYY-MM-DD HH:MM" or "YYYY-MM-DDTHH:MM": most exports, read without a regular expression. */
function fastIsoMinute(text: string): Wall | undefined {
  if (
    text.length !== 16 ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(13) !== 58
  ) {
    return undefined;
  }
  const sep = text.charCodeAt(10);
  if (sep !== 32 && sep !== 84) return undefined;
  for (const i of ISO_MINUTE_DIGITS) if (!isDigit(text, i)) return undefined;
  return {
    year: digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3),
    month: digit(text, 5) * 10 + digit(text, 6),
    day: digit(text, 8) * 10 + digit(text, 9),
    hour: digit(text, 11) * 10 + digit(text, 12),
    minute: digit(text, 14) * 10 + digit(text, 15),
    precision: 'minute',
  };
}

function parseWall(text: string, order: DateOrder): Wall | undefined {
  const fast = fastIsoMinute(text);
  if (fast) return fast;
  let m = ISO_LOCAL.exec(text);
  if (m) {
    const hasTime = m[5] !== undefined;
    const hour = twelveHour(hasTime ? Number(m[5]) : 0, m[8]);
    if (hour === undefined) return undefined;
    return {
      year: Number(m[1]),
      month: Number(m[3]),
      day: Number(m[4]),
      hour,
      minute: hasTime ? Number(m[6]) : 0,
      precision: hasTime ? 'minute' : 'day',
    };
  }
  m = NUMERIC.exec(text);
  if (m) {
    const hasTime = m[5] !== undefined;
    const hour = twelveHour(hasTime ? Number(m[5]) : 0, m[8]);
    if (hour === undefined) return undefined;
    const [first, second] = [Number(m[1]), Number(m[3])];
    return {
      year: Number(m[4]),
      month: order === 'day-first' ? second : first,
      day: order === 'day-first' ? first : second,
      hour,
      minute: hasTime ? Number(m[6]) : 0,
      precision: hasTime ? 'minute' : 'day',
    };
  }
  m = MONTH.exec(text);
  if (m) return { year: Number(m[1]), month: Number(m[2]), day: 1, hour: 0, minute: 0, precision: 'month' };
  return namedMonth(text);
}

/**
 * How a separate time-of-day column writes its times: an hour ("17", "17:30"), or hours and minutes run
 * together without a colon, the leading zeros dropped ("2130", "930", and "1" for 00:01, as the LAPD
 * writes them). Seen in the first rows: one time of three or four digits says the second.
 */
export type TimeStyle = 'hour' | 'hhmm';

export function timeStyleOf(values: readonly unknown[]): TimeStyle {
  return values.some((v) => /^\d{3,4}$/.test(String(v).trim())) ? 'hhmm' : 'hour';
}

const HHMM = /^\d{1,4}$/;

/** A time-of-day column's words for a time nobody knows: the incident keeps its day. */
const UNKNOWN_TIME =
  /^(unknown|unk|n\/?a|none|null|-+|\?+|desconocid[ao]|sin dato|desconhecid[ao]|sem informa[çc][ãa]o|ignorad[ao]|unbekannt|inconnue?|不明)$/i;

/** Adds a separate time-of-day column ("17", "17:30", "1730") to a date. */
function withTime(wall: Wall, time: unknown, style: TimeStyle = 'hour'): Wall | undefined {
  if (time === undefined || time === null || time === '') return wall;
  const text = String(time).trim();
  if (text === '' || UNKNOWN_TIME.test(text)) return wall;
  if (style === 'hhmm' && HHMM.test(text)) {
    const digits = text.padStart(4, '0');
    const [hour, minute] = [Number(digits.slice(0, 2)), Number(digits.slice(2))];
    return minute < 60 ? { ...wall, hour, minute, precision: 'minute' } : undefined;
  }
  let m = HOUR_ONLY.exec(text);
  if (m) return { ...wall, hour: Number(m[1]), minute: 0, precision: 'hour' };
  m = HOUR_MINUTE.exec(text);
  if (m) return { ...wall, hour: Number(m[1]), minute: Number(m[2]), precision: 'minute' };
  m = TWELVE_HOUR.exec(text);
  if (m) {
    const hour = twelveHour(Number(m[1]), `${m[3]}m`);
    if (hour === undefined) return undefined;
    return m[2] === undefined
      ? { ...wall, hour, minute: 0, precision: 'hour' }
      : { ...wall, hour, minute: Number(m[2]), precision: 'minute' };
  }
  return undefined;
}

/**
 * Text that is a date only as a number: a day number of 1927–2173, or since 1970 thirteen digits of
 * milliseconds, or ten of seconds up to 1.9e9 (September 2001 to March 2030), where no date and hour
 * written as digits ("2010080812", which starts 19 or 20) can be meant.
 */
const NUMBER_AS_DATE = /^(\d{5}(\.\d+)?|1[0-8]\d{8}|\d{13})$/;

/** Excel's serial day 2,958,465 is 31 December 9999. */
const LAST_SERIAL_DAY = 2_958_465;

/**
 * A date given as a number that is not a count of seconds or milliseconds since 1970 (which would put
 * it in January 1970): 20260314, as records systems write dates, or 46095.93, the day number a
 * spreadsheet keeps when its date column is not formatted as dates (days since 30 December 1899, the
 * time of day as the fraction).
 */
function wallOfNumber(n: number): Wall | undefined {
  if (Number.isInteger(n) && n >= 19_000_101 && n <= 21_001_231) {
    const wall: Wall = {
      year: Math.floor(n / 10_000),
      month: Math.floor(n / 100) % 100,
      day: n % 100,
      hour: 0,
      minute: 0,
      precision: 'day',
    };
    return validWall(wall) ? wall : undefined;
  }
  if (n <= 0 || n > LAST_SERIAL_DAY) return undefined;
  const at = new Date(Math.round((n - 25_569) * 86_400) * 1000);
  return {
    year: at.getUTCFullYear(),
    month: at.getUTCMonth() + 1,
    day: at.getUTCDate(),
    hour: at.getUTCHours(),
    minute: at.getUTCMinutes(),
    precision: Number.isInteger(n) ? 'day' : 'minute',
  };
}

const shown = (value: unknown) => {
  const text = String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

/**
 * The local day a time falls on, as a time of day precision at its midnight, as a date with no time is
 * read: a report's date standing in for a blank occurrence's says nothing of the hour it happened.
 */
export function dayOf(time: ParsedTime, timeZone: string): ParsedTime {
  if ('error' in time) return time;
  const { year, month, day } = toLocal(time.instant, timeZone);
  const wall = { year, month, day, hour: 0, minute: 0, precision: 'day' as const };
  return { instant: fromLocal(wall, timeZone), precision: 'day', wall: wallText(wall) };
}

/**
 * When an incident happened. `value` is a date-time or a date; `time` an optional separate time of
 * day. A Date object is a calendar date (what dBase files hold); numbers are Unix times.
 */
export function parseOccurredAt(
  value: unknown,
  time: unknown,
  timeZone: string,
  order: DateOrder = 'month-first',
  style: TimeStyle = 'hour',
): ParsedTime {
  if (value === undefined || value === null || value === '') return { error: 'no date' };
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { error: 'unreadable date' };
    const wall = withTime(
      {
        year: value.getUTCFullYear(),
        month: value.getUTCMonth() + 1,
        day: value.getUTCDate(),
        hour: 0,
        minute: 0,
        precision: 'day',
      },
      time,
      style,
    );
    if (!wall || !validWall(wall)) return { error: `unreadable time of day '${shown(time)}'` };
    return { instant: fromLocal(wall, timeZone), precision: wall.precision, wall: wallText(wall) };
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { error: `unreadable date '${shown(value)}'` };
    const numbered = wallOfNumber(value);
    if (numbered) {
      const wall = numbered.precision === 'day' ? withTime(numbered, time, style) : numbered;
      if (!wall) return { error: `unreadable time of day '${shown(time)}'` };
      return { instant: fromLocal(wall, timeZone), precision: wall.precision, wall: wallText(wall) };
    }
    // Seconds or milliseconds since 1970: a 2020s date is about 1.7e9 s or 1.7e12 ms.
    const ms = Math.abs(value) < 1e11 ? value * 1000 : value;
    return { instant: new Date(ms), precision: 'minute' };
  }
  const text = String(value).trim();
  if (text.length > 16 && ISO_ZONED.test(text)) {
    // An offset of hours alone, as PostgreSQL writes it ("+00", Boston's and Philadelphia's exports), or
    // without its colon ("+0530"), is made one Date.parse reads.
    const iso = text
      .replace(/^(\d{4})\/(\d{2})\//, '$1-$2-')
      .replace(' ', 'T')
      .replace(/\s(?=[Zz+-]\d*)/, '')
      .replace(/([+-]\d{2}):?(\d{2})?$/, (_, h: string, m?: string) => `${h}:${m ?? '00'}`);
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return { error: `unreadable date '${shown(text)}'` };
    return { instant: new Date(t), precision: 'minute' };
  }
  const parsed = parseWall(text, order);
  // A spreadsheet's day number saved as text ("45296.6041666667": its date column was not formatted as
  // dates when the sheet was saved as CSV), or seconds or milliseconds since 1970 ("1704946200",
  // "1704946200000"): read as the same numbers are in JSON.
  if (!parsed && NUMBER_AS_DATE.test(text))
    return parseOccurredAt(Number(text), time, timeZone, order, style);
  if (!parsed) return { error: `unreadable date '${shown(text)}'` };
  // A date-only field exported as a date-time carries midnight ("02/19/2024 12:00:00 AM"): the time
  // column beside it says the time of day.
  const dateOnly =
    parsed.precision === 'day' ||
    (parsed.hour === 0 && parsed.minute === 0 && time !== undefined && time !== null && time !== '');
  const wall = dateOnly ? withTime({ ...parsed, precision: 'day' }, time, style) : parsed;
  if (!wall) return { error: `unreadable time of day '${shown(time)}'` };
  if (!validWall(wall)) return { error: `not a real date '${shown(text)}'` };
  return { instant: fromLocal(wall, timeZone), precision: wall.precision, wall: wallText(wall) };
}

/** A date written over several columns, as many open-data exports have it (YEAR, MONTH, DAY, HOUR …). */
export interface DateParts {
  year: unknown;
  month: unknown;
  day?: unknown;
  hour?: unknown;
  minute?: unknown;
  second?: unknown;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const absent = (v: unknown) => v === undefined || v === null || String(v).trim() === '';

function whole(value: unknown, name: string, min: number, max: number): number | string {
  const text = String(value).trim();
  if (name === 'month') {
    const named = MONTH_NAMES.indexOf(text.slice(0, 3).toLowerCase());
    if (named >= 0 && /^[a-z]+\.?$/i.test(text)) return named + 1;
  }
  const n = Number(text);
  if (!/^\d+(\.0+)?$/.test(text) || n < min || n > max) return `${name} '${shown(text)}' is not a ${name}`;
  return n;
}

/** When an incident happened, from its parts; as precise as the parts present (month, day, hour, minute). */
export function parseDateParts(parts: DateParts, timeZone: string): ParsedTime {
  if (absent(parts.year) || absent(parts.month)) return { error: 'no date' };
  const year = whole(parts.year, 'year', 1000, 9999);
  const month = whole(parts.month, 'month', 1, 12);
  const day = absent(parts.day) ? undefined : whole(parts.day, 'day', 1, 31);
  const hour = absent(parts.hour) ? undefined : whole(parts.hour, 'hour', 0, 23);
  const minute = absent(parts.minute) ? undefined : whole(parts.minute, 'minute', 0, 59);
  for (const v of [year, month, day, hour, minute]) if (typeof v === 'string') return { error: v };
  // A time of day means nothing without its day; a minute nothing without its hour.
  const precision: TimePrecision =
    day === undefined ? 'month' : hour === undefined ? 'day' : minute === undefined ? 'hour' : 'minute';
  const wall: Wall = {
    year: year as number,
    month: month as number,
    day: (day as number | undefined) ?? 1,
    hour: precision === 'month' || precision === 'day' ? 0 : (hour as number),
    minute: precision === 'minute' ? (minute as number) : 0,
    precision,
  };
  if (!validWall(wall)) return { error: `not a real date '${wall.year}-${wall.month}-${wall.day}'` };
  return { instant: fromLocal(wall, timeZone), precision, wall: wallText(wall) };
}

/**
 * The order a file writes its numeric dates in, from a sample of them: a first number past 12 can only
 * be a day, and a second past 12 says the month came first. Where no date says (every number 12 or
 * less), the zone's custom decides.
 */
export function dateOrderOf(
  values: Iterable<unknown>,
  timeZone: string,
): { order: DateOrder; by: 'dates' | 'zone' | 'none' } {
  let dayFirst = 0;
  let monthFirst = 0;
  let numeric = 0;
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const m = NUMERIC.exec(value.trim());
    if (!m) continue;
    numeric++;
    if (Number(m[1]) > 12) dayFirst++;
    if (Number(m[3]) > 12) monthFirst++;
  }
  if (numeric === 0) return { order: 'month-first', by: 'none' };
  if (dayFirst > 0 && monthFirst === 0) return { order: 'day-first', by: 'dates' };
  if (monthFirst > 0 && dayFirst === 0) return { order: 'month-first', by: 'dates' };
  return { order: writesDayFirst(timeZone) ? 'day-first' : 'month-first', by: 'zone' };
}

/**
 * Zones where numeric dates are written day first: Europe, Africa, Asia, Oceania, and Latin America
 * and the Caribbean (Mexico City's and São Paulo's exports write 14/03/2024). The US and Canada (their
 * zones, old names such as US/Eastern or America/Montreal included) and the Philippines keep the
 * month first.
 */
const DAY_FIRST_REGIONS = [
  'Europe/',
  'Africa/',
  'Asia/',
  'Australia/',
  'Atlantic/',
  'Indian/',
  'Antarctica/',
  'America/',
];
const DAY_FIRST_ZONES = new Set([
  'GB',
  'GB-Eire',
  'Eire',
  'NZ',
  'NZ-CHAT',
  'Pacific/Auckland',
  'Pacific/Chatham',
]);
/** The US's and Canada's zones in America/ (the tz database's, and their old names), and Manila. */
const MONTH_FIRST_ZONES = new Set(
  [
    'Adak Anchorage Atka Boise Chicago Denver Detroit Fort_Wayne Indianapolis Juneau Knox_IN Los_Angeles',
    'Louisville Menominee Metlakatla New_York Nome Phoenix Shiprock Sitka Yakutat Puerto_Rico St_Thomas',
    'Indiana/Indianapolis Indiana/Knox Indiana/Marengo Indiana/Petersburg Indiana/Tell_City Indiana/Vevay',
    'Indiana/Vincennes Indiana/Winamac Kentucky/Louisville Kentucky/Monticello North_Dakota/Beulah',
    'North_Dakota/Center North_Dakota/New_Salem',
    'Atikokan Blanc-Sablon Cambridge_Bay Coral_Harbour Creston Dawson Dawson_Creek Edmonton Fort_Nelson',
    'Glace_Bay Goose_Bay Halifax Inuvik Iqaluit Moncton Montreal Nipigon Pangnirtung Rainy_River',
    'Rankin_Inlet Regina Resolute St_Johns Swift_Current Thunder_Bay Toronto Vancouver Whitehorse',
    'Winnipeg Yellowknife',
  ]
    .flatMap((line) => line.split(' '))
    .map((name) => `America/${name}`)
    .concat('Asia/Manila'),
);
const writesDayFirst = (timeZone: string) =>
  !MONTH_FIRST_ZONES.has(timeZone) &&
  (DAY_FIRST_ZONES.has(timeZone) || DAY_FIRST_REGIONS.some((r) => timeZone.startsWith(r)));
