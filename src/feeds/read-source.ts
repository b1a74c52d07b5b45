// What one run reads from a feed's source, whatever its protocol: the rows changed since the feed's
// mark, the mark to keep once they are stored, and the stored records the source withdrew.
import { readFileSync } from 'node:fs';
import type { Database } from '../db/client.ts';
import type { ImportSettings } from '../ingest/importer.ts';
import { findProfile, normaliseName, type Profile } from '../ingest/profiles.ts';
import { formatLocalMinute } from '../time/zone.ts';
import { describeLayer, readArcgis, readArcgisIds, sqlTimestamp } from './arcgis.ts';
import { describeResource, readCkan, readCkanSince } from './ckan.ts';
import { type Feed, sourceOf } from './feed-store.ts';
import type { Patience } from './http-json.ts';
import { readPoliceUk } from './police-uk.ts';
import { reconcileSince, withdrawnIds } from './reconcile.ts';
import { readSocrata, readSocrataIds } from './socrata.ts';

export interface SourceRead {
  rows: Record<string, unknown>[];
  /** The feed's new mark, kept only once the rows are stored. */
  highWater: string | null;
  withdraw: string[];
  /** Column mappings the source itself implies (a layer's object id as the record id). */
  maps: string[];
}

/** A row as the importer reads it: nested values (a portal's location object) left out. */
const flat = (row: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(row).filter(([, v]) => v === null || typeof v !== 'object'));

const profileOf = (feed: Feed): Profile =>
  findProfile(feed.options.profile ?? 'generic') ?? findProfile('generic')!;

/** The source's column that carries a field: the analyst's --map first, then the profile's names. */
function columnFor(feed: Feed, field: string, present?: Iterable<string>): string | undefined {
  const mapped = (feed.options.maps ?? []).find((m) => m.slice(m.lastIndexOf('=') + 1).trim() === field);
  if (mapped) return mapped.slice(0, mapped.lastIndexOf('=')).trim();
  const names = (profileOf(feed).columns as Record<string, readonly string[] | undefined>)[field] ?? [];
  if (!present) return names[0];
  const byNorm = new Map([...present].map((p) => [normaliseName(p), p]));
  for (const n of names) {
    const hit = byNorm.get(normaliseName(n));
    if (hit) return hit;
  }
  return undefined;
}

const tokenOf = (feed: Feed) =>
  feed.options.appTokenFile ? readFileSync(feed.options.appTokenFile, 'utf8').trim() : undefined;

export async function readSource(
  database: Database,
  feed: Feed,
  settings: ImportSettings,
): Promise<SourceRead> {
  const patience: Patience = { waited: { ms: 0 } };
  if (feed.kind === 'socrata') return readSocrataSource(database, feed, settings, patience);
  if (feed.kind === 'arcgis') return readArcgisSource(database, feed, patience);
  if (feed.kind === 'ckan') return readCkanSource(database, feed, settings, patience);
  if (feed.kind === 'police-uk') {
    const read = await readPoliceUk({
      force: feed.url,
      ...(feed.options.apiBase ? { base: feed.options.apiBase } : {}),
      ...(feed.highWater ? { since: feed.highWater } : {}),
      ...(feed.options.months ? { firstMonths: feed.options.months } : {}),
      patience,
    });
    return { rows: read.rows, highWater: read.newest ?? null, withdraw: [], maps: [] };
  }
  throw new Error(`a ${feed.kind} feed is not read here`);
}

async function readSocrataSource(
  database: Database,
  feed: Feed,
  settings: ImportSettings,
  patience: Patience,
): Promise<SourceRead> {
  const appToken = tokenOf(feed);
  const { rows, newest } = await readSocrata({
    url: feed.url,
    ...(feed.highWater ? { since: feed.highWater } : {}),
    ...(appToken ? { appToken } : {}),
  });
  const idField = feed.options.idField ?? columnFor(feed, 'external_id');
  const dateField = feed.options.dateField ?? columnFor(feed, 'occurred_at');
  // The portal writes its dates as floating local times: the window's start is written the same way.
  const timeZone = feed.options.timeZone ?? profileOf(feed).timeZone ?? settings.timeZone;
  const withdraw =
    idField && dateField
      ? await withdrawnIds(database, {
          source: sourceOf(feed),
          options: feed.options,
          received: rows.flatMap((r) => (r[idField] === undefined ? [] : [String(r[idField])])),
          published: (since) =>
            readSocrataIds({
              url: feed.url,
              idField,
              dateField,
              since: `${formatLocalMinute(since, timeZone).replace(' ', 'T')}:00.000`,
              ...(appToken ? { appToken } : {}),
              waited: patience.waited,
            }),
        })
      : [];
  return { rows: rows.map(flat), highWater: newest ?? feed.highWater, withdraw, maps: [] };
}

