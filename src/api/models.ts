// GET /v1/models: the model registry. POST /v1/models/retrain: train a candidate in the background;
// the answer comes at once (202) and the verdict is in GET /v1/models once training ends.
import { Hono } from 'hono';
import { z } from 'zod';
import type { TokenAuth } from '../auth/tokens.ts';
import type { Database } from '../db/client.ts';
import { isUserError } from '../errors.ts';
import { TRAINING_CHOICES } from '../forecast/models/algorithms.ts';
import { listModels } from '../forecast/registry.ts';
import type { RetrainQueue } from '../forecast/retrain-queue.ts';
import type { Logger } from '../log.ts';
import { requireScope } from './auth.ts';
import { queryProblem } from './query-problem.ts';

export const retrainQuery = z.object({
  algorithm: z.enum(TRAINING_CHOICES as [string, ...string[]]).default('auto'),
  force: z.enum(['true', 'false']).default('false'),
});

export function modelRoutes(deps: {
  database: Database;
  auth: TokenAuth;
  retrain: RetrainQueue;
  log: Logger;
}): Hono {
  const app = new Hono();
  app.get('/v1/models', requireScope(deps.auth, 'read'), async (c) => {
    const models = await listModels(deps.database);
    return c.json({
      models: models.map((m) => ({
        version: m.version,
        algorithm: m.algorithm,
        status: m.status,
        failure: m.failure,
        demo: m.demo,
        trainFrom: m.trainFrom,
        trainTo: m.trainTo,
        createdAt: m.createdAt,
        activatedAt: m.activatedAt,
        learnsFrom: { origins: m.params.origins, excludedCategories: m.params.excludedCategories },
        metrics: m.metrics,
      })),
    });
  });
  app.post('/v1/models/retrain', requireScope(deps.auth, 'retrain'), async (c) => {
    const query = retrainQuery.safeParse(c.req.query());
    if (!query.success) return c.json({ error: queryProblem(query.error) }, 400);
    try {
      const { done } = deps.retrain.start({
        algorithm: query.data.algorithm,
        force: query.data.force === 'true',
      });
      // The outcome is recorded in the registry either way; the log says how it ended.
      done.then(
        (o) => deps.log.info({ version: o.model.version, promoted: o.promoted }, 'retrain finished'),
        (error: unknown) =>
          deps.log.warn({ reason: error instanceof Error ? error.message : String(error) }, 'retrain failed'),
      );
      return c.json({ status: 'training', algorithm: query.data.algorithm }, 202);
    } catch (error) {
      if (isUserError(error)) return c.json({ error: error.message }, 409);
      throw error;
    }
  });
  return app;
}
