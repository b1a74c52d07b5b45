// Liveness and readiness, for load balancers and orchestrators.
import { createRoute, z } from '@hono/zod-openapi';
import type { Database } from '../db/client.ts';
import { appliedMigrations, shippedMigrations } from '../db/migrate.ts';
import { withDeadline } from '../db/unavailable.ts';
import { feedLags } from '../feeds/feed-lag.ts';
import { listFeeds } from '../feeds/feed-store.ts';
import { jobHistory } from '../schedule/job-runs.ts';
import { FAILING_AFTER } from '../schedule/job-schedule.ts';
import type { AuditGaps } from './audit.ts';
import { json, routes } from './route-kit.ts';

const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  summary: 'liveness',
  responses: { 200: json('the process is up', z.object({ status: z.literal('ok') })) },
});

const readiness = z.looseObject({ status: z.string() });
const readyz = createRoute({
  method: 'get',
  path: '/readyz',
  summary: 'readiness: database, migrations, failing jobs and feeds',
  responses: {
    200: json('ready (or degraded: a job keeps failing, or a run stalled)', readiness),
    503: json('not ready: the database is unreachable or not migrated', readiness),
  },
});

export function healthRoutes(database: Database, jobNames: string[] = [], auditGaps?: AuditGaps) {
  const app = routes();
  const shipped = shippedMigrations();

  app.openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200));

  app.openapi(readyz, async (c) => {
    try {
      const applied = await withDeadline(appliedMigrations(database), 2000, 'the readiness check');
      const ready = applied >= shipped;
      if (!ready)
        return c.json({ status: 'unavailable', database: 'ok', migrations: { applied, shipped } }, 503);
      // A job failing again and again is reported, but the replica still serves: every replica shares
      // the jobs, so taking them all out of rotation would turn a failing retrain into an outage.
      const history = (await withDeadline(jobHistory(database), 2000, 'the job history')).filter((j) =>
        jobNames.includes(j.name),
      );
      const failing = history
        .filter((j) => j.consecutiveFailures >= FAILING_AFTER)
        .map((j) => ({ name: j.name, consecutiveFailures: j.consecutiveFailures, lastError: j.lastError }));
      // A run whose replica died holding it, not yet taken over by another.
      const stalled = history.filter((j) => j.lastStatus === 'stalled').map((j) => j.name);
      // Calls whose audit entry could not be written after the answer (reads, refusals: they changed
      // nothing). The replica still serves, but an operator must look.
      const gaps = auditGaps?.count ?? 0;
      // A feed that keeps failing: the answers will go stale; the replica still serves.
      const feeds = await withDeadline(listFeeds(database), 2000, 'the feeds');
      const lags = await withDeadline(feedLags(database, feeds), 2000, 'the feeds');
      const failingFeeds = feeds
        .filter((f) => !f.paused && f.failures >= FAILING_AFTER)
        .map((f) => ({
          name: f.name,
          failures: f.failures,
          lastError: f.lastError,
          lastSuccessAt: f.lastSuccessAt,
        }));
      // How far behind each feed's data are: its source's newest incident.
      const feedLag = feeds.map((f) => ({
        name: f.name,
        newestIncident: lags.get(f.name)?.newest ?? null,
        lagHours: lags.get(f.name)?.hours === null ? null : Math.round(lags.get(f.name)!.hours!),
      }));
      return c.json(
        {
          status: failing.length || stalled.length || gaps || failingFeeds.length ? 'degraded' : 'ok',
          database: 'ok',
          migrations: { applied, shipped },
          ...(failing.length ? { failingJobs: failing } : {}),
          ...(stalled.length ? { stalledJobs: stalled } : {}),
          ...(gaps ? { auditGaps: { count: gaps, last: auditGaps?.last } } : {}),
          ...(failingFeeds.length ? { failingFeeds } : {}),
          ...(feedLag.length ? { feeds: feedLag } : {}),
        },
        200,
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return c.json({ status: 'unavailable', database: 'unreachable', reason }, 503);
    }
  });
  return app;
}
