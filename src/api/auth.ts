// Bearer tokens with scopes: 401 for a missing, unknown or revoked token, 403 for one without the scope.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { allows, authenticate, type Principal, type Scope, type TokenAuth } from '../auth/tokens.ts';
import { hasControlCharacter, storableText } from '../db/storable.ts';

export type AuthEnv = {
  Variables: {
    requestId: string;
    principal?: Principal;
    /** Set for refusals past the anonymous allowance: a flood writes no audit rows. */
    unaudited?: boolean;
    /** Set by a call that wrote its own audit entry with its change. */
    audited?: boolean;
  };
};

/** The caller's address, for limiting anonymous refusals (unknown where no socket is behind the request). */
function addressOf(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function requireScope(auth: TokenAuth, scope: Scope): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    const principal = match ? await authenticate(auth, match[1]!) : undefined;
    if (!principal) {
      const waitMs = (await auth.anonymous?.take(addressOf(c))) ?? 0;
      if (waitMs > 0) {
        c.set('unaudited', true);
        c.header('Retry-After', String(Math.ceil(waitMs / 1000)));
        return c.json({ error: 'too many requests without a valid token; slow down' }, 429);
      }
      c.header('WWW-Authenticate', 'Bearer');
      return c.json({ error: 'a valid bearer token is required (patrolcast token create)' }, 401);
    }
    c.set('principal', principal);
    if (!allows(principal, scope)) {
      return c.json({ error: `this token lacks the ${scope} scope` }, 403);
    }
    const waitMs = (await auth.limiter?.take(principal.name)) ?? 0;
    if (waitMs > 0) {
      c.header('Retry-After', String(Math.ceil(waitMs / 1000)));
      return c.json({ error: 'too many requests for this token; slow down' }, 429);
    }
    // A NUL or another control character is in no name, date or option: such a query is refused whole
    // (and its audit entry keeps the rest, the character replaced).
    const query = new URL(c.req.url).searchParams;
    for (const [key, value] of query) {
      if (hasControlCharacter(key) || hasControlCharacter(value))
        return c.json(
          {
            error: `the query parameter '${storableText(key).slice(0, 40)}' holds a control character (such as NUL)`,
          },
          400,
        );
    }
    await next();
  };
}
