// Every /v1 call goes to the audit log: the token's name, the route, its query, the status. And
// GET /v1/audit (admin) reads the log.
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { readAudit, recordAudit } from '../audit/audit-log.ts';
import type { TokenAuth } from '../auth/tokens.ts';
import type { Database } from '../db/client.ts';
import type { Logger } from '../log.ts';
import type { AuthEnv } from './auth.ts';
import { errors, GUARDED, json, routes, secured } from './route-kit.ts';

export function auditCalls(database: Database, log: Logger): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    await next();
    if (c.get('unaudited')) return;
    const principal = c.get('principal');
    try {
      await recordAudit(database, {
        actorKind: 'token',
        actor: principal?.name ?? 'anonymous',
        action: `${c.req.method} ${c.req.routePath === '/*' ? c.req.path : c.req.routePath}`,
        params: c.req.query(),
        outcome: String(c.res.status),
        requestId: c.get('requestId'),
      });
    } catch (error) {
      // A call is not failed for its audit entry; the gap is logged.
      log.error({ err: error, requestId: c.get('requestId') }, 'could not write the audit entry');
    }
  };
}

export const auditQuery = z.object({
  since: z.iso.datetime({ offset: true }).optional(),
  actor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(200),
});

const auditRoute = (auth: TokenAuth) =>
  createRoute({
    method: 'get',
    path: '/v1/audit',
    summary: 'the audit log, newest first',
    ...secured(auth, 'admin'),
    request: { query: auditQuery },
    responses: {
      200: json('audit entries', z.object({ entries: z.array(z.record(z.string(), z.unknown())) })),
      ...errors([400, ...GUARDED]),
    },
  });

export function auditRoutes(deps: { database: Database; auth: TokenAuth }) {
  return routes<AuthEnv>().openapi(auditRoute(deps.auth), async (c) => {
    const { since, actor, limit } = c.req.valid('query');
    const entries = await readAudit(deps.database, {
      ...(since ? { since: new Date(since) } : {}),
      ...(actor ? { actor } : {}),
      limit,
    });
    return c.json({ entries }, 200);
  });
}
