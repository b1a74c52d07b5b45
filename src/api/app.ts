// The HTTP API: one Hono app, assembled from route groups.
import { Hono } from 'hono';
import type { Database } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { healthRoutes } from './health.ts';

export interface ApiDeps {
  database: Database;
  log: Logger;
}

export function createApi(deps: ApiDeps): Hono {
  const app = new Hono();
  app.route('/', healthRoutes(deps.database));
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((error, c) => {
    deps.log.error({ err: error, path: c.req.path }, 'request failed');
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
