// What every route group is built with: an OpenAPIHono whose routes are declared once (request,
// responses, statuses), validated from that declaration, and described by it in /v1/openapi.json.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Env } from 'hono';
import type { Scope, TokenAuth } from '../auth/tokens.ts';
import { requireScope } from './auth.ts';
import { queryProblem } from './query-problem.ts';

export const errorBody = z.object({ error: z.string() }).openapi('Error');

const ERRORS = {
  400: 'the request is not valid; the error says why',
  401: 'no token, or an unknown or revoked one',
  403: 'the token lacks the scope',
  404: 'nothing by that id',
  409: 'the request is sound, but the state of things refuses it; the error says why',
  413: 'the body is larger than the limit',
  429: 'too many requests (see Retry-After)',
  503: 'the database is unavailable (see Retry-After)',
} as const;
export type ErrorStatus = keyof typeof ERRORS;

/** Error answers, all `{ error }`; `described` overrides the general wording for this route. */
export function errors<S extends ErrorStatus>(
  statuses: readonly S[],
  described: Partial<Record<S, string>> = {},
) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: described[s] ?? ERRORS[s], content: { 'application/json': { schema: errorBody } } },
    ]),
  ) as Record<S, { description: string; content: { 'application/json': { schema: typeof errorBody } } }>;
}

/** Every route behind a token answers these, from its scope check, rate limit and database. */
export const GUARDED = [401, 403, 429, 503] as const;

export const json = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
});

/**
 * Needs a token with `scope` (admin holds every scope): the check and its description come from one
 * place, so the document cannot name another scope than the one enforced.
 */
export const secured = (auth: TokenAuth, scope: Scope) => ({
  security: [{ bearer: [scope] }],
  description: `Needs a token with the ${scope} scope (or admin).`,
  middleware: requireScope(auth, scope),
});

/** A route group; a request its declaration refuses is answered 400 with the first problem named. */
export function routes<E extends Env = Env>(): OpenAPIHono<E> {
  return new OpenAPIHono<E>({
    defaultHook: (result, c) => {
      if (!result.success) return c.json({ error: queryProblem(result.error) }, 400);
    },
  });
}
