// Imports one export file as one batch: open, map and validate row by row, stage in bulk, commit once.
import { z } from 'zod';
import type { AuditEntry } from '../audit/audit-log.ts';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';
import { DEMO_SOURCE } from '../demo/city.ts';
import { isUserError, UserError } from '../errors.ts';
import { districtLookup } from '../geo/district-lookup.ts';
import { forgetDistricts } from '../geo/districts.ts';
import { type Projector, projectorFor } from '../geo/projection.ts';
import { isTimeZone } from '../time/zone.ts';
import { type DateOrder, dateOrderOf, timeStyleOf } from './dates.ts';
import { districtsInUse } from './district-file.ts';
import { storedDistrictSpellings } from './district-spellings.ts';
import { EventRows } from './event-rows.ts';
import { fieldValues } from './field-columns.ts';
import { encodingNamed } from './formats/encoding.ts';
import { type InputLimits, openInputFile } from './formats/open-file.ts';
import { isRawError } from './formats/record.ts';
import { ImportTally, type TallySummary } from './import-tally.ts';
import type { Jurisdiction } from './jurisdiction.ts';
import { createRowMapper } from './map-row.ts';
import { notePlaceholders } from './placeholder-points.ts';
import {
  type Area,
  findProfile,
  MAPPABLE_FIELDS,
  type MappableField,
  normaliseName,
  profileNames,
} from './profiles.ts';
import { profileOfFile, readAhead, zoneOfPoints } from './read-ahead.ts';
import { fileDigest, partDigest, sameFileGuard } from './same-file.ts';
import { categoryInMadeUpIds, readCategoryFile, storedCategories } from './source-categories.ts';
import { failureWords, openIncidentWriter, type Rejection } from './store.ts';
import { swappedAxes } from './swapped-axes.ts';
import {
  reportOnlyColumn,
  unreadColumns,
  unreadIdColumn,
  unreadOffenceColumn,
  unreadTimeColumn,
} from './unread-columns.ts';

export interface ImportSettings {
  timeZone: string;
  /** No zone was configured: a file without one is read in the zone of its incidents' place. */
  inferTimeZone?: boolean;
  h3Resolution: number;
  jurisdiction?: Jurisdiction;
  limits: InputLimits;
  /** The agency's district boundaries (PATROLCAST_DISTRICTS): a row naming no district is in the one it lies in. */
  districtsFile?: string;
}

export interface ImportRequest {
  /** Where the file is on disk. */
  path: string;
  /** Its name as the sender knew it (only the base name is recorded). */
  fileName?: string;
  contentType?: string;
  profile?: string;
  /** `source_column=field` pairs. */
  maps?: string[];
  /** EPSG:n (or a proj4 string) for projected x/y. */
  crs?: string;
  /** Zone of local times in the file. */
  timeZone?: string;
  /** Text encoding (utf-8, utf-16le, utf-16be, latin1); found from the bytes when absent. */
  encoding?: string;
  /** The sheet of an Excel workbook to read; its largest when absent. */
  sheet?: string;
  /** Which number of a numeric date is the day; found from the file's dates, else its zone, when absent. */
  dateOrder?: DateOrder;
  /** The offence every row is, for a one-offence extract with no offence column. */
  offence?: string;
  /** A CSV of (offence name, category) for this source's own names; kept for its later imports. */
  categoriesFile?: string;
  /** Read, check and summarise as an import would, and store nothing. */
  dryRun?: boolean;
  /** Points (a geocoder's placeholder) whose incidents are refused, as "lat,lon". */
  rejectPoints?: string[];
  source?: string;
  /** Who imports: a token (its name and id), the command line, a feed. */
  actor?: string;
  /** Ids of the source's stored incidents that it withdrew (a feed's reconciliation): removed with this batch. */
  withdraw?: readonly string[];
  /** The audit entry, committed with the batch (a dry run changes nothing and writes none). */
  audit?: AuditEntry;
  now?: Date;
  onProgress?: (progress: { bytes: number; rows: number }) => void;
  /** Aborted when whoever asked has gone (an upload's client hung up): the import is undone, no batch kept. */
  signal?: AbortSignal;
  /** Told the batch's id once it is opened (before any row is stored). */
  onBatch?: (batchId: string) => void;
}

