// Turns one raw record from any format into a canonical incident, or says why it cannot.
// Only canonical fields leave this function: every other column (names, addresses, narratives) is
// dropped here and never stored.

import { cellOf } from '../geo/cells.ts';
import type { DistrictAt } from '../geo/district-lookup.ts';
import type { Projector } from '../geo/projection.ts';
import { areaName, hundredBlock, unknownPlace } from './block-address.ts';
import { type Category, isCategory, type Origin, TIME_PRECISIONS, type TimePrecision } from './categories.ts';
import { classify } from './category-rules.ts';
import { type DateOrder, dayOf, parseDateParts, parseOccurredAt, type TimeStyle } from './dates.ts';
import type { DistrictSpellings } from './district-spellings.ts';
import { hash128 } from './fast-hash.ts';
import { fieldColumn } from './field-columns.ts';
import type { Columns, RawRecord } from './formats/record.ts';
import { type Jurisdiction, outsideJurisdiction } from './jurisdiction.ts';
import { isNibrsColumn, nibrsCategory } from './nibrs-codes.ts';
import { addressIn, pointIn, type WrittenPoint } from './point-text.ts';
import { type Area, MAPPABLE_FIELDS, type MappableField, type Profile } from './profiles.ts';
import { SeenSet } from './seen-set.ts';
import { type CategoryMap, rawKey } from './source-categories.ts';
import type { Rejection, StagedIncident } from './store.ts';
import { SOUTHERNMOST_LATITUDE } from './swapped-axes.ts';

export type { Rejection };

/** `byReport`: the occurrence's date was blank, and the incident is dated to the day it was reported. */
export type Mapped = { incident: StagedIncident; byReport?: true } | { rejection: Rejection };

export interface MapperOptions {
  profile: Profile;
  /** The source's own offence names as an analyst filed them: before every other rule. */
  sourceCategories?: CategoryMap;
  /** Where the incidents already stored lie (with a margin): points far outside are refused. */
  nearArea?: Area;
  /** Points whose incidents are refused (a geocoder's placeholder the analyst named). */
  rejectPoints?: readonly { lat: number; lon: number; label: string }[];
  /** Extra column → field mappings (normalised column names); they take precedence over the profile. */
  maps: Partial<Record<MappableField, string[]>>;
  /** Which number of a numeric date (03/04/2026) is the day: the file's, found by the importer. */
  dateOrder?: DateOrder;
  /** How a separate time column writes its times; found from the file's first rows. */
  timeStyle?: TimeStyle;
  source: string;
  timeZone: string;
  h3Resolution: number;
  /** Converts projected x/y (columns, or a shapefile's points) to longitude and latitude. */
  projector?: Projector;
  /** Geometry points are already longitude/latitude (GeoJSON, unless --crs says otherwise). */
  geometryIsLonLat: boolean;
  /** Where incidents may lie; the profile's area when none is configured. */
  jurisdiction?: Jurisdiction;
  now: Date;
  /** The source made its made-up ids from the category too, before they left it out: it still does. */
  categoryInMadeUpIds?: boolean;
  /** The agency's district at a point (PATROLCAST_DISTRICTS), for a row that names none. */
  districtAt?: DistrictAt;
  /** How each district is spelled (see district-spellings.ts): "EAST PRECINCT" is stored as "East Precinct". */
  districtSpellings?: DistrictSpellings;
}

const MAX_TEXT = 200;
const PRECISION_ORDER: Record<TimePrecision, number> = { minute: 0, hour: 1, day: 2, month: 3 };
const coarser = (a: TimePrecision, b: TimePrecision) => (PRECISION_ORDER[a] >= PRECISION_ORDER[b] ? a : b);
const FALLBACK_METRES = 2;
// How exports say they do not know the district (Toronto's NSA is "not specified area"): none.
const NO_DISTRICT = /^(nsa|n\/?a|unknown|unk|none|null|not specified|-+)$/i;
/** The neighbourhood that names a place, unless the export says it does not know it (NSA). */
const areaOf = (text: string | undefined) =>
  text && !NO_DISTRICT.test(text) && text.length <= MAX_TEXT ? areaName(text) : null;

const ORIGIN_WORDS: Record<string, Origin> = {
  reported: 'reported',
  call: 'reported',
  citizen: 'reported',
  discovered: 'discovered',
  officer: 'discovered',
  'officer-initiated': 'discovered',
  'self-initiated': 'discovered',
  'on-view': 'discovered',
  unknown: 'unknown',
};

