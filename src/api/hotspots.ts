// GET /v1/hotspots.geojson: the forecast for a window as GeoJSON polygons.

import { createRoute, z } from '@hono/zod-openapi';
import type { TokenAuth } from '../auth/tokens.ts';
import type { Database } from '../db/client.ts';
import { DEFAULT_CATEGORY } from '../forecast/defaults.ts';
import { ensureForecast } from '../forecast/forecast-service.ts';
import { dataFreshness } from '../forecast/freshness.ts';
import { servedNow } from '../forecast/left-out.ts';
import { windowForModel } from '../forecast/model-window.ts';
import type { ForecastSettings } from '../forecast/settings.ts';
import { parseAskedAt, WHEN } from '../forecast/windows.ts';
import { placeNames } from '../geo/place-names.ts';
import { CATEGORIES } from '../ingest/categories.ts';
import { geoJsonCells } from '../maps/geojson.ts';
import type { AuthEnv } from './auth.ts';
import { acceptsGzip, GeoJsonBodies, matchesETag } from './geojson-bodies.ts';
import { errors, GUARDED, routes, secured } from './route-kit.ts';

export const hotspotsQuery = z.object({
  when: z.enum(WHEN).optional(),
  category: z.enum(['all', ...CATEGORIES]).default(DEFAULT_CATEGORY),
  top: z.coerce.number().int().min(1).max(100_000).optional(),
  /** A past or future date, as if it were then: YYYY-MM-DD or YYYY-MM-DDTHH:MM, local time. */
  at: z.string().max(16).optional(),
});

const hotspotsRoute = (auth: TokenAuth) =>
  createRoute({
    method: 'get',
    path: '/v1/hotspots.geojson',
    summary: 'the forecast for a window as a GeoJSON FeatureCollection of cell polygons',
    ...secured(auth, 'read'),
    request: { query: hotspotsQuery },
    responses: {
      200: {
        description: 'GeoJSON; gzipped when asked for; X-Patrolcast-Stale when the data are old',
        content: { 'application/geo+json': { schema: z.record(z.string(), z.unknown()) } },
      },
      304: { description: 'unchanged since the ETag given in If-None-Match' },
      ...errors([400, 409, ...GUARDED], { 409: 'no active model, or no incidents before the window' }),
    },
  });

export function hotspotRoutes(deps: { database: Database; settings: ForecastSettings; auth: TokenAuth }) {
  const app = routes<AuthEnv>();
  const bodies = new GeoJsonBodies();
  app.openapi(hotspotsRoute(deps.auth), async (c) => {
    const query = c.req.valid('query');
    // A date that cannot be read is a UserError (400); no model or no data, a ConflictError (409).
    const at = query.at === undefined ? undefined : parseAskedAt(query.at);
    const window = await windowForModel(deps.database, { when: query.when, at }, new Date(), deps.settings);
    const { forecast, leftOut } = await servedNow(
      deps.database,
      await ensureForecast(deps.database, deps.settings, { window, category: query.category }),
    );
    const freshness = await dataFreshness(deps.database, window, deps.settings);
    const body = await bodies.get(
      forecast,
      query.top,
      {
        newestIncident: freshness.newestIncident?.toISOString() ?? null,
        stale: freshness.stale,
        staleNote: freshness.staleNote,
      },
      () =>
        placeNames(
          deps.database,
          geoJsonCells(forecast, query.top, leftOut).map((c) => c.cell),
        ),
      leftOut,
    );
    if (freshness.stale) c.header('X-Patrolcast-Stale', freshness.age ?? 'no incidents');
    c.header('ETag', body.etag);
    c.header('Vary', 'Accept-Encoding');
    c.header('Cache-Control', 'private, no-cache');
    if (matchesETag(c.req.header('if-none-match'), body.etag)) return c.body(null, 304);
    c.header('Content-Type', 'application/geo+json');
    if (acceptsGzip(c.req.header('accept-encoding'))) {
      c.header('Content-Encoding', 'gzip');
      return c.body(new Uint8Array(body.gzipped), 200);
    }
    return c.body(new Uint8Array(body.raw), 200);
  });
  return app;
}
