// The HTTP API: one Hono app, assembled from route groups.
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type { Database } from '../db/client.ts';
import type { ForecastSettings } from '../forecast/settings.ts';
import type { ImportSettings } from '../ingest/importer.ts';
import type { Logger } from '../log.ts';
import type { JobSchedule } from '../schedule/job-schedule.ts';
import { healthRoutes } from './health.ts';
import { hotspotRoutes } from './hotspots.ts';
import { ingestRoutes } from './ingest.ts';
import { jobRoutes } from './jobs.ts';

export interface ApiDeps {
  database: Database;
  log: Logger;
  importSettings: ImportSettings;
  apiToken: string | undefined;
  maxBodyBytes: number;
  forecastSettings: ForecastSettings;
  /** The scheduled jobs, for GET /v1/jobs and /readyz. */
  jobs?: JobSchedule[];
}

type Env = { Variables: { requestId: string } };

export function createApi(deps: ApiDeps): Hono<Env> {
  const app = new Hono<Env>();
  app.use(async (c, next) => {
    const requestId = randomUUID();
    c.set('requestId', requestId);
    c.header('X-Request-Id', requestId);
    await next();
  });
  app.route(
    '/',
    healthRoutes(
      deps.database,
      (deps.jobs ?? []).map((j) => j.name),
    ),
  );
  app.route('/', jobRoutes({ database: deps.database, jobs: deps.jobs ?? [], apiToken: deps.apiToken }));
  app.route(
    '/',
    ingestRoutes({
      database: deps.database,
      settings: deps.importSettings,
      apiToken: deps.apiToken,
      maxBodyBytes: deps.maxBodyBytes,
    }),
  );
  app.route(
    '/',
    hotspotRoutes({ database: deps.database, settings: deps.forecastSettings, apiToken: deps.apiToken }),
  );
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((error, c) => {
    const requestId = c.get('requestId');
    deps.log.error({ err: error, path: c.req.path, requestId }, 'request failed');
    return c.json({ error: `internal error (request ${requestId})` }, 500);
  });
  return app;
}