/** How R, pandas and SQL write a value they do not have. */
const NO_NUMBER = /^\s*(na|n\/a|nan|null|none|-+)\s*$/i;

/**
 * A coordinate. A decimal comma, as Excel writes numbers in much of Europe ("52,5200"), is read as the
 * decimal point it is where it cannot be a thousands separator: in a latitude or longitude (13,405 is
 * no longitude as 13405), or before other than three digits.
 */
function toNumber(value: unknown, degrees = false): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') return value;
  let text = String(value);
  // Number() reads '' and '  ' as 0 and '0x1A' as hex: neither is a coordinate.
  if (text.trim() === '') return undefined;
  let n = Number(text);
  // No coordinate, not a wrong one.
  if (Number.isNaN(n) && NO_NUMBER.test(text)) return undefined;
  // Looked for only where the number does not read: the common row pays nothing for it.
  if (Number.isNaN(n) && text.includes(',')) {
    const comma = DECIMAL_COMMA.exec(text);
    if (comma && (degrees || comma[1]!.length !== 3)) {
      text = text.replace(',', '.');
      n = Number(text);
    }
  }
  return Number.isFinite(n) && !/[xob]/i.test(text) ? n : Number.NaN;
}

/** A flag column's "yes": 1, true, Y. */
const FLAGGED = /^\s*(1|1\.0|true|y|yes)\s*$/i;

const DECIMAL_COMMA = /^\s*[-+]?\d+,(\d+)\s*$/;

function toText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = (value instanceof Date ? value.toISOString() : String(value)).trim();
  return text === '' ? undefined : text;
}

/**
 * Text as it is shown, on one line: a spreadsheet's cell can hold a line break ("THEFT\nFROM VEHICLE")
 * and a fixed-width export pads with runs of spaces. The made-up id hashes the text as written.
 */
function oneLine(text: string): string;
function oneLine(text: string | undefined): string | undefined;
function oneLine(text: string | undefined): string | undefined {
  return text !== undefined && /\s\s|[\t\n\r\f\v]/.test(text) ? text.replace(/\s+/g, ' ') : text;
}

/** What projected numbers look like, so that the analyst knows which --crs to try. */
export function projectionHint(x: number, y: number): string {
  const base = 'projected coordinates but no coordinate system';
  if (x >= 0 && x <= 700_000 && y >= 0 && y <= 1_300_000)
    return `${base}: these look like British National Grid metres; try --crs EPSG:27700`;
  if (x >= 160_000 && x <= 840_000 && y > 1_300_000 && y <= 10_000_000)
    return `${base}: these look like UTM metres; try --crs EPSG:326NN (WGS 84) or EPSG:269NN (NAD83, North America), NN being your city's UTM zone`;
  if (x >= 500_000 && x <= 10_000_000 && y >= 0 && y <= 3_000_000)
    return `${base}: these look like US State Plane coordinates; try --crs with your state zone's EPSG code (feet or metres, e.g. EPSG:2913 for Oregon North)`;
  return `${base} (use --crs EPSG:n)`;
}

const reject = (line: number, field: string, reason: string): Mapped => ({
  rejection: { line, field, reason },
});

