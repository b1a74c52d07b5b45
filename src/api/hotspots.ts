// GET /v1/hotspots.geojson: the forecast for a window as GeoJSON polygons.
import { Hono } from 'hono';
import { z } from 'zod';
import type { TokenAuth } from '../auth/tokens.ts';
import type { Database } from '../db/client.ts';
import { isUserError } from '../errors.ts';
import { ensureForecast } from '../forecast/forecast-service.ts';
import { dataFreshness } from '../forecast/freshness.ts';
import { windowForModel } from '../forecast/model-window.ts';
import type { ForecastSettings } from '../forecast/settings.ts';
import { parseAskedAt, WHEN } from '../forecast/windows.ts';
import { placeNames } from '../geo/place-names.ts';
import { CATEGORIES } from '../ingest/categories.ts';
import { geoJsonCells } from '../maps/geojson.ts';
import { requireScope } from './auth.ts';
import { acceptsGzip, GeoJsonBodies, matchesETag } from './geojson-bodies.ts';
import { queryProblem } from './query-problem.ts';

export const hotspotsQuery = z.object({
  when: z.enum(WHEN).optional(),
  category: z.enum(['all', ...CATEGORIES]).default('all'),
  top: z.coerce.number().int().min(1).max(100_000).optional(),
  /** A past or future date, as if it were then: YYYY-MM-DD or YYYY-MM-DDTHH:MM, local time. */
  at: z.string().max(16).optional(),
});

export function hotspotRoutes(deps: {
  database: Database;
  settings: ForecastSettings;
  auth: TokenAuth;
}): Hono {
  const app = new Hono();
  const bodies = new GeoJsonBodies();
  app.use('/v1/hotspots.geojson', requireScope(deps.auth, 'read'));
  app.get('/v1/hotspots.geojson', async (c) => {
    const query = hotspotsQuery.safeParse(c.req.query());
    if (!query.success) {
      return c.json({ error: queryProblem(query.error) }, 400);
    }
    let at: ReturnType<typeof parseAskedAt> | undefined;
    try {
      at = query.data.at === undefined ? undefined : parseAskedAt(query.data.at);
    } catch (error) {
      return c.json({ error: (error as Error).message }, 400);
    }
    try {
      const window = await windowForModel(
        deps.database,
        { when: query.data.when, at },
        new Date(),
        deps.settings,
      );
      const forecast = await ensureForecast(deps.database, deps.settings, {
        window,
        category: query.data.category,
      });
      const freshness = await dataFreshness(deps.database, window, deps.settings);
      const body = await bodies.get(
        forecast,
        query.data.top,
        {
          newestIncident: freshness.newestIncident?.toISOString() ?? null,
          stale: freshness.stale,
          staleNote: freshness.staleNote,
        },
        () =>
          placeNames(
            deps.database,
            geoJsonCells(forecast, query.data.top).map((c) => c.cell),
          ),
      );
      if (freshness.stale) c.header('X-Patrolcast-Stale', freshness.age ?? 'no incidents');
      c.header('ETag', body.etag);
      c.header('Vary', 'Accept-Encoding');
      c.header('Cache-Control', 'private, no-cache');
      if (matchesETag(c.req.header('if-none-match'), body.etag)) return c.body(null, 304);
      c.header('Content-Type', 'application/geo+json');
      if (acceptsGzip(c.req.header('accept-encoding'))) {
        c.header('Content-Encoding', 'gzip');
        return c.body(new Uint8Array(body.gzipped));
      }
      return c.body(new Uint8Array(body.raw));
    } catch (error) {
      if (isUserError(error)) return c.json({ error: error.message }, 409);
      throw error;
    }
  });
  return app;
}
