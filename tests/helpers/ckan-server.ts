// A loopback server that speaks enough of CKAN's Action API for a feed: `datastore_search` (resource_id,
// limit capped at the portal's rows_max, offset, sort by _id; `fields` and `total`), and
// `datastore_search_sql` for the one shape a feed sends (SELECT * FROM "id" WHERE "field" >= '…'
// ORDER BY "_id" LIMIT n OFFSET m), or 403 where the portal turns SQL off; answers in CKAN's envelope
// ({help, success, result} or {success: false, error}).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeLoopback, listenLoopback } from './loopback.ts';

export type Row = Record<string, string | number | null>;

export interface Resource {
  fields: { id: string; type: string }[];
  /** Rows without `_id`: the DataStore numbers them, from 1, as it loads them. */
  rows: Row[];
  sql: boolean;
}

export class CkanServer {
  readonly resources = new Map<string, Resource>();
  /** The portal's rows_max: a page never holds more. */
  rowsMax = 100;
  /** Answer this many searches with an internal error before answering again. */
  errors = 0;
  /** Answer this many SQL pages, then refuse SQL as a portal that turns it off does. */
  sqlPages = Number.POSITIVE_INFINITY;
  readonly requests: URL[] = [];
  private server: Server | undefined;

  private get origin() {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** The resource's page on the portal, as an analyst copies it from the browser. */
  pageUrl(id: string): string {
    return `${this.origin}/dataset/crime-incident-reports/resource/${id}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      this.requests.push(url);
      const send = (status: number, body: object) => {
        res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
        res.end(JSON.stringify({ help: `${this.origin}/api/3/action/help_show`, ...body }));
      };
      const fail = (status: number, type: string, message: string) =>
        send(status, { success: false, error: { __type: type, message } });
      const numbered = (r: Resource): Row[] => r.rows.map((row, i) => ({ _id: i + 1, ...row }));
      const page = (rows: Row[], offset: number, limit: number) =>
        rows.slice(offset, offset + Math.min(limit, this.rowsMax));
      if (url.pathname === '/api/3/action/datastore_search') {
        const resource = this.resources.get(url.searchParams.get('resource_id') ?? '');
        if (!resource) return fail(404, 'Not Found Error', 'Resource "…" was not found.');
        if (this.errors > 0) {
          this.errors--;
          return fail(500, 'Internal Server Error', 'Internal Server Error');
        }
        const sort = url.searchParams.get('sort');
        if (sort !== null && sort !== '_id asc') return fail(409, 'Validation Error', 'bad sort');
        const offset = Number(url.searchParams.get('offset') ?? 0);
        const limit = Number(url.searchParams.get('limit') ?? 100);
        return send(200, {
          success: true,
          result: {
            resource_id: url.searchParams.get('resource_id'),
            fields: [{ id: '_id', type: 'int' }, ...resource.fields],
            // Numbered as served, so that a large resource costs the portal a page, not a copy of itself.
            records: page(resource.rows, offset, limit).map((row, i) => ({ _id: offset + i + 1, ...row })),
            total: resource.rows.length,
            limit,
            offset,
            _links: { start: url.pathname },
          },
        });
      }
      if (url.pathname === '/api/3/action/datastore_search_sql') {
        const m =
          /^SELECT \* FROM "([^"]+)" WHERE "([^"]+)" >= '(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})' ORDER BY "_id" LIMIT (\d+) OFFSET (\d+)$/.exec(
            url.searchParams.get('sql') ?? '',
          );
        const resource = m ? this.resources.get(m[1]!) : undefined;
        if (resource?.sql && this.sqlPages-- <= 0) resource.sql = false;
        if (resource && !resource.sql)
          return fail(
            403,
            'Authorization Error',
            'Access denied: Action datastore_search_sql requires an authenticated user',
          );
        if (!m || !resource) return fail(409, 'Validation Error', 'sql: query could not be parsed');
        const since = m[3]!.replace(' ', 'T');
        const matching = numbered(resource).filter((r) => String(r[m[2]!] ?? '') >= since);
        return send(200, {
          success: true,
          result: {
            sql: url.searchParams.get('sql'),
            fields: [{ id: '_id', type: 'int' }, ...resource.fields],
            records: page(matching, Number(m[5]), Number(m[4])),
          },
        });
      }
      fail(400, 'Bad request', 'Bad request - Action name not known');
    });
    await listenLoopback(this.server);
  }

  stop(): Promise<void> {
    return closeLoopback(this.server);
  }
}
