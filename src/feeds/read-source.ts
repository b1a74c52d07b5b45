// What one run reads from a feed's source, whatever its protocol: the rows changed since the feed's
// mark (written to the run's sink page by page), the mark to keep once they are stored, and the
// stored records the source withdrew.
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
import type { RowSink } from './row-sink.ts';
import { readSocrata, readSocrataIds } from './socrata.ts';

export interface SourceRead {
  /** The feed's new mark, kept only once the rows are stored. */
  highWater: string | null;
  withdraw: string[];
  /** Column mappings the source itself implies (a layer's object id as the record id). */
  maps: string[];
}

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

/** What an ArcGIS or CKAN request carries: the URL, the run's patience and the token, if any. */
function portalRequest(feed: Feed, patience: Patience) {
  const token = tokenOf(feed);
  return { url: feed.url, patience, ...(token ? { token } : {}) };
}

export async function readSource(
  database: Database,
  feed: Feed,
  settings: ImportSettings,
  sink: RowSink,
): Promise<SourceRead> {
  const patience: Patience = { waited: { ms: 0 } };
  if (feed.kind === 'socrata') return readSocrataSource(database, feed, settings, sink, patience);
  if (feed.kind === 'arcgis') return readArcgisSource(database, feed, sink, patience);
  if (feed.kind === 'ckan') return readCkanSource(database, feed, settings, sink, patience);
  if (feed.kind === 'police-uk') {
    const read = await readPoliceUk(
      {
        force: feed.url,
        ...(feed.options.apiBase ? { base: feed.options.apiBase } : {}),
        ...(feed.highWater ? { since: feed.highWater } : {}),
        ...(feed.options.months ? { firstMonths: feed.options.months } : {}),
        patience,
      },
      (rows) => sink.write(rows),
    );
    return { highWater: read.newest ?? null, withdraw: [], maps: [] };
  }
  throw new Error(`a ${feed.kind} feed is not read here`);
}

async function readSocrataSource(
  database: Database,
  feed: Feed,
  settings: ImportSettings,
  sink: RowSink,
  patience: Patience,
): Promise<SourceRead> {
  const appToken = tokenOf(feed);
  const idField = feed.options.idField ?? columnFor(feed, 'external_id');
  sink.keepIds(idField);
  const { newest } = await readSocrata(
    {
      url: feed.url,
      ...(feed.highWater ? { since: feed.highWater } : {}),
      ...(appToken ? { appToken } : {}),
    },
    (rows) => sink.write(rows),
  );
  const dateField = feed.options.dateField ?? columnFor(feed, 'occurred_at');
  // The portal writes its dates as floating local times: the window's start is written the same way.
  const timeZone = feed.options.timeZone ?? profileOf(feed).timeZone ?? settings.timeZone;
  const withdraw =
    idField && dateField
      ? await withdrawnIds(database, {
          source: sourceOf(feed),
          options: feed.options,
          received: sink.ids,
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
  return { highWater: newest ?? feed.highWater, withdraw, maps: [] };
}

async function readArcgisSource(
  database: Database,
  feed: Feed,
  sink: RowSink,
  patience: Patience,
): Promise<SourceRead> {
  const request = portalRequest(feed, patience);
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
  const profileId = columnFor(feed, 'external_id', layer.columns);
  const idField = feed.options.idField ?? profileId ?? layer.objectIdField;
  sink.keepIds(idField);
  const { newestEdit } = await readArcgis({ ...request, layer, where }, (rows) => sink.write(rows));
  const withdraw = dateField
    ? await withdrawnIds(database, {
        source,
        options: feed.options,
        received: sink.ids,
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
  sink: RowSink,
  patience: Patience,
): Promise<SourceRead> {
  const request = portalRequest(feed, patience);
  const fields = await describeResource(request);
  const source = sourceOf(feed);
  const dateField = feed.options.dateField ?? columnFor(feed, 'occurred_at', fields.keys());
  const idField = feed.options.idField ?? columnFor(feed, 'external_id', fields.keys());
  // The whole resource the first time; after, the reconciliation window where the portal can say it.
  const since = feed.highWater ? await reconcileSince(database, source, feed.options) : undefined;
  const timeZone = feed.options.timeZone ?? profileOf(feed).timeZone ?? settings.timeZone;
  sink.keepIds(idField);
  const write = (rows: Record<string, unknown>[]) => sink.write(rows);
  const windowed =
    since && dateField && TIMESTAMP_TYPES.has(fields.get(dateField) ?? '')
      ? await readCkanSince(request, write, dateField, `${formatLocalMinute(since, timeZone)}:00`)
      : undefined;
  if (windowed === undefined) {
    // The portal may refuse SQL after a page or two: the whole resource is read from the start.
    sink.reset();
    await readCkan(request, write);
  }
  // What the run read is what the source publishes over the window (or over all of it).
  const withdraw =
    idField && dateField
      ? await withdrawnIds(database, {
          source,
          options: feed.options,
          received: sink.ids,
          published: async () => new Set(sink.ids),
        })
      : [];
  return { highWater: new Date().toISOString(), withdraw, maps: [] };
}
