// GET /v1/reports/fairness: the fairness report for the active model over past days.
import { Hono } from 'hono';
import { z } from 'zod';
import type { TokenAuth } from '../auth/tokens.ts';
import type { Database } from '../db/client.ts';
import { isUserError } from '../errors.ts';
import { fairnessForPeriod, reportDays } from '../fairness/fairness-service.ts';
import { withWarnings } from '../fairness/warnings.ts';
import type { ForecastSettings } from '../forecast/settings.ts';
import { parseDate } from '../time/zone.ts';
import { requireScope } from './auth.ts';
import { queryProblem } from './query-problem.ts';

const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
  .transform((v, ctx) => {
    const date = parseDate(v);
    if (date) return date;
    ctx.addIssue({ code: 'custom', message: 'is not a date' });
    return z.NEVER;
  });

export const fairnessQuery = z.object({
  from: localDate.optional().describe('first local date (default: 28 days before to)'),
  to: localDate.optional().describe('last local date (default: yesterday)'),
});

export function reportRoutes(deps: {
  database: Database;
  settings: ForecastSettings;
  auth: TokenAuth;
}): Hono {
  const app = new Hono();
  app.get('/v1/reports/fairness', requireScope(deps.auth, 'read'), async (c) => {
    const query = fairnessQuery.safeParse(c.req.query());
    if (!query.success) {
      return c.json({ error: queryProblem(query.error) }, 400);
    }
    let period: ReturnType<typeof reportDays>;
    try {
      period = reportDays(query.data, new Date(), deps.settings.timeZone);
    } catch (error) {
      if (isUserError(error)) return c.json({ error: error.message }, 400);
      throw error;
    }
    try {
      const report = await fairnessForPeriod(deps.database, deps.settings, period);
      return c.json(withWarnings(report, deps.settings.fairness));
    } catch (error) {
      if (isUserError(error)) return c.json({ error: error.message }, 409);
      throw error;
    }
  });
  return app;
}
