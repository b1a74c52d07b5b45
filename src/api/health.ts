// Liveness and readiness, for load balancers and orchestrators.
import { Hono } from 'hono';
import type { Database } from '../db/client.ts';
import { appliedMigrations, shippedMigrations } from '../db/migrate.ts';
import { withDeadline } from '../db/unavailable.ts';
import { jobHistory } from '../schedule/job-runs.ts';
import { FAILING_AFTER } from '../schedule/job-schedule.ts';

export function healthRoutes(database: Database, jobNames: string[] = []): Hono {
  const app = new Hono();
  const shipped = shippedMigrations();

  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  app.get('/readyz', async (c) => {
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
      return c.json({
        status: failing.length || stalled.length ? 'degraded' : 'ok',
        database: 'ok',
        migrations: { applied, shipped },
        ...(failing.length ? { failingJobs: failing } : {}),
        ...(stalled.length ? { stalledJobs: stalled } : {}),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return c.json({ status: 'unavailable', database: 'unreachable', reason }, 503);
    }
  });
  return app;
}
