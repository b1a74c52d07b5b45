// A file none of whose columns is read as the date, the place or the offence would have every row
// refused one by one, each saying only "no date". It is refused whole instead, before anything is
// stored, naming the file's columns and the --map that would read them. (A feed checks its source's
// rows before this, in src/feeds/schema-check.ts, to pause itself when a source renames a column.)
import { classify } from './category-rules.ts';
import { type FieldMaps, fieldColumn } from './field-columns.ts';
import { isRawError, type RawEvent, type RawRecord } from './formats/record.ts';
import { pointIn } from './point-text.ts';
import { MAPPABLE_FIELDS, type MappableField, type Profile } from './profiles.ts';

const SHOWN_COLUMNS = 20;

export function unreadColumns(
  profile: Profile,
  maps: FieldMaps,
  first: readonly RawEvent[],
): string | undefined {
  const records = first.filter((e): e is RawRecord => !isRawError(e));
  if (records.length === 0) return undefined;
  const has = (record: RawRecord, field: MappableField) =>
    fieldColumn(profile, maps, record.columns, field) >= 0;
  // Only what no record of the first batch has: records of other shapes may still carry it.
  const none = (found: (r: RawRecord) => boolean) => !records.some(found);
  const names = records[0]!.columns.names;
  // The first of the file's values in a column, to tell a column of words from one of dates or codes.
  const valuesOf = (name: string) => {
    const at = names.indexOf(name);
    return records
      .filter((r) => r.columns === records[0]!.columns)
      .map((r) => String(r.values[at] ?? '').trim())
      .filter((v) => v !== '');
  };
  const holds = (name: string, fits?: (value: string) => boolean) => !fits || valuesOf(name).some(fits);
  const guess = (pattern: RegExp, before?: RegExp, fits?: (value: string) => boolean) =>
    (before && names.find((n) => pattern.test(n) && before.test(n) && holds(n, fits))) ??
    names.find((n) => pattern.test(n) && holds(n, fits)) ??
    (before && names.find((n) => pattern.test(n) && before.test(n))) ??
    names.find((n) => pattern.test(n)) ??
    'COLUMN';
  const missing: { what: string; map: string }[] = [];
  // A report date alone dates each incident to the day it was reported (src/ingest/map-row.ts).
  if (none((r) => has(r, 'occurred_at') || has(r, 'date') || has(r, 'month') || has(r, 'reported_at')))
    missing.push({
      what: 'the date',
      // When it happened, before when it was reported ("DATE OCC" before "Date Rptd").
      map: `--map "${guess(/date|time|when|occur|fecha|datum|data/, /occ|incident|offen|crime|event|from|hecho|tat|reato/)}=occurred_at"`,
    });
  const writesPoint = (r: RawRecord) => {
    const at = fieldColumn(profile, maps, r.columns, 'point');
    return at >= 0 && pointIn(r.values[at]) !== undefined;
  };
  if (
    none(
      (r) =>
        (has(r, 'lat') && has(r, 'lon')) ||
        (has(r, 'x') && has(r, 'y')) ||
        r.point !== undefined ||
        writesPoint(r),
    )
  ) {
    // A column of points under a name not known ("Shape"), else the pair by their names' starts
    // (colonia_hecho holds "lon" too).
    const points = unreadColumn(profile, maps, first, (v) => pointIn(v) !== undefined);
    const [lat, lon] = [guess(/(^|_)lat/), guess(/(^|_)(lon|lng)/)];
    // Addresses alone: no --map can help, since patrolcast never sends them to a geocoder.
    const addresses = records[0]!.columns.names[fieldColumn(profile, maps, records[0]!.columns, 'block')];
    missing.push({
      what: 'the place',
      map: points
        ? `--map "${points}=point" (with --crs when its points are projected)`
        : `--map "${lat}=lat" --map "${lon}=lon" (or x and y with --crs)${
            lat === 'COLUMN' && lon === 'COLUMN' && addresses
              ? `, once the file has them: its addresses ('${addresses.slice(0, 40)}') are not looked up, so export the records system's coordinates with them (latitude and longitude, or X and Y), or geocode the addresses first`
              : ''
          }`,
    });
  }
  const flagsOffences = (r: RawRecord) => profile.offenceFlags?.some((f) => r.columns.index.has(f.column));
  if (
    !profile.defaults?.rawType &&
    none((r) => has(r, 'raw_type') || has(r, 'category') || flagsOffences(r) === true)
  )
    missing.push({
      what: 'the offence',
      // Not the date of the offence (data_reato) where the offence (reato) is there too.
      // Words, not a date ("CrimeDateTime") nor a code or a number ("offense_id", "CrimeCode": 4E).
      map: `--map "${guess(/offen|crime|type|desc|categ|delit|infrac|reat|delikt|literal/, /^(?!data)/, (v) => /\p{L}{3}/u.test(v) && !DATE_LIKE.test(v))}=raw_type" (or, where every row is one offence, --offence "its name")`,
    });
  if (missing.length === 0) return undefined;
  const columns = `${names
    .slice(0, SHOWN_COLUMNS)
    .map((n) => n.slice(0, 40))
    .join(', ')}${names.length > SHOWN_COLUMNS ? ', …' : ''}`;
  const whats = missing.map((m) => m.what);
  const what = whats.length === 1 ? whats[0] : `${whats.slice(0, -1).join(', ')} or ${whats.at(-1)}`;
  return `no column is read as ${what} (the file's columns: ${columns}); name ${
    missing.length === 1 ? 'it' : 'them'
  } with ${missing.map((m) => m.map).join('; ')}; nothing was stored`;
}

/** Hours and minutes run together, as records systems write them: 2215, 0930, 930. */
const HOURS_AND_MINUTES = /^([01]?\d|2[0-3])[0-5]\d$/;
/** A column named for a time of day: "OFFENSE TIME", "Hour", "Hora", "Heure", "Uhrzeit". */
const TIME_NAME = /time|hour|hora|heure|zeit|時/i;
/** A column named for an offence: "OFFENSE DESCRIPTION", "Crime", "Offence Desc". */
const OFFENCE_NAME = /offen[cs]e|crime|delit|delikt/i;
/** A time of day as exports write it: 14:30, 2:30 PM, 14:30:00, 14h30, 14 h 30. */
const TIME_OF_DAY = /^([01]?\d|2[0-3])\s?[:hH]\s?[0-5]\d(:[0-5]\d)?(\s?[ap]\.?m\.?)?$/i;
/** A column named as ids are: "N° dossier", "Case No", "Report #", "Event ID", "Numéro". */
const ID_NAME =
  /(^|_)(id|no|n°|nº|num|number|numero|numéro|nr|#|dossier|case|report|file|event|incident|occurrence|ref|reference)(_|$)/i;
/** An id's shape: letters, digits and separators, with a digit among them; not a date. */
const ID_VALUE = /^(?=.*\d)[\w./#-]{3,64}$/;
const DATE_LIKE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/;

/**
 * The first column no field reads whose values in the first records pass `fits` (nine in ten of those
 * given, and `whole` over all of them).
 */
function unreadColumn(
  profile: Profile,
  maps: FieldMaps,
  first: readonly RawEvent[],
  fits: (value: string) => boolean,
  whole: (values: string[], name: string) => boolean = () => true,
  /** Among the columns that fit, the first so named, else the first. */
  prefer?: RegExp,
): string | undefined {
  const records = first.filter((e): e is RawRecord => !isRawError(e));
  if (records.length === 0) return undefined;
  const { columns } = records[0]!;
  const read = new Set(MAPPABLE_FIELDS.map((f) => fieldColumn(profile, maps, columns, f)));
  const fitting = columns.names.filter((name, at) => {
    if (read.has(at)) return false;
    const values = records.filter((r) => r.columns === columns).map((r) => String(r.values[at] ?? '').trim());
    const given = values.filter((v) => v !== '');
    return given.length > 0 && given.filter(fits).length >= 0.9 * given.length && whole(given, name);
  });
  return (prefer && fitting.find((name) => prefer.test(name))) ?? fitting[0];
}

/**
 * The report's date column of a file with no column of occurrence (Raleigh's reported_date): its
 * incidents are dated to their report's day, and the warning names the --map that reads its time.
 */
export function reportOnlyColumn(profile: Profile, maps: FieldMaps, first: readonly RawEvent[]) {
  const record = first.find((e): e is RawRecord => !isRawError(e));
  if (!record) return undefined;
  const at = (field: MappableField) => fieldColumn(profile, maps, record.columns, field);
  if (at('occurred_at') >= 0 || at('date') >= 0 || at('month') >= 0 || at('reported_at') < 0)
    return undefined;
  return record.columns.names[at('reported_at')];
}

/**
 * A column no field reads whose values are times of day ("Heure", "Hora"), in a file whose dates carry
 * none: named in the warning that shift forecasts cannot be made, with the --map that reads it.
 */
export const unreadTimeColumn = (profile: Profile, maps: FieldMaps, first: readonly RawEvent[]) =>
  unreadColumn(
    profile,
    maps,
    first,
    (v) => TIME_OF_DAY.test(v) || HOURS_AND_MINUTES.test(v),
    // "2215" is a time only in a column named for one (Baton Rouge's OFFENSE TIME); else a year, a code.
    (values, name) =>
      TIME_NAME.test(name) || values.filter((v) => TIME_OF_DAY.test(v)).length >= 0.9 * values.length,
  );

/**
 * A column no field reads whose values name offences in words ("SIMPLE BURGLARY"), in a file whose
 * offence column the rules cannot read ("14:62", a statute): named in the warning about 'other', with
 * the --map that reads it, and one of its values.
 */
export function unreadOffenceColumn(
  profile: Profile,
  maps: FieldMaps,
  first: readonly RawEvent[],
): { name: string; example: string; madeUpIds: boolean } | undefined {
  const named = new Map<string, boolean>();
  const names = (v: string) => {
    const known = named.get(v) ?? classify(v) !== 'other';
    named.set(v, known);
    return known;
  };
  // An offence's name before a call's (Fort Worth's "Nature Of Call" is what the caller said).
  const name = unreadColumn(profile, maps, first, names, (values) => new Set(values).size > 1, OFFENCE_NAME);
  if (name === undefined) return undefined;
  const records = first.filter((e): e is RawRecord => !isRawError(e));
  const { columns } = records[0]!;
  const at = columns.index.get(name)!;
  const example = records.map((r) => String(r.values[at] ?? '').trim()).find((v) => v && names(v));
  const madeUpIds = fieldColumn(profile, maps, columns, 'external_id') < 0;
  return example ? { name, example, madeUpIds } : undefined;
}

/**
 * Values that are each different, or repeat only on the rows next to each other, as an incident's id
 * does in an export written one row per offence or per victim (Nashville's "Incident Number"); most
 * of them different still.
 */
function distinctOrInRuns(values: readonly string[]): boolean {
  const done = new Set<string>();
  for (let i = 0; i < values.length; i++) {
    if (i > 0 && values[i] === values[i - 1]) continue;
    if (done.has(values[i]!)) return false;
    done.add(values[i]!);
  }
  return done.size * 2 >= values.length;
}

/**
 * Where no column is read as the id, one named and shaped as ids ("N° dossier"): without it an
 * incident's id is made from what it says, and a record the source corrects later (another offence, a
 * better place) arrives as a new incident beside the old one; an incident written on several rows is
 * stored once per row.
 */
export function unreadIdColumn(profile: Profile, maps: FieldMaps, first: readonly RawEvent[]) {
  const records = first.filter((e): e is RawRecord => !isRawError(e));
  if (records.some((r) => fieldColumn(profile, maps, r.columns, 'external_id') >= 0)) return undefined;
  return unreadColumn(
    profile,
    maps,
    first,
    (v) => ID_VALUE.test(v) && !DATE_LIKE.test(v),
    (values, name) => ID_NAME.test(name) && values.length >= 2 && distinctOrInRuns(values),
  );
}
