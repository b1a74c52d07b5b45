// POST /v1/incidents and GET /v1/ingest/batches/:id: analysts' and systems' way to feed patrolcast.
import { Hono } from 'hono';
import { z } from 'zod';
import type { TokenAuth } from '../auth/tokens.ts';
import type { Database } from '../db/client.ts';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../db/unavailable.ts';
import { isUserError } from '../errors.ts';
import { batchDetail } from '../ingest/batches.ts';
import { type ImportSettings, importFile } from '../ingest/importer.ts';
import { profileNames } from '../ingest/profiles.ts';
import { requireScope } from './auth.ts';
import { queryProblem } from './query-problem.ts';
import { BodyTooLargeError, spoolUpload } from './upload.ts';

export interface IngestDeps {
  database: Database;
  settings: ImportSettings;
  auth: TokenAuth;
  maxBodyBytes: number;
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
  dry_run: z.enum(['true', 'false']).optional(),
  reject_point: z.array(text(60)).max(20).optional(),
  map: z.array(text(200)).max(50).optional(),
});

const batchId = z.uuid();

export function ingestRoutes(deps: IngestDeps): Hono {
  const app = new Hono();
  app.use('/v1/incidents', requireScope(deps.auth, 'ingest'));
  app.use('/v1/ingest/*', requireScope(deps.auth, 'read'));

  app.post('/v1/incidents', async (c) => {
    const query = importQuery.safeParse({
      ...c.req.query(),
      map: c.req.queries('map'),
      reject_point: c.req.queries('reject_point'),
    });
    if (!query.success) {
      return c.json({ error: queryProblem(query.error) }, 400);
    }
    let upload: Awaited<ReturnType<typeof spoolUpload>> | undefined;
    try {
      upload = await spoolUpload(c.req.raw, deps.maxBodyBytes);
      const result = await importFile(
        deps.database,
        {
          path: upload.path,
          fileName: upload.fileName,
          contentType: upload.contentType,
          profile: query.data.profile,
          maps: query.data.map,
          crs: query.data.crs,
          encoding: query.data.encoding,
          dryRun: query.data.dry_run === 'true',
          rejectPoints: query.data.reject_point ?? [],
          timeZone: query.data.tz,
          source: query.data.source,
          actor: 'api',
        },
        deps.settings,
      );
      const { reasons: _reasons, ...summary } = result;
      return c.json(summary, 200);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return c.json({ error: error.message }, 413);
      if (isUserError(error)) return c.json({ error: error.message }, 400);
      if (isDatabaseUnavailable(error)) {
        c.header('Retry-After', String(RETRY_AFTER_SECONDS));
        return c.json({ error: 'the database is unavailable; nothing was stored; try again shortly' }, 503);
      }
      throw error;
    } finally {
      await upload?.remove();
    }
  });

  app.get('/v1/ingest/batches/:id', async (c) => {
    const id = batchId.safeParse(c.req.param('id'));
    if (!id.success) return c.json({ error: 'not a batch id' }, 400);
    const batch = await batchDetail(deps.database, id.data);
    if (!batch) return c.json({ error: 'no such batch' }, 404);
    return c.json(batch);
  });

  return app;
}
