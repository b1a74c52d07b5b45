// GET /v1/openapi.json: the API described from the same zod schemas that validate its requests, so the
// document cannot drift from what the routes accept.
import { Hono } from 'hono';
import { type ZodObject, z } from 'zod';
import { auditQuery } from './audit.ts';
import { hotspotsQuery } from './hotspots.ts';
import { importQuery } from './ingest.ts';
import { retrainQuery } from './models.ts';
import { fairnessQuery } from './reports.ts';

type Json = Record<string, unknown>;

const schemaOf = (schema: z.ZodType): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
};

function queryParameters(schema: ZodObject): Json[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const s = schemaOf(field as z.ZodType);
    const array = s.type === 'array';
    return {
      name,
      in: 'query',
      required: !(field as z.ZodType).safeParse(undefined).success,
      schema: s,
      ...(array ? { style: 'form', explode: true } : {}),
    };
  });
}

const error = { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] };
const errors = (codes: number[]): Json =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      {
        description: {
          400: 'the request is not valid; the error says why',
          401: 'no token, or an unknown or revoked one',
          403: 'the token lacks the scope',
          413: 'the body is larger than the limit',
          429: 'too many requests for this token (see Retry-After)',
          503: 'the database is unavailable (see Retry-After)',
        }[code],
        content: { 'application/json': { schema: error } },
      },
    ]),
  );
const ok = (description: string): Json => ({ description, content: { 'application/json': { schema: {} } } });
const secured = (scope: string) => ({
  security: [{ bearer: [scope] }],
  description: `Needs a token with the ${scope} scope (or admin).`,
});

export function openApiDocument(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'patrolcast',
      version: '1',
      description: 'Incidents in, forecasts out. Tokens: `patrolcast token create`.',
    },
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token from `patrolcast token create`.',
        },
      },
    },
    paths: {
      '/healthz': { get: { summary: 'liveness', responses: { 200: ok('the process is up') } } },
      '/readyz': {
        get: {
          summary: 'readiness: database, migrations, failing jobs',
          responses: { 200: ok('ready (or degraded)'), ...errors([503]) },
        },
      },
      '/v1/incidents': {
        post: {
          summary:
            'import incidents (CSV, JSON, NDJSON, GeoJSON, zipped shapefiles; gzip too), as the body or a multipart file',
          ...secured('ingest'),
          parameters: queryParameters(importQuery),
          requestBody: {
            required: true,
            content: {
              'text/csv': {},
              'application/json': {},
              'application/x-ndjson': {},
              'application/zip': {},
              'multipart/form-data': {},
            },
          },
          responses: { 200: ok('the import summary'), ...errors([400, 401, 403, 413, 429, 503]) },
        },
      },
      '/v1/ingest/batches/{id}': {
        get: {
          summary: 'one import batch, with every rejected row and why',
          ...secured('read'),
          parameters: [{ name: 'id', in: 'path', required: true, schema: schemaOf(z.uuid()) }],
          responses: {
            200: ok('the batch'),
            ...errors([400, 401, 403, 429]),
            404: { description: 'no such batch' },
          },
        },
      },
      '/v1/hotspots.geojson': {
        get: {
          summary: 'the forecast for a window as a GeoJSON FeatureCollection of cell polygons',
          ...secured('read'),
          parameters: queryParameters(hotspotsQuery),
          responses: { 200: ok('GeoJSON'), ...errors([400, 401, 403, 429]) },
        },
      },
      '/v1/jobs': {
        get: {
          summary: 'scheduled jobs: next run, last outcome',
          ...secured('read'),
          responses: { 200: ok('the jobs'), ...errors([401, 403, 429]) },
        },
      },
      '/v1/models': {
        get: {
          summary: 'the model registry: versions, status, what each learnt from, held-out scores',
          ...secured('read'),
          responses: { 200: ok('the models, newest first'), ...errors([401, 403, 429]) },
        },
      },
      '/v1/models/retrain': {
        post: {
          summary:
            'train a candidate model in the background; promoted only if it does as well as the active one',
          ...secured('retrain'),
          parameters: queryParameters(retrainQuery),
          responses: {
            202: ok('training has started'),
            ...errors([400, 401, 403, 429]),
            409: { description: 'a model is already training' },
          },
        },
      },
      '/v1/reports/fairness': {
        get: {
          summary:
            'the fairness report for the active model: concentration and persistence of flagged places, each district’s share against its share of reported incidents, warnings',
          ...secured('read'),
          parameters: queryParameters(fairnessQuery),
          responses: {
            200: ok('the report'),
            ...errors([400, 401, 403, 429]),
            409: { description: 'no active model, or no data for the period' },
          },
        },
      },
      '/v1/audit': {
        get: {
          summary: 'the audit log, newest first',
          ...secured('admin'),
          parameters: queryParameters(auditQuery),
          responses: { 200: ok('audit entries'), ...errors([400, 401, 403, 429]) },
        },
      },
    },
  };
}

export function openApiRoutes(): Hono {
  const app = new Hono();
  const document = openApiDocument();
  app.get('/v1/openapi.json', (c) => c.json(document));
  return app;
}
