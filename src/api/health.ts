// Liveness and readiness, for load balancers and orchestrators.
import { Hono } from 'hono';
import type { Database } from '../db/client.ts';
import { appliedMigrations, shippedMigrations } from '../db/migrate.ts';

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref(),
    ),
  ]);

export function healthRoutes(database: Database): Hono {
  const app = new Hono();
  const shipped = shippedMigrations();

  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  app.get('/readyz', async (c) => {
    try {
      const applied = await withTimeout(appliedMigrations(database), 2000);
      const ready = applied >= shipped;
      return c.json(
        { status: ready ? 'ok' : 'unavailable', database: 'ok', migrations: { applied, shipped } },
        ready ? 200 : 503,
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return c.json({ status: 'unavailable', database: 'unreachable', reason }, 503);
    }
  });
  return app;
}
