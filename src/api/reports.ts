// GET /v1/reports/fairness: the fairness report for the active model over past days.
import { createRoute, z } from '@hono/zod-openapi';
import type { TokenAuth } from '../auth/tokens.ts';
import type { Database } from '../db/client.ts';
import { fairnessForPeriod, reportDays } from '../fairness/fairness-service.ts';
import { withWarnings } from '../fairness/warnings.ts';
import type { ForecastSettings } from '../forecast/settings.ts';
import { parseDate } from '../time/zone.ts';
import type { AuthEnv } from './auth.ts';
import { errors, GUARDED, json, routes, secured } from './route-kit.ts';

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

const fairnessRoute = (auth: TokenAuth) =>
  createRoute({
    method: 'get',
    path: '/v1/reports/fairness',
    summary:
      'the fairness report for the active model: concentration and persistence of flagged places, each district’s share against its share of reported incidents, warnings',
    ...secured(auth, 'read'),
    request: { query: fairnessQuery },
    responses: {
      200: json('the report', z.record(z.string(), z.unknown())),
      ...errors([400, 409, ...GUARDED], { 409: 'no active model, or no data for the period' }),
    },
  });

export function reportRoutes(deps: { database: Database; settings: ForecastSettings; auth: TokenAuth }) {
  return routes<AuthEnv>().openapi(fairnessRoute(deps.auth), async (c) => {
    // A period that is wrong is a UserError (400); no model or no data for it, a ConflictError (409).
    const period = reportDays(c.req.valid('query'), new Date(), deps.settings.timeZone);
    const report = await fairnessForPeriod(deps.database, deps.settings, period);
    return c.json(withWarnings(report, deps.settings.fairness), 200);
  });
}
