// GET /v1/jobs: each scheduled job, when it runs next, and how its last run ended.
import { Hono } from 'hono';
import type { Database } from '../db/client.ts';
import { type JobSchedule, jobStatuses } from '../schedule/job-schedule.ts';
import { requireBearer } from './bearer.ts';

export function jobRoutes(deps: {
  database: Database;
  jobs: JobSchedule[];
  apiToken: string | undefined;
}): Hono {
  const app = new Hono();
  app.use('/v1/jobs', requireBearer(deps.apiToken));
  app.get('/v1/jobs', async (c) => c.json({ jobs: await jobStatuses(deps.database, deps.jobs) }));
  return app;
}
