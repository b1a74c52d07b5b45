// Reading a CKAN DataStore resource (the portal software of Boston, Toronto, Canada, Brazil and many
// more): its fields first (`datastore_search` with no rows), then pages of records in `_id` order until
// the resource's total is read. CKAN keeps no edit stamps, so the first run reads the whole resource;
// later runs read the reconciliation window through `datastore_search_sql` where the portal allows it
// and the date field is a real timestamp, else the whole resource again (the importer tells changed
// rows from unchanged). `_id` is the DataStore's row number, renumbered when a portal reloads the
// resource, so it is never taken for the record's id. An answer that is not a success, a page that
// repeats or stops short is a FeedError, and nothing of the run is stored.
import { UserError } from '../errors.ts';
import { FeedError, type Patience, politeFetch, SourceStatusError, sourceUrl } from './http-json.ts';

export type CkanRow = Record<string, unknown>;

const RESOURCE_ID = /^[a-z0-9][a-z0-9-]{1,99}$/i;

/**
 * The resource's DataStore URL, `…/api/3/action/datastore_search?resource_id=…`, from that URL or
 * from the resource's page on the portal (`…/dataset/<name>/resource/<id>`).
 */
export function ckanResourceUrl(text: string): string {
  const url = sourceUrl(text);
  const refuse = () => {
    throw new UserError(
      "a CKAN feed needs the resource's page or DataStore URL, like https://data.boston.gov/dataset/<name>/resource/<id> or https://…/api/3/action/datastore_search?resource_id=<id>",
    );
  };
  if (!/^https?:$/.test(url.protocol)) refuse();
  const page = /^(.*?)\/dataset\/[^/]+\/resource\/([^/]+)\/?$/.exec(url.pathname);
  const api = /^(.*?)\/api\/(?:3\/)?action\/datastore_search(?:_sql)?\/?$/.exec(url.pathname);
  const prefix = page?.[1] ?? api?.[1];
  const id = page?.[2] ?? url.searchParams.get('resource_id') ?? undefined;
  if (prefix === undefined || !id || !RESOURCE_ID.test(id)) refuse();
  return `${url.origin}${prefix}/api/3/action/datastore_search?resource_id=${id}`;
}

interface Resource {
  search: URL;
  sql: URL;
  id: string;
}

function resourceOf(url: string): Resource {
  const search = new URL(ckanResourceUrl(url));
  const id = search.searchParams.get('resource_id')!;
  const sql = new URL(search);
  sql.pathname = `${sql.pathname}_sql`;
  sql.search = '';
  return { search, sql, id };
}

export interface CkanRequest {
  url: string;
  patience: Patience;
  /** Sent as the Authorization header, as CKAN takes an API token; never logged or stored. */
  token?: string;
  pageSize?: number;
  /** A run reads at most this many pages. */
  maxPages?: number;
}

/**
 * A CKAN answer's result. Anything else is a SourceStatusError in the portal's own words: CKAN puts
 * them in the body ({success: false, error: {message}}), with a 4xx or 5xx status or, from some
 * portals, a 200.
 */
async function result(request: CkanRequest, url: URL): Promise<Record<string, unknown>> {
  const response = await politeFetch(
    url,
    { headers: { accept: 'application/json', ...(request.token ? { authorization: request.token } : {}) } },
    request.patience,
    'the portal',
  );
  const text = await response.text();
  let answer: { success?: unknown; result?: unknown; error?: { message?: unknown } } | undefined;
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    answer = undefined;
  }
  if (response.ok && answer?.success === true && typeof answer.result === 'object' && answer.result !== null)
    return answer.result as Record<string, unknown>;
  const said =
    typeof answer?.error?.message === 'string'
      ? answer.error.message
      : answer
        ? 'no success'
        : `something that is not JSON: ${text.replace(/\s+/g, ' ')}`;
  throw new SourceStatusError(
    response.status,
    `the portal answered ${response.status}: ${said.slice(0, 200)}`,
  );
}

/** The portal's records from a result, checked to be a list of rows. */
function recordsOf(result: Record<string, unknown>, offset: number): CkanRow[] {
  const records = result.records;
  if (!Array.isArray(records) || records.some((r) => typeof r !== 'object' || r === null || Array.isArray(r)))
    throw new FeedError(`the portal's page at offset ${offset} is not a list of records`);
  return records as CkanRow[];
}

