// GET /v1/openapi.json: generated from the routes' own declarations (src/api/route-kit.ts), so the
// document cannot drift from what the routes accept and answer.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';

const DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'patrolcast',
    version: '1',
    description: 'Incidents in, forecasts out. Tokens: `patrolcast token create`.',
  },
};

/** Adds the document's route to an app whose routes are all declared. */
export function describeApi<E extends Env>(app: OpenAPIHono<E>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token from `patrolcast token create`.',
  });
  app.doc31('/v1/openapi.json', DOCUMENT);
}

/** The document as the route serves it. */
export const openApiDocument = <E extends Env>(app: OpenAPIHono<E>) => app.getOpenAPI31Document(DOCUMENT);
