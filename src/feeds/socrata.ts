// Reading a Socrata (SODA 2) dataset: rows edited since a high-water mark, in pages, oldest edit first.
// Every page is checked: a page that is not a JSON array, the same page served twice, or an answer
// that is not 2xx is an error, and nothing of the run is stored. 429 is waited out (Retry-After).
import { UserError } from '../errors.ts';

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
}

export class FeedError extends UserError {}

/** A resource URL as Socrata serves it: http(s), ending in /resource/<4x4>.json. */
export function socrataUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(`"${text.slice(0, 80)}" is not a URL`);
  }
  if (!/^https?:$/.test(url.protocol) || !/\/resource\/[a-z0-9]{4}-[a-z0-9]{4}\.json$/i.test(url.pathname))
    throw new UserError(
      "a Socrata feed needs the dataset's resource URL, like https://data.cityofchicago.org/resource/ijzp-q8t2.json",
    );
  url.search = '';
  return url;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  for (;;) {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: {
          accept: 'application/json',
          ...(request.appToken ? { 'x-app-token': request.appToken } : {}),
        },
        signal: AbortSignal.timeout(request.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new FeedError(
        `the portal did not answer (${(error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message})`,
      );
    }
    if (response.status === 429) {
      // Told to wait: wait as long as asked, within the run's allowance.
      await response.body?.cancel();
      const asked = Number(response.headers.get('retry-after') ?? '5');
      const ms = Math.max(0, Number.isFinite(asked) ? asked * 1000 : 5000);
      if (waited.ms + ms > (request.maxWaitMs ?? 120_000))
        throw new FeedError(
          'the portal keeps refusing with 429 (too many requests): try again later, or set an app token',
        );
      waited.ms += ms;
      await sleep(ms);
      continue;
    }
    const text = await response.text();
    if (!response.ok)
      throw new FeedError(
        `the portal answered ${response.status}: ${text.replace(/\s+/g, ' ').slice(0, 200)}`,
      );
    let rows: unknown;
    try {
      rows = JSON.parse(text);
    } catch {
      throw new FeedError(`the portal's page at offset ${offset} is not JSON`);
    }
    if (!Array.isArray(rows) || rows.some((r) => typeof r !== 'object' || r === null || Array.isArray(r)))
      throw new FeedError(`the portal's page at offset ${offset} is not a list of rows`);
    return rows as SocrataRow[];
  }
}

/** Every row edited since the mark, page by page, and the newest edit time seen. */
export async function readSocrata(request: SocrataRequest): Promise<{ rows: SocrataRow[]; newest?: string }> {
  const size = request.pageSize ?? 1000;
  const rows: SocrataRow[] = [];
  const waited = { ms: 0 };
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
      rows.push(r);
    }
    if (got.length < size) return { rows, ...(newest ? { newest } : {}) };
  }
  if (rows.length >= size * (request.maxPages ?? 1000))
    throw new FeedError(`more than ${rows.length} rows changed since the last run: raise the page limit`);
  return { rows, ...(newest ? { newest } : {}) };
}

/**
 * The ids the source still publishes for incidents dated on or after `since` (the dataset's own date
 * field, in its floating local time): what a reconciliation compares the stored incidents with.
 */
export async function readSocrataIds(
  request: SocrataRequest & { idField: string; dateField: string; since: string },
): Promise<Set<string>> {
  const size = request.pageSize ?? 1000;
  const waited = { ms: 0 };
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
