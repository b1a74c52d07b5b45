// Arbitrary input at every route and every command: never a 500 or a stack trace, never a change to
// stored data from a rejected request.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { CONSOLE_CAPABILITIES } from '../../adapters/console/console-adapter.ts';
import { DISCORD_CAPABILITIES } from '../../adapters/discord/render.ts';
import { openApiDocument } from '../../src/api/openapi.ts';
import { createToken } from '../../src/auth/tokens.ts';
import type { Message } from '../../src/bot/message.ts';
import type { Database } from '../../src/db/client.ts';
import { testApi } from '../helpers/api.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { rowsOf } from '../helpers/rows.ts';
import { demoBot, trainedDemo } from '../helpers/trained-demo.ts';

// What a request could change. (A refused import still leaves its batch record, with the reasons, on
// purpose: the analyst can look up why; and every call is in the audit log.)
const counts = async (database: Database) =>
  (
    await rowsOf<{ n: string }>(
      database,
      `select (select count(*) from incidents) || '/' || (select count(*) from subscriptions) || '/' ||
              (select count(*) from api_tokens) || '/' || (select count(*) from models) as n`,
    )
  )[0]!.n;

const SQLISH = ["'; drop table incidents; --", '1 OR 1=1', '../../etc/passwd', '%00', '\u0000', '{"$ne":1}'];
const anyValue = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.constantFrom(...SQLISH),
  fc.integer().map(String),
  fc.double().map(String),
  fc.string({ unit: 'binary', maxLength: 50 }),
);

test('the OpenAPI document lists every route and is served without a token', async () => {
  const database = await freshDatabase('pglite');
  const api = testApi(database);
  const response = await api.request('/v1/openapi.json');
  expect(response.status).toBe(200);
  const doc = (await response.json()) as {
    openapi: string;
    paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
  };
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths).sort()).toEqual(
    [
      '/healthz',
      '/readyz',
      '/v1/audit',
      '/v1/hotspots.geojson',
      '/v1/incidents',
      '/v1/ingest/batches/{id}',
      '/v1/jobs',
      '/v1/models',
      '/v1/models/retrain',
      '/v1/reports/fairness',
      '/v1/reports/monthly',
      '/v1/units',
      '/v1/coverage',
      '/v1/desks',
      '/v1/desks/{cell}',
      '/v1/placeholders',
      '/v1/placeholders/{point}',
      '/v1/feeds',
      '/v1/feeds/{name}',
      '/v1/feeds/{name}/run',
      '/v1/feeds/{name}/pause',
      '/v1/feeds/{name}/resume',
    ].sort(),
  );
  expect(doc.paths['/v1/hotspots.geojson']!.get!.parameters!.map((p) => p.name)).toEqual([
    'when',
    'category',
    'top',
    'at',
  ]);
  expect(doc).toEqual(JSON.parse(JSON.stringify(openApiDocument(api))));
});

test('arbitrary query strings and bodies at every route never give a 500 or change what is stored', async () => {
  const database = await freshDatabase('pglite');
  const admin = await createToken(database, 'fuzz', ['admin']);
  const api = testApi(database, { apiToken: undefined });
  const before = await counts(database);
  const paths = [
    '/v1/incidents',
    '/v1/ingest/batches/',
    '/v1/hotspots.geojson',
    '/v1/jobs',
    '/v1/audit',
    '/v1/models',
    '/v1/reports/fairness',
    '/v1/reports/monthly',
  ];
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...paths),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), anyValue, { maxKeys: 5 }),
      anyValue,
      async (path, query, tail) => {
        const search = new URLSearchParams(query as Record<string, string>).toString();
        const url = `${path}${path.endsWith('/') ? encodeURIComponent(tail) : ''}?${search}`;
        const response = await api.request(url, {
          method: path === '/v1/incidents' ? 'POST' : 'GET',
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
          ...(path === '/v1/incidents' ? { body: tail } : {}),
        });
        const text = await response.text();
        expect(response.status).toBeLessThan(500);
        expect(text).not.toMatch(/\n\s+at /);
        // A rejected request leaves nothing behind.
        if (response.status >= 400) expect(await counts(database)).toBe(before);
      },
    ),
    { numRuns: 150, seed: 20261129 },
  );
}, 120_000);

test('arbitrary words or typed options at every command give an answer or a clear refusal, never a fault', async () => {
  const database = await trainedDemo('pglite');
  const bot = demoBot(database);
  try {
    const before = await counts(database);
    const names = bot.dispatcher.commands.map((c) => c.name).filter((n) => n !== 'retrain');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.array(anyValue, { maxLength: 4 }),
        async (command, words) => {
          const reply = await new Promise<Message>((resolve) => {
            void bot.dispatcher.dispatch(
              {
                command,
                input: { text: words.join(' ') },
                user: { platform: 'console', id: 'fuzz', role: 'viewer' },
                channelId: 'fuzz',
              },
              {
                capabilities: CONSOLE_CAPABILITIES,
                acknowledge: async () => undefined,
                reply: async (m) => resolve(m),
                post: async () => undefined,
              },
            );
          });
          expect(reply.title).not.toMatch(/did not work on our side/);
          if (reply.tone === 'error') expect(await counts(database)).toBe(before);
        },
      ),
      { numRuns: 100, seed: 20261129 },
    );

    // Typed options, as Discord and buttons send them: the spec's names and made-up ones, with values
    // of every JSON type (a string where a number belongs, fractions, huge numbers, nesting).
    const jsonValue = fc.oneof(
      anyValue,
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom(1e308, -1, 0, 26, 2 ** 53),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
    );
    const typed = fc
      .constantFrom(...bot.dispatcher.commands.filter((c) => c.name !== 'retrain'))
      .chain((spec) => {
        const subcommands = spec.action ? [undefined] : Object.keys(spec.subcommands);
        return fc.constantFrom(...subcommands).chain((sub) => {
          const action = spec.action ?? spec.subcommands[sub!]!;
          const names = [...action.options.map((o) => o.name), 'nope', '__proto__'];
          return fc.record({
            command: fc.constant(spec.name),
            subcommand: fc.constant(sub),
            options: fc.dictionary(fc.constantFrom(...names), jsonValue, { maxKeys: 4 }),
            role: fc.constantFrom('viewer' as const, 'supervisor' as const),
          });
        });
      });
    await fc.assert(
      fc.asyncProperty(typed, async ({ command, subcommand, options, role }) => {
        const reply = await new Promise<Message>((resolve) => {
          void bot.dispatcher.dispatch(
            {
              command,
              input: { options, ...(subcommand ? { subcommand } : {}) },
              user: { platform: 'discord', id: 'fuzz', role },
              channelId: 'fuzz',
            },
            {
              capabilities: DISCORD_CAPABILITIES,
              acknowledge: async () => undefined,
              reply: async (m) => resolve(m),
              post: async () => undefined,
            },
          );
        });
        expect(reply.title).not.toMatch(/did not work on our side/);
      }),
      { numRuns: 80, seed: 20261129 },
    );
  } finally {
    await bot.close();
  }
}, 300_000);
