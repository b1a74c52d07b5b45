// Reading a Socrata (SODA 2) dataset: rows edited since a high-water mark, in pages, oldest edit first.
// Every page is checked: a page that is not a JSON array, the same page served twice, or an answer
// that is not 2xx is an error, and nothing of the run is stored. 429 is waited out (Retry-After).
import { UserError } from '../errors.ts';
import { FeedError, fetchJson, sourceUrl } from './http-json.ts';

export { FeedError };

export type SocrataRow = Record<string, unknown>;

export interface SocrataRequest {
  /** The dataset's resource URL, e.g. https://data.cityofchicago.org/resource/ijzp-q8t2.json */
  url: string;
  /** Rows edited at or after this (`:updated_at`, as the portal writes it); all rows when absent. */
  since?: string;
  /** Sent as X-App-Token; never logged or stored. */
  appToken?: string;
  pageSize?: number;
  /** A run reads at most this many pages (pageSize × maxPages rows). */
  maxPages?: number;
  timeoutMs?: number;
  /** How long a 429 may make the run wait in all, in ms. */
  maxWaitMs?: number;
  /** What the run has waited so far, shared by its requests. */
  waited?: { ms: number };
}

/** Where a run hands each page of rows as it arrives, so that it never holds more than a page. */
export type OnPage = (rows: SocrataRow[]) => void;

/** A resource URL as Socrata serves it: http(s), ending in /resource/<4x4>.json. */
export function socrataUrl(text: string): URL {
  const url = sourceUrl(text);
  if (!/^https?:$/.test(url.protocol) || !/\/resource\/[a-z0-9]{4}-[a-z0-9]{4}\.json$/i.test(url.pathname))
    throw new UserError(
      "a Socrata feed needs the dataset's resource URL, like https://data.cityofchicago.org/resource/ijzp-q8t2.json",
    );
  url.search = '';
  return url;
}

const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;

async function page(
  request: SocrataRequest,
  query: Record<string, string>,
  offset: number,
  waited: { ms: number },
): Promise<SocrataRow[]> {
  const url = socrataUrl(request.url);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  url.searchParams.set('$limit', String(request.pageSize ?? 1000));
  url.searchParams.set('$offset', String(offset));
  const rows = await fetchJson(
    url,
    { headers: request.appToken ? { 'x-app-token': request.appToken } : {} },
    {
      waited,
      ...(request.timeoutMs ? { timeoutMs: request.timeoutMs } : {}),
      ...(request.maxWaitMs !== undefined ? { maxWaitMs: request.maxWaitMs } : {}),
    },
    'the portal',
  );
  if (!Array.isArray(rows) || rows.some((r) => typeof r !== 'object' || r === null || Array.isArray(r)))
    throw new FeedError(`the portal's page at offset ${offset} is not a list of rows`);
  return rows as SocrataRow[];
}

/** Every row edited since the mark, handed on page by page; how many, and the newest edit time seen. */
export async function readSocrata(
  request: SocrataRequest,
  onPage: OnPage,
): Promise<{ count: number; newest?: string }> {
  const size = request.pageSize ?? 1000;
  const waited = request.waited ?? { ms: 0 };
  let count = 0;
  let previousFirst: unknown;
  let newest: string | undefined;
  const query = {
    $select: ':*, *',
    ...(request.since ? { $where: `:updated_at >= ${quoted(request.since)}` } : {}),
    $order: ':updated_at, :id',
  };
  for (let n = 0; n < (request.maxPages ?? 1000); n++) {
    const got = await page(request, query, n * size, waited);
    if (got.length === 0) break;
    if (previousFirst !== undefined && got[0]![':id'] !== undefined && got[0]![':id'] === previousFirst)
      throw new FeedError(`the portal served the same page twice (offset ${n * size}): nothing was stored`);
    previousFirst = got[0]![':id'];
    for (const r of got) {
      const edited = r[':updated_at'];
      if (typeof edited === 'string' && (newest === undefined || edited > newest)) newest = edited;
    }
    onPage(got);
    count += got.length;
    if (got.length < size) return { count, ...(newest ? { newest } : {}) };
  }
  if (count >= size * (request.maxPages ?? 1000))
    throw new FeedError(`more than ${count} rows changed since the last run: raise the page limit`);
  return { count, ...(newest ? { newest } : {}) };
}

/**
 * The ids the source still publishes for incidents dated on or after `since` (the dataset's own date
 * field, in its floating local time): what a reconciliation compares the stored incidents with.
 */
export async function readSocrataIds(
  request: SocrataRequest & { idField: string; dateField: string; since: string },
): Promise<Set<string>> {
  const size = request.pageSize ?? 1000;
  const waited = request.waited ?? { ms: 0 };
  const ids = new Set<string>();
  const field = (name: string) => {
    if (!/^[a-z_][a-z0-9_]*$/i.test(name)) throw new UserError(`"${name.slice(0, 40)}" is not a field name`);
    return name;
  };
  const query = {
    $select: field(request.idField),
    $where: `${field(request.dateField)} >= ${quoted(request.since)}`,
    $order: field(request.idField),
  };
  for (let n = 0; n < (request.maxPages ?? 1000); n++) {
    const got = await page(request, query, n * size, waited);
    for (const r of got)
      if (r[request.idField] !== undefined && r[request.idField] !== null)
        ids.add(String(r[request.idField]));
    if (got.length < size) return ids;
  }
  throw new FeedError(`more than ${ids.size} records in the reconciliation window: shorten it`);
}
