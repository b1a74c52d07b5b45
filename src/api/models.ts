// GET /v1/models: the model registry. POST /v1/models/retrain: train a candidate in the background;
// the answer comes at once (202) and the verdict is in GET /v1/models once training ends.
import { createRoute, z } from '@hono/zod-openapi';
import { type TokenAuth, tokenActor } from '../auth/tokens.ts';
import type { Database } from '../db/client.ts';
import { TRAINING_CHOICES } from '../forecast/models/algorithms.ts';
import { listModels } from '../forecast/registry.ts';
import type { RetrainQueue } from '../forecast/retrain-queue.ts';
import { describeRun } from '../forecast/training-runs.ts';
import type { Logger } from '../log.ts';
import { auditBeforeChange } from './audit.ts';
import type { AuthEnv } from './auth.ts';
import { errors, GUARDED, json, routes, secured } from './route-kit.ts';

export const retrainQuery = z.object({
  algorithm: z.enum(TRAINING_CHOICES as [string, ...string[]]).default('auto'),
  force: z.enum(['true', 'false']).default('false'),
});

const listRoute = (auth: TokenAuth) =>
  createRoute({
    method: 'get',
    path: '/v1/models',
    summary: 'the model registry: versions, status, what each learnt from, held-out scores',
    ...secured(auth, 'read'),
    responses: {
      200: json('the models, newest first', z.object({ models: z.array(z.record(z.string(), z.unknown())) })),
      ...errors(GUARDED),
    },
  });

const retrainRoute = (auth: TokenAuth) =>
  createRoute({
    method: 'post',
    path: '/v1/models/retrain',
    summary: 'train a candidate model in the background; promoted only if it does as well as the active one',
    ...secured(auth, 'retrain'),
    request: { query: retrainQuery },
    responses: {
      202: json(
        'training has started, or waits behind the training running now (named in `behind`)',
        z.object({
          status: z.enum(['training', 'queued']),
          algorithm: z.string(),
          behind: z.string().optional(),
        }),
      ),
      ...errors([400, 409, ...GUARDED], { 409: 'too many trainings are waiting already' }),
    },
  });

export function modelRoutes(deps: {
  database: Database;
  auth: TokenAuth;
  retrain: RetrainQueue;
  log: Logger;
}) {
  const app = routes<AuthEnv>();
  app.openapi(listRoute(deps.auth), async (c) => {
    const models = await listModels(deps.database);
    return c.json(
      {
        models: models.map((m) => ({
          version: m.version,
          algorithm: m.algorithm,
          status: m.status,
          failure: m.failure,
          demo: m.demo,
          actor: m.actor,
          trainFrom: m.trainFrom,
          trainTo: m.trainTo,
          createdAt: m.createdAt,
          activatedAt: m.activatedAt,
          learnsFrom: { origins: m.params.origins, excludedCategories: m.params.excludedCategories },
          metrics: m.metrics,
        })),
      },
      200,
    );
  });
  app.openapi(retrainRoute(deps.auth), async (c) => {
    const query = c.req.valid('query');
    // Recorded before it starts: a training whose entry cannot be written is never started (503).
    deps.retrain.checkRoom();
    await auditBeforeChange(deps.database, c, '202');
    const { done, behind } = deps.retrain.start({
      algorithm: query.algorithm,
      force: query.force === 'true',
      actor: tokenActor(c.get('principal')!),
    });
    // The outcome is recorded in the registry either way; the log says how it ended.
    done.then(
      (o) => deps.log.info({ version: o.model.version, promoted: o.promoted }, 'retrain finished'),
      (error: unknown) =>
        deps.log.warn({ reason: error instanceof Error ? error.message : String(error) }, 'retrain failed'),
    );
    return c.json(
      behind
        ? { status: 'queued' as const, algorithm: query.algorithm, behind: describeRun(behind) }
        : { status: 'training' as const, algorithm: query.algorithm },
      202,
    );
  });
  return app;
}
