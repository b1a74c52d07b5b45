// GET /v1/reports/fairness: the fairness report for the active model over past days; GET
// /v1/reports/monthly: the month's live accuracy.

import { createRoute, z } from '@hono/zod-openapi';
import { lastEndedMonth, monthlyReport } from '../accuracy/monthly-report.ts';
import { monthlyJson } from '../accuracy/monthly-text.ts';
import type { AccuracySettings } from '../accuracy/settings.ts';
import type { TokenAuth } from '../auth/tokens.ts';
import type { Database } from '../db/client.ts';
import { fairnessForPeriod, reportPeriod } from '../fairness/fairness-service.ts';
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

export const monthlyQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month, YYYY-MM')
    .optional()
    .describe('the month, YYYY-MM; it must have ended (default: last month)'),
});

const monthlyRoute = (auth: TokenAuth) =>
  createRoute({
    method: 'get',
    path: '/v1/reports/monthly',
    summary:
      "the month's live accuracy: each served forecast scored against what happened, beside simple counts scored with the data known then; drift, coverage, where visits went, fairness",
    ...secured(auth, 'read'),
    request: { query: monthlyQuery },
    responses: {
      200: json('the report', z.record(z.string(), z.unknown())),
      ...errors([400, ...GUARDED]),
    },
  });

export function reportRoutes(deps: {
  database: Database;
  settings: ForecastSettings;
  accuracy: AccuracySettings;
  auth: TokenAuth;
}) {
  return routes<AuthEnv>()
    .openapi(monthlyRoute(deps.auth), async (c) => {
      // A month not yet over is a UserError (400).
      const report = await monthlyReport(
        deps.database,
        deps.settings,
        deps.accuracy,
        c.req.valid('query').month ?? lastEndedMonth(new Date(), deps.settings.timeZone),
        new Date(),
      );
      return c.json(monthlyJson(report), 200);
    })
    .openapi(fairnessRoute(deps.auth), async (c) => {
      // A period that is wrong is a UserError (400); no model or no data for it, a ConflictError (409).
      const period = await reportPeriod(
        deps.database,
        c.req.valid('query'),
        new Date(),
        deps.settings.timeZone,
      );
      const report = await fairnessForPeriod(deps.database, deps.settings, period);
      return c.json(withWarnings(report, deps.settings.fairness), 200);
    });
}
