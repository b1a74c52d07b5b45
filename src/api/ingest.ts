// POST /v1/incidents and GET /v1/ingest/batches/:id: analysts' and systems' way to feed patrolcast.
import { createRoute, z } from '@hono/zod-openapi';
import { type TokenAuth, tokenActor } from '../auth/tokens.ts';
import type { Database } from '../db/client.ts';
import { trainOnFirstRealData } from '../forecast/first-real-data.ts';
import type { RetrainQueue } from '../forecast/retrain-queue.ts';
import { batchDetail, deleteBatch } from '../ingest/batches.ts';
import { DATE_ORDERS } from '../ingest/dates.ts';
import { type ImportSettings, importFile } from '../ingest/importer.ts';
import { profileNames } from '../ingest/profiles.ts';
import type { Logger } from '../log.ts';
import { auditEntryOf } from './audit.ts';
import type { AuthEnv } from './auth.ts';
import { inQueryTerms, withQueryTerms } from './query-terms.ts';
import { errors, GUARDED, json, routes, secured } from './route-kit.ts';
import { spoolUpload } from './upload.ts';

export interface IngestDeps {
  database: Database;
  settings: ImportSettings;
  auth: TokenAuth;
  maxBodyBytes: number;
  /** The first real import queues a training on it: no demo answer is given for real data. */
  retrain: RetrainQueue;
  log: Logger;
}

const text = (max: number) => z.string().trim().min(1).max(max);

export const importQuery = z.object({
  profile: z.enum(profileNames() as [string, ...string[]]).optional(),
  source: text(64)
    .regex(/^[\w.-]+$/, 'letters, digits, dots, dashes or underscores')
    .optional(),
  tz: text(64).optional(),
  crs: text(2000).optional(),
  encoding: text(40).optional(),
  // An Excel workbook's sheet, by its tab's name; its largest when absent.
  sheet: text(100).optional(),
  date_order: z.enum(DATE_ORDERS).optional(),
  // The offence every row is, for a one-offence extract with no offence column.
  offence: text(100).optional(),
  dry_run: z.enum(['true', 'false']).optional(),
  // Repeatable: one value arrives as a string, several as a list.
  reject_point: z.union([text(60), z.array(text(60)).max(20)]).optional(),
  map: z.union([text(200), z.array(text(200)).max(50)]).optional(),
});

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : typeof value === 'string' ? [value] : value;

// The file is read as a stream, not by a validator: its media types are described, not checked here.
const file = { schema: { type: 'string' as const, format: 'binary' } };

const importRoute = (auth: TokenAuth) =>
  createRoute({
    method: 'post',
    path: '/v1/incidents',
    summary:
      'import incidents (CSV, JSON, NDJSON, GeoJSON, Excel workbooks, zipped shapefiles; gzip too), as the body or a multipart file',
    ...secured(auth, 'ingest'),
    request: {
      query: importQuery,
      body: {
        required: true,
        content: {
          'text/csv': file,
          'application/json': file,
          'application/x-ndjson': file,
          'application/zip': file,
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': file,
          'multipart/form-data': file,
        },
      },
    },
    responses: {
      200: json('the import summary', z.record(z.string(), z.unknown())),
      ...errors([400, 413, ...GUARDED], { 503: 'the database is unavailable; nothing was stored' }),
    },
  });

const batchRoute = (auth: TokenAuth) =>
  createRoute({
    method: 'get',
    path: '/v1/ingest/batches/{id}',
    summary: 'one import batch, with every rejected row and why',
    ...secured(auth, 'read'),
    request: { params: z.object({ id: z.uuid() }) },
    responses: {
      200: json('the batch', z.record(z.string(), z.unknown())),
      ...errors([400, 404, ...GUARDED], { 404: 'no such batch' }),
    },
  });

const deleteBatchRoute = (auth: TokenAuth) =>
  createRoute({
    method: 'delete',
    path: '/v1/ingest/batches/{id}',
    summary: 'undo an import: every incident it stored is removed, so the file can be imported again',
    ...secured(auth, 'ingest'),
    request: { params: z.object({ id: z.uuid() }) },
    responses: {
      200: json('what was removed', z.object({ batch: z.string(), source: z.string(), removed: z.number() })),
      ...errors([400, ...GUARDED], { 400: 'no such batch, one deleted already, or one still importing' }),
    },
  });

export function ingestRoutes(deps: IngestDeps) {
  const app = routes<AuthEnv>();
  app.openapi(importRoute(deps.auth), async (c) => {
    const query = c.req.valid('query');
    const dryRun = query.dry_run === 'true';
    let upload: Awaited<ReturnType<typeof spoolUpload>> | undefined;
    // An import is one transaction: a failure (onError's 503 when the database is away) stores nothing.
    try {
      // A body that is too large, empty or unreadable, or a file refused, is a UserError: onError
      // answers it with its status (413 or 400).
      upload = await spoolUpload(c.req.raw, deps.maxBodyBytes);
      const result = await importFile(
        deps.database,
        {
          path: upload.path,
          fileName: upload.fileName,
          contentType: upload.contentType,
          profile: query.profile,
          maps: list(query.map),
          crs: query.crs,
          encoding: query.encoding,
          ...(query.sheet ? { sheet: query.sheet } : {}),
          ...(query.date_order ? { dateOrder: query.date_order } : {}),
          ...(query.offence ? { offence: query.offence } : {}),
          dryRun,
          rejectPoints: list(query.reject_point),
          timeZone: query.tz,
          source: query.source,
          actor: tokenActor(c.get('principal')!),
          // A client that hangs up mid-import cancels it: rolled back, no batch left behind.
          signal: c.req.raw.signal,
          // Committed with the batch: an import whose entry cannot be written stores nothing (503).
          ...(dryRun ? {} : { audit: auditEntryOf(c, '200') }),
        },
        deps.settings,
      ).catch((error: unknown) => {
        throw withQueryTerms(error);
      });
      if (!dryRun) c.set('audited', true);
      const { reasons: _reasons, ...read } = result;
      // Worded for this API: query parameters where the command line has flags.
      const summary = {
        ...read,
        warnings: read.warnings.map(inQueryTerms),
        errors: read.errors.map((e) => ({ ...e, reason: inQueryTerms(e.reason) })),
      };
      if (result.demoRemoved) {
        const training = trainOnFirstRealData(deps.retrain, tokenActor(c.get('principal')!));
        return c.json({ ...summary, training }, 200);
      }
      return c.json(summary, 200);
    } finally {
      await upload?.remove();
    }
  });

  app.openapi(deleteBatchRoute(deps.auth), async (c) => {
    const id = c.req.valid('param').id;
    // The entry commits with the removal, or neither happens (503).
    const { action: _a, ...entry } = auditEntryOf(c, 'ok');
    const { removed, source } = await deleteBatch(deps.database, id, {
      ...entry,
      action: 'batch delete',
      params: { batch: id },
    });
    c.set('audited', true);
    return c.json({ batch: id, source, removed }, 200);
  });

  app.openapi(batchRoute(deps.auth), async (c) => {
    const batch = await batchDetail(deps.database, c.req.valid('param').id);
    if (!batch) return c.json({ error: 'no such batch' }, 404);
    return c.json(batch, 200);
  });
  return app;
}