export interface ImportSummary extends TallySummary {
  received: number;
  accepted: number;
  duplicates: number;
  /** Of the duplicates, rows repeating an id read earlier in the file (an event listed once per offence). */
  repeated: number;
  /** Incidents stored before under the source's own id that this import replaced with a changed version. */
  updated: number;
  /** Stored incidents removed because the source withdrew them. */
  withdrawn: number;
  rejected: number;
  /** The first rejections; all of them are kept with the batch. */
  errors: Rejection[];
  /** The stored batch (absent for a dry run). */
  batchId?: string;
  /** The text encoding the file was read in (absent for a shapefile). */
  encoding?: string;
  /** The synthetic demo incidents removed because this real data came in (absent when none were). */
  demoRemoved?: number;
  /** The zone local times in the file were read in. */
  timeZone: string;
  /** Nothing was stored: the counts are what an import would store. */
  dryRun?: boolean;
}

export interface ImportResult extends ImportSummary {
  reasons: Record<string, number>;
}

const SUMMARY_ERRORS = 100;
// Rows handed to the writer at a time: small batches keep few objects alive between garbage
// collections, which measured faster than large ones on both databases.
const CHUNK = 2_000;
const corner = z.number().nullable();
const storedBox = z.object({ s: corner, n: corner, w: corner, e: corner });

/** Stored real incidents' extent, widened by about 50 km, or undefined when there are none. */
async function storedArea(database: Database): Promise<Area | undefined> {
  const [box] = await decodedRows(
    database,
    storedBox,
    `select min(lat) as s, max(lat) as n, min(lon) as w, max(lon) as e from settled_incidents where source <> $1`,
    [DEMO_SOURCE],
  );
  if (!box || box.s === null || box.n === null || box.w === null || box.e === null) return undefined;
  const margin = 0.5;
  return {
    south: box.s - margin,
    north: box.n + margin,
    west: box.w - margin / Math.cos((box.s * Math.PI) / 180),
    east: box.e + margin / Math.cos((box.s * Math.PI) / 180),
  };
}

/** What every batch of a request records: the file's name, who imported it, its audit entry, a dry run. */
const batchOf = (request: ImportRequest) => ({
  fileName: request.fileName?.split(/[\\/]/).pop()?.slice(0, 200) ?? null,
  actor: request.actor,
  ...(request.audit ? { audit: request.audit } : {}),
  ...(request.dryRun ? { dryRun: true as const } : {}),
});

/** A file refused before its rows could be read: the attempt is kept as a failed batch. */
async function failedBatch(
  database: Database,
  request: ImportRequest,
  source: string,
  profile: string,
  error: unknown,
): Promise<void> {
  const writer = await openIncidentWriter(database, {
    ...batchOf(request),
    source: (request.source ?? source).trim(),
    profile,
    replacesDemo: false,
  });
  if (!request.dryRun) request.onBatch?.(writer.batchId);
  await writer.abort(failureWords(error));
}

/** Whoever asked for the import has gone: it is undone and leaves no batch. */
export class ImportCancelled extends Error {
  override readonly name = 'ImportCancelled';
  constructor() {
    super('the import was cancelled: whoever sent it has gone');
  }
}

/** "lat,lon" as --reject-point gives it. */
export function parsePoint(text: string): { lat: number; lon: number; label: string } {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  const [lat, lon] = m ? [Number(m[1]), Number(m[2])] : [Number.NaN, Number.NaN];
  if (!m || Math.abs(lat) > 90 || Math.abs(lon) > 180)
    throw new UserError(
      `--reject-point takes LAT,LON in degrees, e.g. 49.2628,-123.1157; not '${text.slice(0, 40)}'`,
    );
  return { lat, lon, label: `a refused point (${lat},${lon})` };
}

