// Reading an ArcGIS FeatureServer layer through Esri's own client: the layer's description first (its
// object id, date and edit-date fields), then pages of features in a stable order until the server
// says nothing is left (`exceededTransferLimit` false). Dates arrive as epoch milliseconds and are
// handed on as UTC instants; points are asked for in WGS 84. An error object, a page served twice or
// a page that stops short is a FeedError, and nothing of the run is stored.

import type { IFeature, IQueryFeaturesResponse } from '@esri/arcgis-rest-feature-service';
import { getLayer, type ILayerDefinition, queryFeatures } from '@esri/arcgis-rest-feature-service';
import { UserError } from '../errors.ts';
import { FeedError, type Patience, politeFetch, sourceUrl } from './http-json.ts';

export type ArcgisRow = Record<string, string | number | boolean | null>;

/** A layer URL as ArcGIS serves it: http(s), ending in /FeatureServer/<n> or /MapServer/<n>. */
export function arcgisLayerUrl(text: string): string {
  const url = sourceUrl(text);
  const path = url.pathname.replace(/\/+$/, '');
  if (!/^https?:$/.test(url.protocol) || !/\/(FeatureServer|MapServer)\/\d+$/i.test(path))
    throw new UserError(
      'an ArcGIS feed needs the layer URL, like https://services.arcgis.com/…/arcgis/rest/services/Crimes/FeatureServer/0',
    );
  return `${url.origin}${path}`;
}

export interface ArcgisLayer {
  url: string;
  objectIdField: string;
  /** The field the layer stamps each edit with, when it tracks edits. */
  editDateField?: string;
  dateFields: Set<string>;
  /** The columns a row of the layer has: its fields, and the point's latitude and longitude. */
  columns: string[];
  pageSize: number;
}

export interface ArcgisRequest {
  url: string;
  patience: Patience;
  /** Sent as the token parameter; never logged or stored. */
  token?: string;
}

/** What the client needs to use our fetch (timeouts, 429s) and the token, for every request. */
function clientOptions(request: ArcgisRequest) {
  return {
    fetch: (input: string | URL | Request, init?: RequestInit) =>
      politeFetch(input instanceof Request ? input.url : input, init ?? {}, request.patience, 'the layer'),
    ...(request.token ? { params: { token: request.token } } : {}),
  };
}

/** The client's errors (an error object in a 200 answer, an HTTP failure) in the feed's words. */
function asFeedError(error: unknown): never {
  if (error instanceof FeedError) throw error;
  const e = error as { message?: string; originalMessage?: string; code?: unknown };
  const code = e.code === undefined || e.code === null ? '' : ` ${String(e.code)}`;
  throw new FeedError(
    `the layer answered with error${code}: ${String(e.originalMessage ?? e.message ?? error).slice(0, 200)}`,
  );
}

export async function describeLayer(request: ArcgisRequest): Promise<ArcgisLayer> {
  const layer: ILayerDefinition = await getLayer({ url: request.url, ...clientOptions(request) }).catch(
    asFeedError,
  );
  const fields = layer.fields ?? [];
  const objectIdField =
    layer.objectIdField ?? fields.find((f) => f.type === 'esriFieldTypeOID')?.name ?? undefined;
  if (!objectIdField) throw new FeedError('the layer names no object id field: it cannot be read in pages');
  const editDateField = layer.editFieldsInfo?.editDateField;
  return {
    url: request.url,
    objectIdField,
    ...(editDateField ? { editDateField } : {}),
    dateFields: new Set(fields.filter((f) => f.type === 'esriFieldTypeDate').map((f) => f.name)),
    columns: [...fields.map((f) => f.name), 'latitude', 'longitude'],
    pageSize: Math.min(2000, Math.max(1, layer.maxRecordCount ?? 1000)),
  };
}

/** An instant as ArcGIS's standard SQL reads it (UTC). */
export const sqlTimestamp = (at: Date) => `TIMESTAMP '${at.toISOString().slice(0, 19).replace('T', ' ')}'`;