export function createRowMapper(options: MapperOptions): (record: RawRecord) => Mapped {
  const spelled = (district: string | undefined) =>
    district === undefined || !options.districtSpellings ? district : options.districtSpellings.of(district);
  const { profile } = options;
  // Where each field is, worked out once per shape of record.
  const layouts = new WeakMap<Columns, Record<MappableField, number>>();
  const layoutOf = (columns: Columns) => {
    let layout = layouts.get(columns);
    if (!layout) {
      layout = {} as Record<MappableField, number>;
      for (const field of MAPPABLE_FIELDS) layout[field] = fieldColumn(profile, options.maps, columns, field);
      layouts.set(columns, layout);
    }
    return layout;
  };
  // Whether the offence column is named for NIBRS codes, worked out once per shape of record too.
  const nibrsColumns = new WeakMap<Columns, boolean>();
  const nibrsOf = (columns: Columns) => {
    let nibrs = nibrsColumns.get(columns);
    if (nibrs === undefined) {
      const at = layoutOf(columns).raw_type;
      nibrs = at !== -1 && isNibrsColumn(columns.names[at]!);
      nibrsColumns.set(columns, nibrs);
    }
    return nibrs;
  };
  // Where each offence's 0/1 column is, per shape of record, for an export that flags its offences.
  const flagColumns = new WeakMap<Columns, { at: number; offence: string }[]>();
  const flaggedOffence = (columns: Columns, values: readonly unknown[]): string | undefined => {
    if (!profile.offenceFlags) return undefined;
    let flags = flagColumns.get(columns);
    if (!flags) {
      flags = profile.offenceFlags.flatMap((f) => {
        const at = columns.index.get(f.column);
        return at === undefined ? [] : [{ at, offence: f.offence }];
      });
      flagColumns.set(columns, flags);
    }
    return flags.find((f) => FLAGGED.test(String(values[f.at] ?? '')))?.offence;
  };
  const codes = new Map(Object.entries(profile.categoryCodes ?? {}).map(([k, v]) => [k.toUpperCase(), v]));
  const area =
    options.jurisdiction ?? (profile.area ? { kind: 'bbox' as const, area: profile.area } : undefined);
  const latest = options.now.getTime() + 5 * 60_000;
  // Exports repeat the same few offence names: remember how each was classified.
  const categories = new Map<string, Category>();
  const categoryOf = (
    rawType?: string,
    detail?: string,
    categoryValue?: string,
    nibrsColumn = false,
  ): Category => {
    const key = `${rawType}\u001f${detail}\u001f${categoryValue}${nibrsColumn ? '\u001fnibrs' : ''}`;
    let category = categories.get(key);
    if (category === undefined) {
      const normalised = categoryValue?.toLowerCase().replaceAll(' ', '_');
      category =
        options.sourceCategories?.get(rawKey(rawType ?? ''))?.category ??
        options.sourceCategories?.get(rawKey(categoryValue ?? ''))?.category ??
        codes.get(categoryValue?.toUpperCase() ?? '') ??
        codes.get(rawType?.toUpperCase() ?? '') ??
        // A source's own "other" decides nothing: its offence name may still say what it was (NIJ's
        // OTHER group holds thefts and stolen vehicles).
        (normalised && normalised !== 'other' && isCategory(normalised) ? normalised : undefined) ??
        nibrsCategory(rawType, nibrsColumn) ??
        classify(rawType, detail, categoryValue);
      if (categories.size > 10_000) categories.clear();
      categories.set(key, category);
    }
    return category;
  };

  // The record being mapped, for has() and val(): set once per row rather than a closure per row.
  let at: Record<MappableField, number>;
  let current: readonly unknown[];
  const has = (field: MappableField) => at[field] !== -1;
  const val = (field: MappableField): unknown => (at[field] === -1 ? undefined : current[at[field]]);

  // How often each id-less incident has come up in this file so far: those seen once in 8 bytes each
  // (a Map of every id's text, kept to the end of the file, cost a large import a fifth of its time in
  // garbage collection), the few repeats by their text.
  const seenOnce = new SeenSet();
  const repeats = new Map<string, number>();
  const refusedPoints = [...(profile.fallbackPoints ?? []), ...(options.rejectPoints ?? [])];
  // The date is in parts when there is no whole date column and a year and a month column are there.
  const splitDate = () => !has('occurred_at') && !has('date') && has('year') && has('month');
  // A date column with the time of day in hour and minute columns.
  const timeFromParts = () => {
    const hour = toText(val('hour'));
    if (hour === undefined) return undefined;
    const minute = toText(val('minute'));
    return minute === undefined ? hour : `${hour}:${minute.padStart(2, '0')}`;
  };
  // A lone month column holding "2024-01" (the UK's street-level files) is a date of month precision.
  const monthDate = () => (has('month') && !has('year') ? val('month') : undefined);

  return (record) => {
    const { line, values } = record;
    at = layoutOf(record.columns);
    current = values;

    // When: one column, a date and a time, or the date's parts over several columns. An occurrence left
    // blank where the export says when it was reported (DC's START_DATE beside REPORT_DAT) is dated to
    // the report's day: it happened then or before, and a shift cannot be told.
    // An export with a report date and no column of occurrence at all (Raleigh's reported_date) is
    // dated the same way, every row.
    const occurrence = has('occurred_at') ? val('occurred_at') : has('date') ? val('date') : monthDate();
    const byReport =
      has('reported_at') &&
      (has('occurred_at') || has('date') || !has('month')) &&
      toText(occurrence) === undefined &&
      toText(val('reported_at')) !== undefined;
    const time = byReport
      ? dayOf(
          parseOccurredAt(val('reported_at'), undefined, options.timeZone, options.dateOrder),
          options.timeZone,
        )
      : splitDate()
        ? parseDateParts(
            {
              year: val('year'),
              month: val('month'),
              day: val('day'),
              hour: val('hour'),
              minute: val('minute'),
              second: val('second'),
            },
            options.timeZone,
          )
        : parseOccurredAt(
            occurrence,
            has('time') ? val('time') : timeFromParts(),
            options.timeZone,
            options.dateOrder,
            options.timeStyle,
          );
    if ('error' in time) return reject(line, 'occurred_at', time.error);
    if (time.instant.getTime() > latest) return reject(line, 'occurred_at', 'date is in the future');
    if (time.instant.getUTCFullYear() < 1900) return reject(line, 'occurred_at', 'date is before 1900');
    const claimed = toText(val('time_precision'))?.toLowerCase();
    if (claimed !== undefined && !(TIME_PRECISIONS as readonly string[]).includes(claimed)) {
      return reject(line, 'time_precision', `unknown time precision '${claimed.slice(0, 20)}'`);
    }
    const stated =
      (claimed as TimePrecision | undefined) ?? profile.defaults?.timePrecision ?? time.precision;
    const timePrecision = coarser(time.precision, stated);

    // What.

    const categoryValue = toText(val('category'));
    // Only read to file the offence, never stored: its first words are enough.
    const detail = toText(val('detail'))?.slice(0, MAX_TEXT);
    const rawType =
      toText(val('raw_type')) ??
      flaggedOffence(record.columns, current) ??
      (has('raw_type') ? undefined : profile.defaults?.rawType);
    if (!rawType && !categoryValue)
      return reject(
        line,
        'raw_type',
        profile.offenceFlags ? 'no offence flagged (every offence column is 0)' : 'no offence type',
      );
    if ((rawType?.length ?? 0) > MAX_TEXT)
      return reject(line, 'raw_type', `longer than ${MAX_TEXT} characters`);
    // Stored as the offence name where there is no other.
    if ((categoryValue?.length ?? 0) > MAX_TEXT)
      return reject(line, 'category', `longer than ${MAX_TEXT} characters`);
    const category = categoryOf(rawType, detail, categoryValue, nibrsOf(record.columns));

    // Where.
    let lat = toNumber(val('lat'), true);
    let lon = toNumber(val('lon'), true);
    // Both coordinates in one column, read only where no pair of columns holds them.
    let written: WrittenPoint | undefined;
    if (lat === undefined || lon === undefined) {
      const fromColumns = [toNumber(val('x')), toNumber(val('y'))];
      const pair = fromColumns[0] !== undefined && fromColumns[1] !== undefined;
      written = pair || record.point ? undefined : pointIn(val('point'));
      const [x, y] = pair ? fromColumns : (record.point ?? (written ? [written.x, written.y] : []));
      if (x === undefined || y === undefined) return reject(line, 'location', 'no coordinates');
      if (Number.isNaN(x) || Number.isNaN(y)) return reject(line, 'location', 'coordinates are not numbers');
      // 0,0 is how exports hide a place (offences against persons), in any coordinate system.
      if (x === 0 && y === 0) return reject(line, 'location', 'zero coordinates');
      const lonLat = (record.point && x === record.point[0] && options.geometryIsLonLat) || written?.lonLat;
      if (options.projector && !lonLat) {
        [lon, lat] = options.projector(x, y);
      } else if (Math.abs(x) <= 180 && Math.abs(y) <= 90) {
        [lon, lat] = [x, y];
      } else {
        return reject(line, 'location', projectionHint(x, y));
      }
    }
    if (Number.isNaN(lat) || Number.isNaN(lon))
      return reject(line, 'location', 'coordinates are not numbers');
    if (lat === 0 || lon === 0) return reject(line, 'location', 'zero coordinates');
    // Montréal's withheld places are at 1, 1: in the sea off Africa, as 0, 0 is, and no place either.
    if (Math.abs(lat) <= 1 && Math.abs(lon) <= 1)
      return reject(line, 'location', 'a stand-in point near 0, 0 (the place is withheld)');
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      return reject(line, 'location', 'coordinates out of range');
    }
    // No police force records incidents in Antarctica: a point there has its latitude and longitude
    // the other way round (a file whose first rows are so is read swapped; see swapped-axes.ts).
    if (lat < SOUTHERNMOST_LATITUDE)
      return reject(
        line,
        'location',
        'south of 60°S, where no police force is: latitude and longitude swapped?',
      );
    if (area && outsideJurisdiction(area, lat, lon))
      return reject(line, 'location', 'outside the jurisdiction');
    const near = options.nearArea;
    if (near && (lat < near.south || lat > near.north || lon < near.west || lon > near.east))
      return reject(
        line,
        'location',
        `far from every incident already stored: a wrong --crs, or a point geocoded in the wrong place`,
      );
    for (const p of refusedPoints) {
      const dy = (lat - p.lat) * 111_320;
      const dx = (lon - p.lon) * 111_320 * Math.cos((lat * Math.PI) / 180);
      if (dx * dx + dy * dy < FALLBACK_METRES ** 2)
        return reject(line, 'location', `geocoder fallback: ${p.label}`);
    }

    // A point the source itself says it does not know the place of ("X NK_LOC ST"): not a place to rank.
    // No address runs this long: one that does names nothing, and the incident is kept without it.
    // A point written after its address ("1200 MAIN ST\nKANSAS CITY 64105\n(39.10, -94.58)") names the place.
    const addressText =
      corner(toText(val('block')), toText(val('cross_street'))) ??
      written?.address ??
      addressIn(val('point'));
    const blockText = (addressText?.length ?? 0) > MAX_TEXT ? undefined : addressText;
    if (unknownPlace(blockText))
      return reject(line, 'block', `the source does not know the place '${blockText!.slice(0, 40)}'`);

    // Who recorded it, and under which id.
    const districtText = toText(val('district'));
    const district = districtText && NO_DISTRICT.test(districtText) ? undefined : districtText;
    if ((district?.length ?? 0) > 100) return reject(line, 'district', 'longer than 100 characters');
    const originText = toText(val('origin'))?.toLowerCase();
    const statedOrigin = originText ? ORIGIN_WORDS[originText] : undefined;
    const origin: Origin =
      statedOrigin ?? profile.originByCategory?.[category] ?? profile.defaults?.origin ?? 'unknown';
    let externalId = toText(val('external_id'));
    if ((externalId?.length ?? 0) > MAX_TEXT)
      return reject(line, 'external_id', `longer than ${MAX_TEXT} characters`);
    if (!externalId) {
      // No id in the export: the id is a hash of the canonical incident (source, time as the file wrote
      // it, place, offence name), so a column added to an export does not make its rows new, nor does
      // reading it in another time zone, nor a category named later. Rows that repeat within one file are
      // distinct incidents the source cannot tell apart (several victims, or a month's anti-social
      // behaviour at one snapped point): each repeat is counted by its place in the file, so the file
      // imported again still stores nothing new.
      const filed = options.categoryInMadeUpIds ? `\u001f${category}` : '';
      const canonical = `${options.source}\u001f${time.wall ?? time.instant.toISOString()}\u001f${timePrecision}\u001f${lat.toFixed(6)}\u001f${lon.toFixed(6)}${filed}\u001f${rawType ?? categoryValue ?? ''}`;
      const base = hash128(canonical);
      const repeat = seenOnce.add(base) ? 1 : (repeats.get(base) ?? 1) + 1;
      if (repeat > 1) repeats.set(base, repeat);
      externalId = repeat === 1 ? `h:${base}` : `h:${base}#${repeat}`;
    }

    return {
      ...(byReport ? { byReport } : {}),
      incident: {
        externalId,
        occurredAt: time.instant,
        timePrecision,
        category,
        rawType: oneLine(rawType ?? categoryValue) ?? null,
        lat,
        lon,
        cell: cellOf(lat, lon, options.h3Resolution),
        district: spelled(oneLine(district)) ?? options.districtAt?.(lon, lat) ?? null,
        block: hundredBlock(blockText) ?? areaOf(toText(val('area'))),
        origin,
      },
    };
  };
}

/** A street with no number and the street that crosses it are a corner: "VERMONT AV & BEVERLY BL". */
const corner = (street: string | undefined, cross: string | undefined) =>
  street && cross && !/^\d/.test(street.trim()) ? `${street} & ${cross}` : street;
