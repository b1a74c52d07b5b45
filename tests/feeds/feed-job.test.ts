// The scheduled feeds job: every feed not paused runs, one that fails is marked failing and the
// others still run; thirty daily slices served one a day bring thirty days, each incident once.

import { afterAll, beforeAll, expect, test } from 'vitest';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import { addFeed, feedNamed, pauseFeed } from '../../src/feeds/feed-store.ts';
import { jobsAlertingOps } from '../helpers/admin-jobs.ts';
import { bodyOf, testApi } from '../helpers/api.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { demoBot, demoInto } from '../helpers/demo-city.ts';
import { rowsOf } from '../helpers/rows.ts';
import { SlackFake } from '../helpers/slack-fake.ts';
import { type SodaRow, SodaServer } from '../helpers/soda-server.ts';

const portal = new SodaServer();
beforeAll(() => portal.start());
afterAll(() => portal.stop());

/** Day d's incidents, as the portal publishes them the morning after. */
const slice = (d: number): SodaRow[] =>
  Array.from({ length: 5 }, (_, i) => {
    const day = `2026-10-${String(d + 1).padStart(2, '0')}`;
    return {
      ':id': `row-${d}-${i}`,
      ':updated_at': `${`2026-10-${String(d + 2).padStart(2, '0')}`.replace('2026-10-32', '2026-11-01')}T06:00:0${i}.000Z`,
      id: `${d * 10 + i}`,
      date: `${day}T${String(8 + i * 3).padStart(2, '0')}:15:00.000`,
      primary_type: 'THEFT',
      latitude: String(41.88 + i * 0.004),
      longitude: String(-87.63 - d * 0.001),
    };
  });

test('thirty daily slices, one a day, bring thirty days, each incident once; a failing feed does not stop the others and alerts once', async () => {
  const database = await freshDatabase('pglite');
  const bot = demoBot(database);
  const slack = new SlackFake();
  await slack.start();
  try {
    const who = { actorKind: 'cli' as const, actor: 'cli' };
    await addFeed(
      database,
      { name: 'city', kind: 'socrata', url: portal.resourceUrl, options: { profile: 'chicago' } },
      who,
    );
    await addFeed(
      database,
      {
        name: 'broken',
        kind: 'socrata',
        url: `http://127.0.0.1:${portal.port}/resource/zzzz-zzzz.json`,
        options: {},
      },
      who,
    );
    await addFeed(
      database,
      { name: 'held', kind: 'socrata', url: portal.resourceUrl, options: { profile: 'chicago' } },
      who,
    );
    await pauseFeed(database, 'held', true, who);
    const work = jobsAlertingOps(bot, slack);
    for (let d = 0; d < 30; d++) {
      portal.rows.push(...slice(d));
      // Noon the day after, when the portal has published the day.
      const ran = await work.feeds!(new Date(Date.UTC(2026, 9, d + 2, 12)));
      expect(ran.city).toMatchObject({ added: 5, updated: 0, deleted: 0 });
      expect(ran.broken).toEqual({ error: expect.stringMatching(/^the portal answered 404/) });
      expect(ran.held).toBeUndefined();
    }
    const [stored] = await rowsOf<{ n: number; days: number }>(
      database,
      "select count(*)::int as n, count(distinct (occurred_at at time zone 'America/Chicago')::date)::int as days from incidents",
    );
    expect(stored).toEqual({ n: 150, days: 30 });
    expect((await feedNamed(database, 'broken')).failures).toBe(30);
    expect((await feedNamed(database, 'city')).failures).toBe(0);
    // One alert, on the third failure in a row, to the admin channel; none for the healthy feed.
    const alerts = slack.calls.filter((c) => c.method === 'chat.postMessage');
    expect(alerts.map((c) => [c.body.channel, String(c.body.text).split(' · ')[0]])).toEqual([
      ['C0OPS', 'Feed broken keeps failing'],
    ]);
    // /model says how each feed is doing.
    const model = await new ConsoleAdapter(bot.dispatcher, { mapDir: '/tmp', role: 'viewer' }, () => {}).ask(
      '/model',
    );
    expect(model).toContain('Feed broken: failing 30 runs in a row, last success never, no incidents yet.');
    expect(model).toMatch(/Feed city: ok, last success \d+ min ago, newest incident \d+ (h|days) old\./);
    expect(model).toContain('Feed held: paused, last success never, newest incident');
    // Readiness names it, and says the service is degraded, not down.
    const ready = await testApi(database).request('/readyz');
    expect(ready.status).toBe(200);
    expect(await bodyOf(ready)).toMatchObject({
      status: 'degraded',
      failingFeeds: [
        { name: 'broken', failures: 30, lastError: expect.stringMatching(/^the portal answered 404/) },
      ],
    });
  } finally {
    await bot.close();
    await slack.stop();
  }
}, 120_000);

test("a feed's first rows replace the demo city: a training on them is queued, and scoring ahead waits for it rather than failing", async () => {
  const database = await demoInto(await freshDatabase('pglite'));
  const bot = demoBot(database);
  const slack = new SlackFake();
  await slack.start();
  const city = new SodaServer();
  await city.start();
  try {
    // Sixty days of a real city, published at once.
    city.rows = Array.from({ length: 60 }, (_, d) =>
      slice(d % 30).map((r) => ({ ...r, ':id': `${r[':id']}-${d}`, id: `${d}-${r.id}` })),
    ).flat();
    await addFeed(
      database,
      { name: 'city', kind: 'socrata', url: city.resourceUrl, options: { profile: 'chicago' } },
      { actorKind: 'cli', actor: 'cli' },
    );
    const work = jobsAlertingOps(bot, slack);
    const ran = await work.feeds!(new Date('2026-11-02T12:00:00Z'));
    expect(ran.city).toMatchObject({
      added: 300,
      training: expect.stringMatching(
        /^a model (is training on your data now|will train on your data after)/,
      ),
    });
    // Until the training ends no model answers for the city: the forecasts of the next briefings are
    // not scored ahead, and the job says why instead of failing.
    const refresh = await work['forecast-refresh']!(new Date('2026-11-02T12:05:00Z'));
    if ('skipped' in refresh) expect(refresh.skipped).toMatch(/your data has replaced the demo city/);
    await bot.services.retrain.idle();
    const [real] = await rowsOf<{ n: number }>(
      database,
      'select count(*)::int as n from models where not demo',
    );
    expect(real!.n).toBeGreaterThan(0);
  } finally {
    await bot.close();
    await slack.stop();
    await city.stop();
  }
}, 120_000);
