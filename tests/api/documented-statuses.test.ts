// What the routes answer is what /v1/openapi.json says they answer: each status met here, for each
// route, is in the document generated from the routes' declarations.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createToken } from '../../src/auth/tokens.ts';
import type { Database } from '../../src/db/client.ts';
import { authorised, testApi } from '../helpers/api.ts';
import { disposableDatabase } from '../helpers/databases.ts';

type Document = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };

let database: Database;
let dispose: () => Promise<void>;
let api: ReturnType<typeof testApi>;
let readOnly: string;
let document: Document;

beforeAll(async () => {
  ({ database, dispose } = await disposableDatabase('pglite'));
  api = testApi(database, { maxBodyBytes: 1024 });
  readOnly = await createToken(database, 'reader', ['read']);
  document = (await (await api.request('/v1/openapi.json')).json()) as Document;
});

afterAll(() => dispose?.());

const asReader = () => ({ authorization: `Bearer ${readOnly}` });

// [what is asked, method, url, documented path, headers, body, the status it must get]
const cases: [string, string, string, string, () => Record<string, string>, string | undefined, number][] = [
  ['no token', 'GET', '/v1/models', '/v1/models', () => ({}), undefined, 401],
  ['a token without the scope', 'GET', '/v1/audit', '/v1/audit', asReader, undefined, 403],
  ['a bad query', 'GET', '/v1/audit?limit=0', '/v1/audit', authorised, undefined, 400],
  [
    'hotspots with no model yet',
    'GET',
    '/v1/hotspots.geojson',
    '/v1/hotspots.geojson',
    authorised,
    undefined,
    409,
  ],
  [
    'hotspots for an unreadable date',
    'GET',
    '/v1/hotspots.geojson?at=2026-13-40',
    '/v1/hotspots.geojson',
    authorised,
    undefined,
    400,
  ],
  [
    'fairness with no model yet',
    'GET',
    '/v1/reports/fairness',
    '/v1/reports/fairness',
    authorised,
    undefined,
    409,
  ],
  [
    'fairness for a period the wrong way round',
    'GET',
    '/v1/reports/fairness?from=2026-01-10&to=2026-01-01',
    '/v1/reports/fairness',
    authorised,
    undefined,
    400,
  ],
  [
    'a batch that does not exist',
    'GET',
    '/v1/ingest/batches/0b8a4c53-8a52-4b1e-9a36-2f7f3f1f0c11',
    '/v1/ingest/batches/{id}',
    authorised,
    undefined,
    404,
  ],
  [
    'a batch id that is no id',
    'GET',
    '/v1/ingest/batches/nope',
    '/v1/ingest/batches/{id}',
    authorised,
    undefined,
    400,
  ],
  [
    'an empty import',
    'POST',
    '/v1/incidents',
    '/v1/incidents',
    () => authorised({ 'content-type': 'text/csv' }),
    '',
    400,
  ],
  [
    'an import over the size limit',
    'POST',
    '/v1/incidents',
    '/v1/incidents',
    () => authorised({ 'content-type': 'text/csv' }),
    'x'.repeat(4096),
    413,
  ],
  ['the models', 'GET', '/v1/models', '/v1/models', authorised, undefined, 200],
  ['the jobs', 'GET', '/v1/jobs', '/v1/jobs', authorised, undefined, 200],
  ['liveness', 'GET', '/healthz', '/healthz', () => ({}), undefined, 200],
  ['readiness', 'GET', '/readyz', '/readyz', () => ({}), undefined, 200],
];

describe('every status a route answers is in the document', () => {
  test.each(cases)('%s: %s %s', async (_what, method, url, path, headers, body, status) => {
    const response = await api.request(url, {
      method,
      headers: headers(),
      ...(body === undefined ? {} : { body }),
    });
    expect(response.status).toBe(status);
    const declared = Object.keys(document.paths[path]![method.toLowerCase()]!.responses);
    expect(declared).toContain(String(status));
  });

  test('every route behind a token documents 401, 403, 429 and 503, and says which scope it needs', () => {
    for (const [path, methods] of Object.entries(document.paths)) {
      if (!path.startsWith('/v1/') || path === '/v1/openapi.json') continue;
      for (const operation of Object.values(methods) as { responses: object; security?: unknown[] }[]) {
        expect(Object.keys(operation.responses)).toEqual(
          expect.arrayContaining(['401', '403', '429', '503']),
        );
        expect(operation.security).toHaveLength(1);
      }
    }
  });
});