/** Parses `column=field` pairs; the field must be a canonical one. */
export function parseMaps(pairs: string[]): Partial<Record<MappableField, string[]>> {
  const maps: Partial<Record<MappableField, string[]>> = {};
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    const column = normaliseName(pair.slice(0, Math.max(0, at)));
    const field = pair.slice(at + 1).trim() as MappableField;
    if (at <= 0 || !column)
      throw new UserError(`--map takes source_column=field, not '${pair.slice(0, 60)}'`);
    if (!MAPPABLE_FIELDS.includes(field)) {
      throw new UserError(
        `--map: '${field.slice(0, 40)}' is not a field; use one of ${MAPPABLE_FIELDS.join(', ')}`,
      );
    }
    maps[field] = [...(maps[field] ?? []), column];
  }
  return maps;
}

const dayFirstNote = (by: 'dates' | 'zone' | 'none', timeZone: string) =>
  by === 'dates'
    ? 'dates read day first (14/03/2026 is 14 March), as the file writes them'
    : `dates read day first (03/04/2026 is 3 April), as ${timeZone} writes them: no date in the first rows has a number past 12 to say which`;

const idColumnNote = (column: string) => {
  const name = column.slice(0, 40);
  return `no column is read as the id, so each incident's id is made from what it says: a record the source corrects later arrives as a new one, and an incident written on several rows (one per offence or victim) is stored once per row; the column '${name}' looks like the source's ids: --map "${name}=external_id" reads them (on a source's first import: afterwards each incident would be stored again under its own id)`;
};

/**
 * A reason without the value it quotes, for counting: "unreadable date '13/45'" → "unreadable date", and
 * a footer's ("Total: 3") left out; an apostrophe inside a word ("the report's") quotes nothing.
 */
const reasonKey = (r: Rejection) =>
  `${r.field}: ${r.reason.replace(/\s+'[^']*'?…?$/, '').replace(/\s*\("[^"]*"\)/, '')}`;

/** How to read the points the file itself says it is in, or why it cannot be done, with what to do. */
function declaredProjector(crs: string, format: string): Projector {
  try {
    return projectorFor(crs);
  } catch (error) {
    if (!isUserError(error)) throw error;
    const whose = format === 'shapefile' ? "the shapefile's .prj" : "the file's spatialReference";
    throw new UserError(
      `${error.message} (${whose} names it): name the points' system with --crs EPSG:n${format === 'shapefile' ? '' : ', or query the layer again with outSR=4326'}`,
    );
  }
}

