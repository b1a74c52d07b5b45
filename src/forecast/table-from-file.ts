// An incident table straight from an export file, without a database: for backtests on a file.

import { UserError } from '../errors.ts';
import { projectorFor } from '../geo/projection.ts';
import type { TimePrecision } from '../ingest/categories.ts';
import { type DateOrder, dateOrderOf, timeStyleOf } from '../ingest/dates.ts';
import { fieldValues } from '../ingest/field-columns.ts';
import { encodingNamed } from '../ingest/formats/encoding.ts';
import { openInputFile } from '../ingest/formats/open-file.ts';
import { isRawError } from '../ingest/formats/record.ts';
import type { ImportSettings } from '../ingest/importer.ts';
import { parseMaps, parsePoint } from '../ingest/importer.ts';
import { createRowMapper } from '../ingest/map-row.ts';
import { findProfile, profileNames } from '../ingest/profiles.ts';
import { profileOfFile, readAhead } from '../ingest/read-ahead.ts';
import { unreadColumns } from '../ingest/unread-columns.ts';
import { isTimeZone } from '../time/zone.ts';
import { type IncidentTable, learnsFrom, tableFrom } from './history.ts';

export interface FileTableRequest {
  path: string;
  /** Absent: the known export whose columns the file has, else generic. */
  profile?: string;
  maps?: string[];
  crs?: string;
  timeZone?: string;
  encoding?: string;
  sheet?: string;
  dateOrder?: DateOrder;
  offence?: string;
  rejectPoints?: string[];
  origins: readonly string[];
  excludedCategories: readonly string[];
}

export async function tableFromFile(
  request: FileTableRequest,
  settings: ImportSettings,
): Promise<{ table: IncidentTable; rejected: number; districts: Map<string, string> }> {
  const asked = request.profile === undefined ? undefined : findProfile(request.profile);
  if (request.profile !== undefined && !asked)
    throw new UserError(`unknown profile '${request.profile}'; known: ${profileNames().join(', ')}`);
  if (request.timeZone !== undefined && !isTimeZone(request.timeZone))
    throw new UserError(`unknown time zone '${request.timeZone.slice(0, 40)}'`);
  const opened = await openInputFile(request.path, {
    limits: settings.limits,
    ...(request.encoding ? { encoding: encodingNamed(request.encoding) } : {}),
    ...(request.sheet !== undefined ? { sheet: request.sheet } : {}),
  });
  // As the import reads them: the known export the first rows' columns say, unless one was named.
  const { first, all } = await readAhead(opened.records);
  const maps = parseMaps(request.maps ?? []);
  const profile = profileOfFile(asked, first, maps, request.offence);
  const timeZone = request.timeZone ?? profile.timeZone ?? settings.timeZone;
  if (!isTimeZone(timeZone)) throw new UserError(`unknown time zone '${timeZone.slice(0, 40)}'`);
  const crs = request.crs ?? opened.prj ?? profile.crs;
  // A file none of whose columns is read as the date, the place or the offence is refused whole, as the
  // import refuses it, rather than every row one by one.
  const unread = unreadColumns(profile, maps, first);
  if (unread) throw new UserError(unread.replace(/; nothing was stored$/, ''));
  // Numeric dates in the order the first rows show, else the zone's.
  const dateOrder =
    request.dateOrder ??
    dateOrderOf(fieldValues(profile, maps, first, ['occurred_at', 'date']), timeZone).order;
  const map = createRowMapper({
    profile,
    maps,
    dateOrder,
    timeStyle: timeStyleOf(fieldValues(profile, maps, first, ['time'])),
    source: profile.source,
    timeZone,
    rejectPoints: (request.rejectPoints ?? []).map(parsePoint),
    h3Resolution: settings.h3Resolution,
    projector: crs ? projectorFor(crs) : undefined,
    geometryIsLonLat: opened.format !== 'shapefile' && !request.crs,
    jurisdiction: settings.jurisdiction,
    now: new Date(),
  });
  const seen = new Set<string>();
  const rows: {
    t: number;
    cell: string;
    category: string;
    lat: number;
    lon: number;
    precision: TimePrecision;
  }[] = [];
  // Each cell's district is the one most of its incidents name, as in the database.
  const named = new Map<string, Map<string, number>>();
  let rejected = 0;
  for await (const events of all) {
    for (const event of events) {
      if (isRawError(event)) {
        rejected++;
        continue;
      }
      const mapped = map(event);
      if ('rejection' in mapped) {
        rejected++;
        continue;
      }
      const i = mapped.incident;
      if (seen.has(i.externalId)) continue;
      seen.add(i.externalId);
      if (!learnsFrom(request, i)) continue;
      rows.push({
        t: i.occurredAt.getTime(),
        cell: i.cell,
        category: i.category,
        lat: i.lat,
        lon: i.lon,
        precision: i.timePrecision,
      });
      if (i.district) {
        const counts = named.get(i.cell) ?? new Map<string, number>();
        counts.set(i.district, (counts.get(i.district) ?? 0) + 1);
        named.set(i.cell, counts);
      }
    }
  }
  if (rows.length === 0)
    throw new UserError(
      `no incident in the file could be read (${rejected.toLocaleString('en-US')} rows refused); \`patrolcast import FILE --dry-run\` with the same options says why`,
    );
  rows.sort((a, b) => a.t - b.t || a.cell.localeCompare(b.cell));
  const districts = new Map<string, string>();
  for (const [cell, counts] of named) {
    const [top] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    districts.set(cell, top![0]);
  }
  return { table: tableFrom(rows, settings.h3Resolution), rejected, districts };
}
