// The HTTP API: one Hono app, assembled from route groups.
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { RateLimiter } from '../auth/rate-limit.ts';
import type { Database } from '../db/client.ts';
import type { ForecastSettings } from '../forecast/settings.ts';
import type { ImportSettings } from '../ingest/importer.ts';
import type { Logger } from '../log.ts';
import type { JobSchedule } from '../schedule/job-schedule.ts';
import { auditCalls, auditRoutes } from './audit.ts';
import type { AuthEnv } from './auth.ts';
import { healthRoutes } from './health.ts';
import { hotspotRoutes } from './hotspots.ts';
import { ingestRoutes } from './ingest.ts';
import { jobRoutes } from './jobs.ts';
import { openApiRoutes } from './openapi.ts';

export interface ApiDeps {
  database: Database;
  log: Logger;
  importSettings: ImportSettings;
  /** PATROLCAST_API_TOKEN: a settings token with every scope, for setting up; tokens are created with the CLI. */
  apiToken: string | undefined;
  maxBodyBytes: number;
  forecastSettings: ForecastSettings;
  /** Requests per minute per token (0 or absent: no limit). */
  ratePerMinute?: number;
  /** The scheduled jobs, for GET /v1/jobs and /readyz. */
  jobs?: JobSchedule[];
}

export function createApi(deps: ApiDeps): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const auth = {
    database: deps.database,
    bootstrapToken: deps.apiToken,
    limiter: new RateLimiter(deps.ratePerMinute ?? 0),
  };
  app.use(async (c, next) => {
    const requestId = randomUUID();
    c.set('requestId', requestId);
    c.header('X-Request-Id', requestId);
    await next();
  });
  // Security headers on every response; no CORS headers, so browsers on other sites cannot call it.
  app.use(secureHeaders());
  app.use('/v1/*', auditCalls(deps.database, deps.log));
  app.route('/', auditRoutes({ database: deps.database, auth }));
  app.route('/', openApiRoutes());
  app.route(
    '/',
    healthRoutes(
      deps.database,
      (deps.jobs ?? []).map((j) => j.name),
    ),
  );
  app.route('/', jobRoutes({ database: deps.database, jobs: deps.jobs ?? [], auth }));
  app.route(
    '/',
    ingestRoutes({
      database: deps.database,
      settings: deps.importSettings,
      auth,
      maxBodyBytes: deps.maxBodyBytes,
    }),
  );
  app.route('/', hotspotRoutes({ database: deps.database, settings: deps.forecastSettings, auth }));
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((error, c) => {
    const requestId = c.get('requestId');
    deps.log.error({ err: error, path: c.req.path, requestId }, 'request failed');
    return c.json({ error: `internal error (request ${requestId})` }, 500);
  });
  return app;
}