export async function importFile(
  database: Database,
  request: ImportRequest,
  settings: ImportSettings,
): Promise<ImportResult> {
  const asked = request.profile ? findProfile(request.profile) : undefined;
  if (request.profile && !asked)
    throw new UserError(
      `unknown profile '${request.profile.slice(0, 40)}'; known: ${profileNames().join(', ')}`,
    );
  if (request.timeZone && !isTimeZone(request.timeZone))
    throw new UserError(`unknown time zone '${request.timeZone.slice(0, 40)}'`);
  let rows = 0;
  let bytes = 0;
  const bytesDigest = await fileDigest(request.path);
  const opened = await openInputFile(request.path, {
    fileName: request.fileName,
    contentType: request.contentType,
    ...(request.encoding ? { encoding: encodingNamed(request.encoding) } : {}),
    ...(request.sheet !== undefined ? { sheet: request.sheet } : {}),
    limits: settings.limits,
    onBytes: (b) => {
      bytes = b;
    },
  });
  const digest = partDigest(bytesDigest, opened.part);
  // The first rows say which known export this is, when nobody said. A file that cannot be read
  // at all is still recorded as a failed batch, with why.
  const { first, all } = await readAhead(opened.records).catch(async (error: unknown) => {
    await failedBatch(database, request, asked?.source ?? 'import', asked?.name ?? 'generic', error);
    throw error;
  });
  const asMapped = parseMaps(request.maps ?? []);
  const profile = profileOfFile(asked, first, asMapped, request.offence);
  const swapped = swappedAxes(profile, asMapped, first);
  const maps = swapped?.maps ?? asMapped;
  const source = (request.source ?? profile.source).trim();
  if (!/^[\w.-]{1,64}$/.test(source)) {
    throw new UserError('the source name must be 1 to 64 letters, digits, dots, dashes or underscores');
  }
  // Nothing to import is an error, not an import of nothing (a feed's withdrawals alone excepted).
  if (first.length === 0 && !request.withdraw?.length)
    throw new UserError(
      opened.format === 'csv'
        ? 'no rows found: the file has no line under its header; nothing was stored'
        : 'no records found in the file; nothing was stored',
    );
  const unread = unreadColumns(profile, maps, first);
  if (unread) throw new UserError(unread);
  // The analyst's own names are checked whole before anything is stored.
  const givenCategories = request.categoriesFile ? await readCategoryFile(request.categoriesFile) : undefined;
  const sourceCategories = new Map([
    ...(await storedCategories(database, source)),
    ...(givenCategories ?? new Map()),
  ]);
  const override = request.crs ? projectorFor(request.crs) : undefined;
  // A shapefile's own .prj (an ArcGIS query's spatialReference) says how to read its points, unless the
  // analyst says otherwise.
  let projector: Projector | undefined = override;
  if (!projector && opened.prj) projector = declaredProjector(opened.prj, opened.format);
  if (!projector && profile.crs) projector = projectorFor(profile.crs);
  // Without a jurisdiction, the incidents already stored say where this city is: a point far from all
  // of them is a wrong --crs or a geocoding error, not a new neighbourhood.
  const nearStored = settings.jurisdiction || profile.area ? undefined : await storedArea(database);
  const timeStyle = timeStyleOf(fieldValues(profile, maps, first, ['time']));
  const legacyIds = await categoryInMadeUpIds(database, source);
  const boundaries = settings.districtsFile ? await districtsInUse(settings.districtsFile) : undefined;
  const districtAt = boundaries ? districtLookup(boundaries.districts) : undefined;
  // Only a file that names districts needs the stored ones' spellings (a scan of the incidents).
  const districtSpellings = fieldValues(profile, maps, first, ['district']).some(
    (v) => v !== null && v !== '',
  )
    ? await storedDistrictSpellings(database)
    : undefined;
  const mapperFor = (timeZone: string, dateOrder?: DateOrder) =>
    createRowMapper({
      ...(dateOrder ? { dateOrder } : {}),
      timeStyle,
      profile,
      maps,
      sourceCategories,
      ...(nearStored ? { nearArea: nearStored } : {}),
      rejectPoints: (request.rejectPoints ?? []).map(parsePoint),
      source,
      timeZone,
      h3Resolution: settings.h3Resolution,
      projector,
      geometryIsLonLat: opened.format !== 'shapefile' && !opened.prj && !override,
      jurisdiction: settings.jurisdiction,
      now: request.now ?? new Date(),
      categoryInMadeUpIds: legacyIds,
      ...(districtAt ? { districtAt } : {}),
      ...(districtSpellings ? { districtSpellings } : {}),
    });
  // Local times are read in the zone named (--tz, the export's own), else, where the agency set none,
  // the zone of the place the incidents are in, else the agency's.
  let timeZone = request.timeZone ?? profile.timeZone;
  let zoneFound: string | undefined;
  if (!timeZone && settings.inferTimeZone) {
    const probe = mapperFor('UTC');
    const points = first.flatMap((e) => {
      if (isRawError(e)) return [];
      const m = probe(e);
      return 'incident' in m ? [m.incident] : [];
    });
    zoneFound = zoneOfPoints(points);
    timeZone = zoneFound;
  }
  timeZone ??= settings.timeZone;
  // Numeric dates (03/04/2026) in the order the file's own dates show, else as its zone writes them.
  const dates = request.dateOrder
    ? { order: request.dateOrder, by: 'asked' as const }
    : dateOrderOf(fieldValues(profile, maps, first, ['occurred_at', 'date']), timeZone);
  const map = mapperFor(timeZone, dates.order);

  const writer = await openIncidentWriter(database, {
    ...batchOf(request),
    source,
    profile: profile.name,
    contentHash: digest,
    // Real data is never mixed with the synthetic city, nor trained on beside it.
    replacesDemo: source !== DEMO_SOURCE,
    ...(givenCategories ? { categories: givenCategories } : {}),
    ...(request.withdraw?.length ? { withdraw: request.withdraw } : {}),
    // Where the agency set no zone, the one its data came in (named, the export's own, or found from
    // the place) becomes its clock: kept with the batch.
    ...(settings.inferTimeZone && (request.timeZone ?? profile.timeZone ?? zoneFound)
      ? { timeZoneFound: request.timeZone ?? profile.timeZone ?? zoneFound }
      : {}),
  });
  if (!request.dryRun) request.onBatch?.(writer.batchId);
  const errors: Rejection[] = [];
  const reasons: Record<string, number> = {};
  let rejected = 0;
  const batch = new EventRows();
  let rejections: Rejection[] = [];
  let inflight: Promise<void> = Promise.resolve();

  // Said when found, not when the analyst asked for it.
  const dayFirst = dates.order === 'day-first' && dates.by !== 'asked';
  const idColumn = unreadIdColumn(profile, maps, first);
  const tally = new ImportTally(
    timeZone,
    zoneFound,
    [
      ...(opened.note ? [opened.note] : []),
      ...(dayFirst ? [dayFirstNote(dates.by, timeZone)] : []),
      ...(idColumn ? [idColumnNote(idColumn)] : []),
      ...(swapped ? [swapped.note] : []),
      ...(boundaries?.problem ? [boundaries.problem] : []),
    ],
    unreadTimeColumn(profile, maps, first),
    () => unreadOffenceColumn(profile, maps, first),
    districtAt !== undefined,
    reportOnlyColumn(profile, maps, first),
  );
  const rejectRow = (r: Rejection) => {
    rejected++;
    if (errors.length < SUMMARY_ERRORS) errors.push(r);
    const key = reasonKey(r);
    reasons[key] = (reasons[key] ?? 0) + 1;
    rejections.push(r);
  };
  // Keep one COPY in flight while the next chunk is parsed: the database works while we read.
  const flush = async (all: boolean) => {
    await inflight;
    const [r, j] = [batch.take(all), rejections];
    rejections = [];
    inflight = writer.write(r, j);
    inflight.catch(() => {});
  };

  try {
    for await (const events of all) {
      if (request.signal?.aborted) throw new ImportCancelled();
      for (const event of events) {
        rows++;
        if (isRawError(event)) {
          rejectRow({ line: event.line, field: event.field ?? 'row', reason: event.error });
        } else {
          const mapped = map(event);
          if ('rejection' in mapped) rejectRow(mapped.rejection);
          else {
            batch.push(mapped.incident);
            tally.add(mapped.incident, mapped.byReport);
          }
        }
      }
      if (batch.length + rejections.length >= CHUNK) {
        await flush(false);
        request.onProgress?.({ bytes, rows });
      }
    }
    await flush(true);
    await inflight;
    if (request.signal?.aborted) throw new ImportCancelled();
    const result = await writer.commit(
      { received: rows, rejected, errors, reasons, folded: batch.folded, otherOffences: batch.otherOffences },
      sameFileGuard(digest, source, () => writer.acceptedSoFar(), rows),
    );
    // The dumps found: left out of lists and maps from now on (the batch is stored either way).
    if (!request.dryRun) {
      await notePlaceholders(database, source, tally.dumps(), settings.h3Resolution);
      forgetDistricts(database);
    }
    request.onProgress?.({ bytes, rows });
    return {
      received: rows,
      accepted: result.accepted,
      duplicates: result.duplicates,
      repeated: result.repeated,
      updated: result.updated,
      withdrawn: result.withdrawn,
      rejected,
      errors,
      // A dry run leaves no batch behind to name.
      ...(request.dryRun ? {} : { batchId: result.batchId }),
      ...(opened.encoding ? { encoding: opened.encoding } : {}),
      ...(result.demoRemoved ? { demoRemoved: result.demoRemoved } : {}),
      timeZone,
      ...(request.dryRun ? { dryRun: true } : {}),
      ...tally.summary(),
      reasons,
    };
  } catch (error) {
    await inflight.catch(() => {});
    await writer.abort(failureWords(error), {
      record: !(error instanceof ImportCancelled),
    });
    throw error;
  }
}
