// API tokens: shown once when created, stored only as a SHA-256 digest, revocable, with scopes and the
// time each was last used.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { type AuditEntry, recordAudit } from '../audit/audit-log.ts';
import type { Database } from '../db/client.ts';
import { decodedRows, rowOf, wholeNumber } from '../db/rows.ts';
import type { apiTokens } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { UserError } from '../errors.ts';
import type { Limiter } from './rate-limit.ts';

export const SCOPES = ['ingest', 'retrain', 'read', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface Principal {
  /** The token's name: who did it, in the audit log. */
  name: string;
  /** Its row's id; absent for the settings token (PATROLCAST_API_TOKEN). */
  id?: number;
  scopes: Scope[];
}

/** Who a token is, as batches and models record their actor: its name and id, never "api". */
export const tokenActor = (p: Principal): string =>
  `token ${p.name} (${p.id === undefined ? 'the settings token' : `id ${p.id}`})`;

export interface TokenRecord extends Principal {
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

// A token's scopes are checked as read: a scope this code does not know grants nothing.
const principalRow = rowOf<typeof apiTokens>()(
  z.object({
    name: z.string(),
    scopes: z
      .array(z.string())
      .transform((list) => list.filter((s): s is Scope => (SCOPES as readonly string[]).includes(s))),
  }),
);
const idRow = rowOf<typeof apiTokens>()(z.object({ id: wholeNumber }));
const tokenRow = rowOf<typeof apiTokens>()(
  principalRow.extend({
    createdAt: z.date(),
    lastUsedAt: z.date().nullable(),
    revokedAt: z.date().nullable(),
  }),
);

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** admin can do everything. */
export const allows = (p: Principal, scope: Scope) => p.scopes.includes('admin') || p.scopes.includes(scope);

export function parseScopes(text: string): Scope[] {
  const scopes = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0 || scopes.length === 0) {
    throw new UserError(
      `scopes must be some of ${SCOPES.join(', ')}${unknown.length ? `; not ${unknown.join(', ')}` : ''}`,
    );
  }
  return [...new Set(scopes)] as Scope[];
}

/**
 * Creates a token and returns it: the only time it is ever shown. With `audit`, the entry (the token's
 * id added) is written in the same transaction: a token whose entry cannot be written is not created.
 */
export async function createToken(
  database: Database,
  name: string,
  scopes: Scope[],
  audit?: AuditEntry,
): Promise<string> {
  if (!/^[\w.-]{1,60}$/.test(name))
    throw new UserError('a token name is 1-60 letters, digits, dots, dashes or underscores');
  const token = `pc_${randomBytes(32).toString('base64url')}`;
  await inTransaction(database, async (exec) => {
    const [row] = await decodedRows(
      exec,
      idRow,
      `insert into api_tokens (name, token_hash, scopes) values ($1, $2, $3::text::jsonb)
       on conflict (name) do nothing returning id`,
      [name, digest(token), JSON.stringify(scopes)],
    );
    if (!row) throw new UserError(`a token named ${name} exists already; revoke it or choose another name`);
    if (audit) await recordAudit(exec, { ...audit, params: { ...audit.params, id: row.id } });
  });
  return token;
}

/** Whether a live token of that name was revoked; with `audit`, recorded with the revocation, or neither is. */
export async function revokeToken(
  database: Database,
  name: string,
  now = new Date(),
  audit?: AuditEntry,
): Promise<boolean> {
  return inTransaction(database, async (exec) => {
    const [row] = await decodedRows(
      exec,
      idRow,
      'update api_tokens set revoked_at = $2 where name = $1 and revoked_at is null returning id',
      [name, now.toISOString()],
    );
    if (row && audit) await recordAudit(exec, { ...audit, params: { ...audit.params, id: row.id } });
    return Boolean(row);
  });
}

export async function listTokens(database: Database): Promise<TokenRecord[]> {
  return decodedRows(
    database,
    tokenRow,
    `select name, scopes, created_at as "createdAt", last_used_at as "lastUsedAt", revoked_at as "revokedAt"
     from api_tokens order by name`,
  );
}

export interface TokenAuth {
  database: Database;
  /** PATROLCAST_API_TOKEN: a token from the settings with every scope, for setting up. */
  bootstrapToken: string | undefined;
  /** Requests per token. */
  limiter?: Limiter;
  /** Refused requests (no token, a wrong one) per address. */
  anonymous?: Limiter;
}

/** The principal a bearer token stands for, or undefined for an unknown or revoked one. */
export async function authenticate(
  auth: TokenAuth,
  token: string,
  now = new Date(),
): Promise<Principal | undefined> {
  const hash = digest(token);
  if (auth.bootstrapToken) {
    // Compare digests: the same time whatever the token's length.
    if (timingSafeEqual(Buffer.from(hash, 'hex'), Buffer.from(digest(auth.bootstrapToken), 'hex'))) {
      return { name: 'PATROLCAST_API_TOKEN', scopes: ['admin'] };
    }
  }
  // Read every time, so that a revoked token stops working at once; its last use is written at most
  // once a minute, not on every request of a busy dashboard.
  const [row] = await decodedRows(
    auth.database,
    principalRow.extend(idRow.shape),
    'select id, name, scopes from api_tokens where token_hash = $1 and revoked_at is null',
    [hash],
  );
  if (!row) return undefined;
  if (shouldTouch(hash, now.getTime())) {
    await auth.database.query('update api_tokens set last_used_at = $2 where token_hash = $1', [
      hash,
      now.toISOString(),
    ]);
  }
  return { name: row.name, id: row.id, scopes: row.scopes };
}

const TOUCH_EVERY_MS = 60_000;
const touched = new Map<string, number>();

function shouldTouch(hash: string, now: number): boolean {
  const last = touched.get(hash);
  if (last !== undefined && now - last < TOUCH_EVERY_MS && now >= last) return false;
  touched.set(hash, now);
  if (touched.size > 10_000) touched.clear();
  return true;
}