async function readArcgisSource(database: Database, feed: Feed, patience: Patience): Promise<SourceRead> {
  const token = tokenOf(feed);
  const request = { url: feed.url, patience, ...(token ? { token } : {}) };
  const layer = await describeLayer(request);
  const source = sourceOf(feed);
  const dateField = feed.options.dateField ?? columnFor(feed, 'occurred_at', layer.dateFields);
  // A layer that stamps its edits is read from the last edit seen; one that does not is read whole
  // the first time, then over the reconciliation window, where the importer tells changed from unchanged.
  let where = '1=1';
  if (layer.editDateField && feed.highWater)
    where = `${layer.editDateField} >= ${sqlTimestamp(new Date(feed.highWater))}`;
  else if (!layer.editDateField && feed.highWater && dateField) {
    const since = await reconcileSince(database, source, feed.options);
    if (since) where = `${dateField} >= ${sqlTimestamp(since)}`;
  }
  const { rows, newestEdit } = await readArcgis({ ...request, layer, where });
  const profileId = columnFor(feed, 'external_id', rows[0] ? Object.keys(rows[0]) : undefined);
  const idField = feed.options.idField ?? profileId ?? layer.objectIdField;
  const withdraw = dateField
    ? await withdrawnIds(database, {
        source,
        options: feed.options,
        received: rows.flatMap((r) => (r[idField] === undefined ? [] : [String(r[idField])])),
        published: (since) => readArcgisIds({ ...request, layer, idField, dateField, since }),
      })
    : [];
  const highWater =
    newestEdit !== undefined
      ? new Date(newestEdit).toISOString()
      : layer.editDateField
        ? feed.highWater
        : new Date().toISOString();
  return {
    rows,
    highWater,
    withdraw,
    maps: profileId || feed.options.idField ? [] : [`${layer.objectIdField}=external_id`],
  };
}

/** The DataStore types that compare as instants in SQL (a text column of dates may not). */
const TIMESTAMP_TYPES = new Set(['timestamp', 'timestamptz', 'date']);

async function readCkanSource(
  database: Database,
  feed: Feed,
  settings: ImportSettings,
  patience: Patience,
): Promise<SourceRead> {
  const token = tokenOf(feed);
  const request = { url: feed.url, patience, ...(token ? { token } : {}) };
  const fields = await describeResource(request);
  const source = sourceOf(feed);
  const dateField = feed.options.dateField ?? columnFor(feed, 'occurred_at', fields.keys());
  const idField = feed.options.idField ?? columnFor(feed, 'external_id', fields.keys());
  // The whole resource the first time; after, the reconciliation window where the portal can say it.
  const since = feed.highWater ? await reconcileSince(database, source, feed.options) : undefined;
  const timeZone = feed.options.timeZone ?? profileOf(feed).timeZone ?? settings.timeZone;
  const windowed =
    since && dateField && TIMESTAMP_TYPES.has(fields.get(dateField) ?? '')
      ? await readCkanSince(request, dateField, `${formatLocalMinute(since, timeZone)}:00`)
      : undefined;
  const rows = windowed ?? (await readCkan(request));
  // What the run read is what the source publishes over the window (or over all of it).
  const read = idField
    ? rows.flatMap((r) => (r[idField] === undefined || r[idField] === null ? [] : [String(r[idField])]))
    : [];
  const withdraw =
    idField && dateField
      ? await withdrawnIds(database, {
          source,
          options: feed.options,
          received: read,
          published: async () => new Set(read),
        })
      : [];
  return { rows: rows.map(flat), highWater: new Date().toISOString(), withdraw, maps: [] };
}
