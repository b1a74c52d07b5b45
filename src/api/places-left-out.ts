// Places lists and plans leave out, over the API, as `patrolcast desks` and `patrolcast placeholders`
// give them on the command line: GET /v1/desks and /v1/placeholders (read), and an analyst's word on
// one, PUT /v1/desks/{cell} and /v1/placeholders/{point} with {"kept": true|false} (retrain scope),
// each audited with the change.
import { createRoute, z } from '@hono/zod-openapi';
import type { TokenAuth } from '../auth/tokens.ts';
import type { Database } from '../db/client.ts';
import { keepDesk, listDesks } from '../forecast/kept-desks.ts';
import { keepPlaceholder, listPlaceholders, placeholderRow } from '../ingest/placeholder-points.ts';
import { auditEntryOf } from './audit.ts';
import type { AuthEnv } from './auth.ts';
import { errors, GUARDED, json, routes, secured } from './route-kit.ts';

const desk = z.object({ cell: z.string(), place: z.string(), kept: z.boolean() });
const dump = placeholderRow;
const keptBody = {
  body: {
    content: {
      'application/json': {
        schema: z.object({
          kept: z.boolean().describe('true: list it as any place; false: leave it out again'),
        }),
      },
    },
    required: true,
  },
};

export function placesLeftOutRoutes(deps: { database: Database; auth: TokenAuth }) {
  const { database, auth } = deps;
  // The change is audited in its own transaction; a request refused before it, by the request's log.
  const who = (c: Parameters<typeof auditEntryOf>[0]) => {
    const { action: _a, params: _p, outcome: _o, ...entry } = auditEntryOf(c, 'ok');
    return entry;
  };
  return routes<AuthEnv>()
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/desks',
        summary:
          'places the latest forecast took for report desks (left out of lists and plans), and those kept',
        ...secured(auth, 'read'),
        responses: { 200: json('the desks', z.object({ desks: z.array(desk) })), ...errors(GUARDED) },
      }),
      async (c) => c.json({ desks: await listDesks(database) }, 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/v1/desks/{cell}',
        summary:
          'keep a place taken for a report desk (it is listed, and its incidents of unknown time count), or let the forecast judge it again',
        ...secured(auth, 'retrain'),
        request: {
          params: z.object({ cell: z.string().regex(/^[0-9a-f]{15}$/, 'a cell id is 15 hex digits') }),
          ...keptBody,
        },
        responses: {
          200: json('the desks now', z.object({ desks: z.array(desk) })),
          ...errors([400, 404, ...GUARDED], { 404: 'dropping a place that is not kept' }),
        },
      }),
      async (c) => {
        await keepDesk(database, c.req.valid('param').cell, c.req.valid('json').kept, who(c));
        c.set('audited', true);
        return c.json({ desks: await listDesks(database) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/placeholders',
        summary: "geocoders' dumps imports found (left out of lists and maps), and those kept",
        ...secured(auth, 'read'),
        responses: {
          200: json('the dumps', z.object({ placeholders: z.array(dump) })),
          ...errors(GUARDED),
        },
      }),
      async (c) => c.json({ placeholders: await listPlaceholders(database) }, 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/v1/placeholders/{point}',
        summary: "keep a geocoder's dump in lists and maps (it is a real place), or leave it out again",
        ...secured(auth, 'retrain'),
        request: {
          params: z.object({
            point: z
              .string()
              .regex(/^-?\d{1,3}(\.\d+)?,-?\d{1,3}(\.\d+)?$/, 'a point is lat,lon in degrees')
              .describe('lat,lon as the import named it'),
          }),
          ...keptBody,
        },
        responses: {
          200: json('the dumps now', z.object({ placeholders: z.array(dump) })),
          ...errors([400, 404, ...GUARDED], { 404: 'no dump is recorded at that point' }),
        },
      }),
      async (c) => {
        await keepPlaceholder(database, c.req.valid('param').point, c.req.valid('json').kept, who(c));
        c.set('audited', true);
        return c.json({ placeholders: await listPlaceholders(database) }, 200);
      },
    );
}
