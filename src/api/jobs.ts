// GET /v1/jobs: each scheduled job, when it runs next, and how its last run ended.
import { Hono } from 'hono';
import type { TokenAuth } from '../auth/tokens.ts';
import type { Database } from '../db/client.ts';
import { type JobSchedule, jobStatuses } from '../schedule/job-schedule.ts';
import { requireScope } from './auth.ts';

export function jobRoutes(deps: { database: Database; jobs: JobSchedule[]; auth: TokenAuth }): Hono {
  const app = new Hono();
  app.use('/v1/jobs', requireScope(deps.auth, 'read'));
  app.get('/v1/jobs', async (c) => c.json({ jobs: await jobStatuses(deps.database, deps.jobs) }));
  return app;
}
