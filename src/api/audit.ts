// Every /v1 call goes to the audit log: the token (name and id), the route, its query, the status. A call
// that changes something writes its own entry with the change (`auditedChange`, or inside the import's
// transaction): if the entry cannot be written, nothing changes and the caller gets 503. Every other call
// (reads, refusals) is recorded after its answer; an entry that cannot be written then is logged at error
// level with the request id and counted in /readyz. GET /v1/audit (admin) reads the log.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { type AuditEntry, readAudit, recordAudit } from '../audit/audit-log.ts';
import type { TokenAuth } from '../auth/tokens.ts';
import type { Database } from '../db/client.ts';
import type { Logger } from '../log.ts';
import type { AuthEnv } from './auth.ts';
import { errors, GUARDED, json, routes, secured } from './route-kit.ts';

/** Entries that could not be written after their answer, since the process started: /readyz shows them. */
export class AuditGaps {
  count = 0;
  last: { at: Date; requestId: string } | undefined;
  note(requestId: string): void {
    this.count++;
    this.last = { at: new Date(), requestId };
  }
}

/** The entry of this call, with the outcome given (the status it answers, or will answer). */
export function auditEntryOf(c: Context<AuthEnv>, outcome: string): AuditEntry {
  const principal = c.get('principal');
  return {
    actorKind: 'token',
    actor: principal?.name ?? 'anonymous',
    ...(principal?.id !== undefined ? { actorId: String(principal.id) } : {}),
    action: `${c.req.method} ${c.req.routePath === '/*' ? c.req.path : c.req.routePath}`,
    params: c.req.query(),
    outcome,
    requestId: c.get('requestId'),
  };
}

/**
 * Records the call's entry before its change is made, for a change that is not one transaction (a
 * training runs for minutes): an entry that cannot be written throws AuditUnwritable (503) and the
 * change is never started.
 */
export async function auditBeforeChange(
  database: Database,
  c: Context<AuthEnv>,
  outcome: string,
): Promise<void> {
  await recordAudit(database, auditEntryOf(c, outcome));
  c.set('audited', true);
}

export function auditCalls(database: Database, log: Logger, gaps: AuditGaps): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    await next();
    if (c.get('unaudited') || c.get('audited')) return;
    try {
      await recordAudit(database, auditEntryOf(c, String(c.res.status)));
    } catch (error) {
      // Nothing was changed by this call (a change writes its own entry, or fails); the gap is counted.
      const requestId = c.get('requestId');
      gaps.note(requestId);
      log.error(
        { err: error, requestId, route: auditEntryOf(c, '').action, status: c.res.status },
        'could not write the audit entry of a call that changed nothing',
      );
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
