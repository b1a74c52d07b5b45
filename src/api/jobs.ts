// GET /v1/jobs: each scheduled job, when it runs next, and how its last run ended.
import { createRoute, z } from '@hono/zod-openapi';
import type { TokenAuth } from '../auth/tokens.ts';
import type { Database } from '../db/client.ts';
import { type JobSchedule, jobStatuses } from '../schedule/job-schedule.ts';
import type { AuthEnv } from './auth.ts';
import { errors, GUARDED, json, routes, secured } from './route-kit.ts';

const jobsRoute = (auth: TokenAuth) =>
  createRoute({
    method: 'get',
    path: '/v1/jobs',
    summary: 'scheduled jobs: next run, last outcome',
    ...secured(auth, 'read'),
    responses: {
      200: json('the jobs', z.object({ jobs: z.array(z.record(z.string(), z.unknown())) })),
      ...errors(GUARDED),
    },
  });

export function jobRoutes(deps: { database: Database; jobs: JobSchedule[]; auth: TokenAuth }) {
  return routes<AuthEnv>().openapi(jobsRoute(deps.auth), async (c) =>
    c.json({ jobs: await jobStatuses(deps.database, deps.jobs) }, 200),
  );
}
