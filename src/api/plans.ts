// Patrol plans over the API: GET/PUT /v1/units (units on duty per district and shift; setting them
// needs admin and is audited with the change), GET /v1/coverage (visits by place, district, shift).
import { createRoute, z } from '@hono/zod-openapi';
import type { TokenAuth } from '../auth/tokens.ts';
import type { Database } from '../db/client.ts';
import { UserError } from '../errors.ts';
import type { ForecastSettings } from '../forecast/settings.ts';
import { coverageReport } from '../plan/coverage-report.ts';
import {
  districtForUnits,
  listUnitCounts,
  MAX_UNITS,
  setUnitCount,
  shiftNamed,
} from '../plan/unit-counts.ts';
import { addDays, toLocal } from '../time/zone.ts';
import { auditEntryOf } from './audit.ts';
import type { AuthEnv } from './auth.ts';
import { fairnessQuery } from './reports.ts';
import { errors, GUARDED, json, routes, secured } from './route-kit.ts';

const unitCount = z.object({
  district: z.string(),
  shift: z.string().nullable().describe('the shift, or null for every shift'),
  units: z.number().int(),
});

const unitsBody = z.object({
  district: z.string().min(1).max(60).describe('a district as the incidents name it'),
  units: z.number().int().min(0).max(MAX_UNITS).describe('0 clears'),
  shift: z.string().min(1).max(20).optional().describe('only this shift: day, evening, night or its start'),
});

export function planRoutes(deps: { database: Database; settings: ForecastSettings; auth: TokenAuth }) {
  const { database, settings, auth } = deps;
  return routes<AuthEnv>()
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/units',
        summary: 'units on duty per district and shift, and the city-wide default',
        ...secured(auth, 'read'),
        responses: {
          200: json('the units', z.object({ default: z.number().int(), districts: z.array(unitCount) })),
          ...errors([...GUARDED]),
        },
      }),
      async (c) => c.json({ default: settings.units, districts: await listUnitCounts(database) }, 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/v1/units',
        summary: "set a district's units, for every shift or one (0 clears); audited with the change",
        ...secured(auth, 'admin'),
        request: { body: { content: { 'application/json': { schema: unitsBody } }, required: true } },
        responses: {
          200: json(
            'what is now set',
            z.object({ default: z.number().int(), districts: z.array(unitCount) }),
          ),
          ...errors([400, ...GUARDED]),
        },
      }),
      async (c) => {
        const body = c.req.valid('json');
        const shift = body.shift ? shiftNamed(settings.shifts, body.shift) : null;
        const district = await districtForUnits(database, body.district, body.units);
        const { action: _a, params: _p, outcome: _o, ...who } = auditEntryOf(c, 'set');
        await setUnitCount(database, { district, shift, units: body.units }, who);
        c.set('audited', true);
        return c.json({ default: settings.units, districts: await listUnitCounts(database) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/coverage',
        summary: 'visits officers recorded, by place, district and shift',
        ...secured(auth, 'read'),
        request: { query: fairnessQuery },
        responses: {
          200: json('the coverage', z.record(z.string(), z.unknown())),
          ...errors([400, ...GUARDED]),
        },
      }),
      async (c) => {
        const asked = c.req.valid('query');
        const now = toLocal(new Date(), settings.timeZone);
        const to = asked.to ?? { year: now.year, month: now.month, day: now.day };
        const from = asked.from ?? addDays(to, -7);
        if (Date.UTC(from.year, from.month - 1, from.day) > Date.UTC(to.year, to.month - 1, to.day))
          throw new UserError('from must not be after to');
        return c.json({ ...(await coverageReport(database, from, to, settings.timeZone)) }, 200);
      },
    );
}