/** A feature as the importer reads a row: dates as UTC instants, the point as latitude/longitude. */
function rowOf(feature: IFeature, layer: ArcgisLayer): ArcgisRow {
  const row: ArcgisRow = {};
  for (const [k, v] of Object.entries(feature.attributes ?? {})) {
    if (layer.dateFields.has(k) && typeof v === 'number') row[k] = new Date(v).toISOString();
    else if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) row[k] = v as string;
  }
  const g = feature.geometry as { x?: unknown; y?: unknown } | undefined;
  if (g && typeof g.x === 'number' && typeof g.y === 'number') {
    if (!('latitude' in row)) row.latitude = g.y;
    if (!('longitude' in row)) row.longitude = g.x;
  }
  return row;
}

/**
 * Every feature matching `where`, handed on page by page in object-id order (after the edit date, if
 * any); how many, and the newest edit seen.
 */
export async function readArcgis(
  request: ArcgisRequest & { layer: ArcgisLayer; where: string; maxPages?: number },
  onPage: (rows: ArcgisRow[]) => void,
): Promise<{ count: number; newestEdit?: number }> {
  const { layer } = request;
  const order = [layer.editDateField, layer.objectIdField]
    .filter(Boolean)
    .map((f) => `${f} ASC`)
    .join(', ');
  let count = 0;
  let newestEdit: number | undefined;
  let previousFirst: unknown;
  for (let n = 0; n < (request.maxPages ?? 1000); n++) {
    const page = (await queryFeatures({
      url: layer.url,
      where: request.where,
      outFields: '*',
      outSR: '4326',
      orderByFields: order,
      resultOffset: count,
      resultRecordCount: layer.pageSize,
      ...clientOptions(request),
    }).catch(asFeedError)) as IQueryFeaturesResponse;
    const features = Array.isArray(page.features) ? page.features : undefined;
    if (!features) throw new FeedError(`the layer's page at offset ${count} holds no features list`);
    const first = features[0]?.attributes?.[layer.objectIdField];
    if (first !== undefined && first === previousFirst)
      throw new FeedError(`the layer served the same page twice (offset ${count}): nothing was stored`);
    previousFirst = first;
    for (const f of features) {
      const edited = layer.editDateField ? f.attributes?.[layer.editDateField] : undefined;
      if (typeof edited === 'number' && (newestEdit === undefined || edited > newestEdit))
        newestEdit = edited;
    }
    onPage(features.map((f) => rowOf(f, layer)));
    count += features.length;
    if (!page.exceededTransferLimit) return { count, ...(newestEdit !== undefined ? { newestEdit } : {}) };
    if (features.length === 0)
      throw new FeedError(`the layer said more features follow offset ${count} but sent none`);
  }
  throw new FeedError(`more than ${count} features changed since the last run: raise the page limit`);
}

/** The values of one field the layer still holds for features dated at or after `since`. */
export async function readArcgisIds(
  request: ArcgisRequest & { layer: ArcgisLayer; idField: string; dateField: string; since: Date },
): Promise<Set<string>> {
  const { layer } = request;
  const where = `${field(request.dateField)} >= ${sqlTimestamp(request.since)}`;
  const ids = new Set<string>();
  if (request.idField === layer.objectIdField) {
    // The object ids come in one answer, without paging.
    const answer = (await queryFeatures({
      url: layer.url,
      where,
      returnIdsOnly: true,
      ...clientOptions(request),
    }).catch(asFeedError)) as { objectIds?: unknown };
    if (!Array.isArray(answer.objectIds)) throw new FeedError("the layer's list of ids holds no objectIds");
    for (const id of answer.objectIds) ids.add(String(id));
    return ids;
  }
  for (let offset = 0, n = 0; n < 1000; n++) {
    const page = (await queryFeatures({
      url: layer.url,
      where,
      outFields: [field(request.idField)],
      returnGeometry: false,
      orderByFields: `${layer.objectIdField} ASC`,
      resultOffset: offset,
      resultRecordCount: layer.pageSize,
      ...clientOptions(request),
    }).catch(asFeedError)) as IQueryFeaturesResponse;
    for (const f of page.features ?? []) {
      const v = f.attributes?.[request.idField];
      if (v !== undefined && v !== null) ids.add(String(v));
    }
    offset += page.features?.length ?? 0;
    if (!page.exceededTransferLimit) return ids;
  }
  throw new FeedError(`more than ${ids.size} records in the reconciliation window: shorten it`);
}

const field = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/i.test(name)) throw new UserError(`"${name.slice(0, 40)}" is not a field name`);
  return name;
};
