// The ingest API's token check: one shared bearer token from the settings.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

const digest = (value: string) => createHash('sha256').update(value).digest();

export function requireBearer(token: string | undefined): MiddlewareHandler {
  const expected = token ? digest(token) : undefined;
  return async (c, next) => {
    if (!expected) {
      return c.json({ error: 'this API is disabled until PATROLCAST_API_TOKEN is set' }, 401);
    }
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    // Compare digests so the comparison takes the same time whatever the token's length.
    if (!match || !timingSafeEqual(digest(match[1]!.trim()), expected)) {
      c.header('WWW-Authenticate', 'Bearer');
      return c.json({ error: 'a valid bearer token is required' }, 401);
    }
    await next();
  };
}
