// The HTTP API: one Hono app, assembled from route groups.

import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { type AccuracySettings, DEFAULT_ACCURACY } from '../accuracy/settings.ts';
import { RateLimiter } from '../auth/rate-limit.ts';
import { limiterFor } from '../auth/shared-rate-limit.ts';
import type { Database } from '../db/client.ts';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../db/unavailable.ts';
import { AuditUnwritable, isUserError } from '../errors.ts';
import { RetrainQueue } from '../forecast/retrain-queue.ts';
import type { ForecastSettings } from '../forecast/settings.ts';
import type { ImportSettings } from '../ingest/importer.ts';
import { ImportCancelled } from '../ingest/importer.ts';
import type { Logger } from '../log.ts';
import type { JobSchedule } from '../schedule/job-schedule.ts';
import { admission } from './admission.ts';
import { AuditGaps, auditCalls, auditRoutes } from './audit.ts';
import type { AuthEnv } from './auth.ts';
import { feedRoutes } from './feeds.ts';
import { healthRoutes } from './health.ts';
import { hotspotRoutes } from './hotspots.ts';
import { ingestRoutes } from './ingest.ts';
import { jobRoutes } from './jobs.ts';
import { modelRoutes } from './models.ts';
import { describeApi } from './openapi.ts';
import { placesLeftOutRoutes } from './places-left-out.ts';
import { planRoutes } from './plans.ts';
import { reportRoutes } from './reports.ts';

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
  /** Refusals (no token, a wrong one) per minute per address before 429s without audit rows (0: no limit). */
  refusalsPerMinute?: number;
  /** The scheduled jobs, for GET /v1/jobs and /readyz. */
  jobs?: JobSchedule[];
  /** Shared with the chat commands so that one training runs at a time. */
  retrain?: RetrainQueue;
  /** Web origins allowed to call the API from a browser (none by default: no CORS headers at all). */
  corsOrigins?: string[];
  /** Live scoring and drift, for the monthly report (defaults when unset). */
  accuracy?: AccuracySettings;
}

/**
 * /v1 requests started per turn of the event loop, and waiting. Four a turn keep a core busy while a
 * turn stays a few milliseconds long (npm run bench:load: /healthz p99 20 ms under 50 connections).
 */
const ADMISSION = { perTurn: 4, queued: 2000 };

/** Only POST /v1/incidents takes a body of any size; anything else sending more is refused. */
const SMALL_BODY_BYTES = 64 * 1024;

/** One line for an answer that is not a 2xx: its request id, route, status and why (the answer's own words). */
async function logRefusal(c: Context<AuthEnv>, log: Logger): Promise<void> {
  let reason: string | undefined;
  try {
    const body = (await c.res.clone().json()) as { error?: unknown };
    if (typeof body.error === 'string') reason = body.error;
  } catch {
    // Not a JSON answer: the status says it.
  }
  const line = {
    requestId: c.get('requestId'),
    method: c.req.method,
    route: c.req.routePath === '/*' ? c.req.path : c.req.routePath,
    status: c.res.status,
    ...(reason ? { reason } : {}),
    ...(c.error ? { err: c.error } : {}),
  };
  if (c.res.status >= 500) log.error(line, 'request failed');
  else log.warn(line, 'request refused');
}

export function createApi(deps: ApiDeps): OpenAPIHono<AuthEnv> {
  const app = new OpenAPIHono<AuthEnv>();
  const auth = {
    database: deps.database,
    bootstrapToken: deps.apiToken,
    limiter: limiterFor(deps.database, deps.ratePerMinute ?? 0),
    // A caller without a valid token gets a few tries a minute, then 429s that write no audit rows.
    anonymous: new RateLimiter(
      deps.refusalsPerMinute ?? 0,
      Math.max(1, Math.ceil((deps.refusalsPerMinute ?? 0) / 2)),
    ),
  };
  const gaps = new AuditGaps();
  app.use(async (c, next) => {
    const requestId = randomUUID();
    c.set('requestId', requestId);
    c.header('X-Request-Id', requestId);
    await next();
    // Every answer that is not a 2xx leaves one line, so the id a client was given leads somewhere.
    if (c.res.status >= 400) await logRefusal(c, deps.log);
  });
  // Security headers on every response. Without configured origins no CORS headers are sent, so pages on
  // other sites cannot call the API from a browser.
  app.use(secureHeaders());
  const origins = deps.corsOrigins ?? [];
  if (origins.length > 0) {
    app.use(
      '/v1/*',
      cors({
        origin: origins,
        allowHeaders: ['Authorization', 'Content-Type'],
        allowMethods: ['GET', 'POST'],
        maxAge: 600,
      }),
    );
  }
  const smallBody = bodyLimit({
    maxSize: SMALL_BODY_BYTES,
    onError: (ctx) => ctx.json({ error: `the body is larger than ${SMALL_BODY_BYTES / 1024} KB` }, 413),
  });
  app.use((c, next) => (c.req.path === '/v1/incidents' ? next() : smallBody(c, next)));
  app.use('/v1/*', admission(ADMISSION));
  app.use('/v1/*', auditCalls(deps.database, deps.log, gaps));
  app.route('/', auditRoutes({ database: deps.database, auth }));
  app.route(
    '/',
    healthRoutes(
      deps.database,
      (deps.jobs ?? []).map((j) => j.name),
      gaps,
    ),
  );
  app.route('/', jobRoutes({ database: deps.database, jobs: deps.jobs ?? [], auth }));
  const retrain = deps.retrain ?? RetrainQueue.for(deps.database, deps.forecastSettings, deps.log);
  app.route(
    '/',
    ingestRoutes({
      database: deps.database,
      settings: deps.importSettings,
      auth,
      maxBodyBytes: deps.maxBodyBytes,
      retrain,
      log: deps.log,
    }),
  );
  app.route('/', modelRoutes({ database: deps.database, auth, log: deps.log, retrain }));
  app.route(
    '/',
    reportRoutes({
      database: deps.database,
      settings: deps.forecastSettings,
      accuracy: deps.accuracy ?? DEFAULT_ACCURACY,
      auth,
    }),
  );
  app.route('/', feedRoutes({ database: deps.database, settings: deps.importSettings, auth, retrain }));
  app.route('/', planRoutes({ database: deps.database, settings: deps.forecastSettings, auth }));
  app.route('/', placesLeftOutRoutes({ database: deps.database, auth }));
  app.route('/', hotspotRoutes({ database: deps.database, settings: deps.forecastSettings, auth }));
  describeApi(app);
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  // Mapped here once; the line in the log is written by the request's own middleware (logRefusal), which
  // finds the error in c.error.
  app.onError((error, c) => {
    const requestId = c.get('requestId');
    if (isDatabaseUnavailable(error) || error instanceof AuditUnwritable) {
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      const what =
        error instanceof AuditUnwritable ? error.message : 'the database is unavailable; nothing was changed';
      return c.json({ error: `${what}; try again shortly (request ${requestId})` }, 503);
    }
    // Nobody is left to read it; the audit log keeps that the import was undone.
    if (error instanceof ImportCancelled) return c.json({ error: error.message }, 400);
    // A user error's status says what kind it is (400, 409, 413).
    if (isUserError(error)) return c.json({ error: error.message }, error.status);
    if (error instanceof HTTPException) return c.json({ error: error.message }, error.status);
    return c.json({ error: `internal error (request ${requestId})` }, 500);
  });
  return app;
}
