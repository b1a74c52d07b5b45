// The audit log: who (a chat user, an API token, the command line, the system) did what, with which
// parameters, how it ended and when. Parameters are options and query strings, never tokens or rows.
import { z } from 'zod';
import { censorSecrets } from '../censor.ts';
import type { Database } from '../db/client.ts';
import { decodedRows, rowOf } from '../db/rows.ts';
import type { auditLog } from '../db/schema.ts';
import { storableJson } from '../db/storable.ts';
import type { Exec } from '../db/transaction.ts';
import { AuditUnwritable } from '../errors.ts';

export interface AuditEntry {
  actorKind: 'user' | 'token' | 'cli' | 'system';
  actor: string;
  /** The token's id, for a token: a name can be used again once its token is revoked. */
  actorId?: string;
  action: string;
  params: Record<string, unknown>;
  outcome: string;
  requestId?: string;
}

export interface AuditRecord extends AuditEntry {
  at: Date;
}

const auditRow = rowOf<typeof auditLog>()(
  z.object({
    at: z.date(),
    actorKind: z.enum(['user', 'token', 'cli', 'system']),
    actor: z.string(),
    actorId: z
      .string()
      .nullable()
      .transform((v) => v ?? undefined),
    action: z.string(),
    params: z.record(z.string(), z.unknown()),
    outcome: z.string(),
    // Absent from entries made outside a request.
    requestId: z
      .string()
      .nullable()
      .transform((v) => v ?? undefined),
  }),
);

// Values are cut short: the log says what was asked, it does not keep what was sent; and a value under
// a name like a secret's (?token=…, ?password=…) is never kept at all.
const clip = (params: Record<string, unknown>) =>
  censorSecrets(
    Object.fromEntries(
      Object.entries(params)
        .slice(0, 30)
        .map(([k, v]) => [k.slice(0, 60), typeof v === 'string' ? v.slice(0, 200) : v]),
    ),
  );

/** The insert of one entry, to run alone or inside the transaction of the change it records. */
export function auditInsert(entry: AuditEntry, at = new Date()): { text: string; params: unknown[] } {
  return {
    text: `insert into audit_log (at, actor_kind, actor, actor_id, action, params, outcome, request_id)
     values ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8)`,
    params: [
      at.toISOString(),
      entry.actorKind,
      entry.actor.slice(0, 200),
      entry.actorId ?? null,
      entry.action.slice(0, 200),
      storableJson(clip(entry.params)),
      entry.outcome.slice(0, 500),
      entry.requestId ?? null,
    ],
  };
}

/** Records an entry, on its own or (given a transaction's exec) with the change it records. */
export async function recordAudit(
  target: Database | Exec,
  entry: AuditEntry,
  at = new Date(),
): Promise<void> {
  const { text, params } = auditInsert(entry, at);
  try {
    await (typeof target === 'function' ? target(text, params) : target.query(text, params));
  } catch (error) {
    throw new AuditUnwritable(error);
  }
}

export async function readAudit(
  database: Database,
  filter: { since?: Date; actor?: string; limit?: number } = {},
): Promise<AuditRecord[]> {
  return decodedRows(
    database,
    auditRow,
    `select at, actor_kind as "actorKind", actor, actor_id as "actorId", action, params, outcome, request_id as "requestId"
     from audit_log where ($1::timestamptz is null or at >= $1) and ($2::text is null or actor = $2)
     order by at desc, id desc limit $3`,
    [filter.since?.toISOString() ?? null, filter.actor ?? null, Math.min(filter.limit ?? 200, 10_000)],
  );
}
