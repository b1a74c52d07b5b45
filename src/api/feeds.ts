// Feeds over the API (admin scope): list them with their lag, add one, run one now, pause, resume,
// remove. Every change is audited with the token that made it. A drop folder or a secret file names
// a path on the server, so those are added from the server's command line only.
import { createRoute, z } from '@hono/zod-openapi';
import { type TokenAuth, tokenActor } from '../auth/tokens.ts';
import type { Database } from '../db/client.ts';
import { feedLags } from '../feeds/feed-lag.ts';
import { feedOf } from '../feeds/feed-spec.ts';
import { addFeed, type Feed, feedNamed, listFeeds, pauseFeed, removeFeed } from '../feeds/feed-store.ts';
import { runFeed } from '../feeds/run-feed.ts';
import { trainOnFirstRealData } from '../forecast/first-real-data.ts';
import type { RetrainQueue } from '../forecast/retrain-queue.ts';
import type { ImportSettings } from '../ingest/importer.ts';
import { auditEntryOf } from './audit.ts';
import type { AuthEnv } from './auth.ts';
import { errors, GUARDED, json, routes, secured } from './route-kit.ts';

const feedBody = z
  .object({
    name: z.string().min(1).max(40),
    socrata: z.string().max(500).optional().describe("a Socrata dataset's resource URL"),
    arcgis: z.string().max(500).optional().describe('an ArcGIS layer URL, ending in /FeatureServer/<n>'),
    ckan: z.string().max(500).optional().describe("a CKAN resource's page or DataStore URL"),
    policeUk: z.string().max(60).optional().describe('a police.uk force id, e.g. essex'),
    profile: z.string().max(40).optional(),
    maps: z.array(z.string().max(120)).max(40).optional().describe('column=field pairs'),
    crs: z.string().max(200).optional(),
    timeZone: z.string().max(60).optional(),
    source: z.string().max(40).optional(),
    rejectPoints: z.array(z.string().max(60)).max(40).optional(),
    idField: z.string().max(63).optional(),
    dateField: z.string().max(63).optional(),
    api: z.string().max(300).optional().describe('police.uk: a mirror of its API'),
    months: z.number().int().optional(),
    schedule: z.string().max(100).optional().describe('cron, in the agency time zone; hourly when absent'),
    quietHours: z.number().int().optional(),
  })
  .strict();

const feedView = z.record(z.string(), z.unknown());
const nameParam = z.object({ name: z.string().min(1).max(40) });

export function feedRoutes(deps: {
  database: Database;
  settings: ImportSettings;
  auth: TokenAuth;
  /** Where a run that brings the first real data queues its training. */
  retrain: RetrainQueue;
}) {
  const { database, settings, auth } = deps;
  const who = (c: Parameters<typeof auditEntryOf>[0]) => {
    const { action: _a, params: _p, outcome: _o, ...rest } = auditEntryOf(c, 'ok');
    c.set('audited', true);
    return rest;
  };
  const view = async (feeds: Feed[]) => {
    const lags = await feedLags(database, feeds);
    return feeds.map((f) => ({ ...f, lag: lags.get(f.name) ?? null }));
  };
  const named = (path: string, summary: string) =>
    createRoute({
      method: 'post',
      path,
      summary,
      ...secured(auth, 'admin'),
      request: { params: nameParam },
      responses: { 200: json('the feed', feedView), ...errors([400, 404, ...GUARDED]) },
    });
  return routes<AuthEnv>()
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/feeds',
        summary: "the feeds, each with its state, last run, and its newest incident's lag",
        ...secured(auth, 'admin'),
        responses: { 200: json('the feeds', z.array(feedView)), ...errors([...GUARDED]) },
      }),
      async (c) => c.json(await view(await listFeeds(database)), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/feeds',
        summary: 'add a feed (Socrata, ArcGIS or police.uk; drop folders from the command line)',
        ...secured(auth, 'admin'),
        request: { body: { content: { 'application/json': { schema: feedBody } }, required: true } },
        responses: { 201: json('the feed as added', feedView), ...errors([400, ...GUARDED]) },
      }),
      async (c) => {
        const { name, ...spec } = c.req.valid('json');
        await addFeed(database, { name, ...feedOf(spec) }, who(c));
        return c.json((await view([await feedNamed(database, name)]))[0]!, 201);
      },
    )
    .openapi(
      named('/v1/feeds/{name}/run', 'run a feed now: what changed since its last run, as one batch'),
      async (c) => {
        const feed = await feedNamed(database, c.req.valid('param').name);
        const run = await runFeed(database, feed, settings);
        const training = run.demoRemoved
          ? trainOnFirstRealData(deps.retrain, tokenActor(c.get('principal')!))
          : undefined;
        return c.json({ ...run, ...(training ? { training } : {}) }, 200);
      },
    )
    .openapi(named('/v1/feeds/{name}/pause', 'stop running a feed on its schedule'), async (c) => {
      const { name } = c.req.valid('param');
      await pauseFeed(database, name, true, who(c));
      return c.json((await view([await feedNamed(database, name)]))[0]!, 200);
    })
    .openapi(named('/v1/feeds/{name}/resume', 'run a paused feed again'), async (c) => {
      const { name } = c.req.valid('param');
      await pauseFeed(database, name, false, who(c));
      return c.json((await view([await feedNamed(database, name)]))[0]!, 200);
    })
    .openapi(
      createRoute({
        method: 'delete',
        path: '/v1/feeds/{name}',
        summary: 'remove a feed; what it stored stays (patrolcast batches delete undoes a run)',
        ...secured(auth, 'admin'),
        request: { params: nameParam },
        responses: { 200: json('removed', z.object({ removed: z.string() })), ...errors([404, ...GUARDED]) },
      }),
      async (c) => {
        const { name } = c.req.valid('param');
        await removeFeed(database, name, who(c));
        return c.json({ removed: name }, 200);
      },
    );
}