/** The resource's fields and their DataStore types ("text", "timestamp", "numeric", …). */
export async function describeResource(request: CkanRequest): Promise<Map<string, string>> {
  const url = new URL(resourceOf(request.url).search);
  url.searchParams.set('limit', '0');
  const fields = (await result(request, url)).fields;
  if (!Array.isArray(fields)) throw new FeedError("the portal's answer lists no fields");
  const out = new Map<string, string>();
  for (const f of fields as { id?: unknown; type?: unknown }[])
    if (typeof f?.id === 'string') out.set(f.id, typeof f.type === 'string' ? f.type : 'text');
  return out;
}

/** The DataStore's own columns, which say nothing of the incident. */
const own = (row: CkanRow): CkanRow => {
  const { _id: _i, _full_text: _f, rank: _r, ...rest } = row;
  return rest;
};

/**
 * Pages of a query, offset by what each page held (a portal caps a page below what was asked), each
 * handed on as it arrives; how many records in all.
 */
async function readPages(
  request: CkanRequest,
  onPage: (rows: CkanRow[]) => void,
  pageUrl: (offset: number, limit: number) => URL,
  total: (result: Record<string, unknown>) => number | undefined,
): Promise<number> {
  const limit = request.pageSize ?? 10_000;
  let count = 0;
  let lastId: unknown;
  for (let n = 0; n < (request.maxPages ?? 1000); n++) {
    const answer = await result(request, pageUrl(count, limit));
    const got = recordsOf(answer, count);
    const expected = total(answer);
    if (got.length === 0) {
      if (expected !== undefined && count < expected)
        throw new FeedError(
          `the portal stopped at ${count} of the ${expected} records it holds: nothing was stored`,
        );
      return count;
    }
    // In `_id` order every page starts past the last: a page that does not was served twice.
    if (lastId !== undefined && got[0]!._id !== undefined && Number(got[0]!._id) <= Number(lastId))
      throw new FeedError(`the portal served the same page twice (offset ${count}): nothing was stored`);
    lastId = got[got.length - 1]!._id;
    onPage(got.map(own));
    count += got.length;
    if (expected !== undefined && count >= expected) return count;
  }
  throw new FeedError(`more than ${count} records to read in one run: raise the page limit`);
}

/** Every record of the resource, in `_id` order, handed on page by page; how many. */
export function readCkan(request: CkanRequest, onPage: (rows: CkanRow[]) => void): Promise<number> {
  const { search } = resourceOf(request.url);
  return readPages(
    request,
    onPage,
    (offset, limit) => {
      const url = new URL(search);
      url.searchParams.set('limit', String(limit));
      url.searchParams.set('offset', String(offset));
      url.searchParams.set('sort', '_id asc');
      return url;
    },
    // A large table's total may be an estimate (CKAN 2.10's total_estimation_threshold): read to the end.
    (r) => (typeof r.total === 'number' && r.total_was_estimated !== true ? r.total : undefined),
  );
}

const quotedName = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The records dated on or after `since` by a timestamp field, through the SQL action, handed on page
 * by page; how many, or undefined when the portal does not allow it (many turn it off), so the caller
 * reads the whole resource instead.
 */
export async function readCkanSince(
  request: CkanRequest,
  onPage: (rows: CkanRow[]) => void,
  dateField: string,
  /** "YYYY-MM-DD HH:MM:SS", as the resource writes its times (floating local times, most of them). */
  at: string,
): Promise<number | undefined> {
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(at)) throw new Error(`not a timestamp: ${at}`);
  const { sql, id } = resourceOf(request.url);
  try {
    return await readPages(
      request,
      onPage,
      (offset, limit) => {
        const url = new URL(sql);
        url.searchParams.set(
          'sql',
          `SELECT * FROM ${quotedName(id)} WHERE ${quotedName(dateField)} >= '${at}' ORDER BY "_id" LIMIT ${limit} OFFSET ${offset}`,
        );
        return url;
      },
      () => undefined,
    );
  } catch (error) {
    // Refused or unknown (403, 400, 404, 409: "not authorized", "Action name not known"): no SQL here.
    if (error instanceof SourceStatusError && [400, 403, 404, 409].includes(error.sourceStatus))
      return undefined;
    throw error;
  }
}
