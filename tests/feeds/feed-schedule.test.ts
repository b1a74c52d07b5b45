// When feeds run by themselves: each on its own schedule, a failing one backing off (and trying again
// by itself), and one that brings nothing for too long reported to the administrators once.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { feedTurn } from '../../src/feeds/feed-due.ts';
import { addFeed, feedNamed, settleRun } from '../../src/feeds/feed-store.ts';
import { dataFreshness } from '../../src/forecast/freshness.ts';
import { jobsAlertingOps } from '../helpers/admin-jobs.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { demoBot } from '../helpers/demo-city.ts';
import { importPath, tempFile } from '../helpers/import.ts';
import { SlackFake } from '../helpers/slack-fake.ts';
import { SodaServer } from '../helpers/soda-server.ts';

const portal = new SodaServer();
beforeAll(() => portal.start());
afterAll(() => portal.stop());

const MIN = 60_000;
const who = { actorKind: 'cli' as const, actor: 'cli' };

test('a feed runs when its own schedule says, backs off after failures, and recovers by itself', async () => {
  const database = await freshDatabase('pglite');
  try {
    await addFeed(
      database,
      { name: 'daily', kind: 'socrata', url: portal.resourceUrl, options: { schedule: '0 6 * * *' } },
      who,
    );
    const daily = await feedNamed(database, 'daily');
    const tz = 'America/Chicago';
    // Never run: its first turn is now.
    expect(feedTurn(daily, new Date('2026-10-05T12:00:00Z'), tz)).toEqual({ due: true });
    const ranAt = { ...daily, lastRunAt: new Date('2026-10-05T11:00:00Z') }; // 06:00 in Chicago
    expect(feedTurn(ranAt, new Date('2026-10-05T20:00:00Z'), tz).due).toBe(false);
    expect(feedTurn(ranAt, new Date('2026-10-06T11:00:00Z'), tz)).toEqual({ due: true });

    // A source that is down: tried at 5, 16, 47 minutes as the back-off doubles (15, 30 min), not in between.
    const failing = {
      ...daily,
      options: { schedule: '*/5 * * * *' },
      lastRunAt: new Date('2026-10-05T12:00:00Z'),
    };
    const at = (m: number) => new Date(Date.UTC(2026, 9, 5, 12, m));
    expect(feedTurn({ ...failing, failures: 1 }, at(10), tz)).toMatchObject({ due: false });
    expect(feedTurn({ ...failing, failures: 1 }, at(16), tz)).toEqual({ due: true });
    expect(feedTurn({ ...failing, failures: 2 }, at(25), tz)).toMatchObject({
      due: false,
      why: expect.stringMatching(/^backing off after 2 failures until 2026-10-05T12:30/),
    });
    expect(feedTurn({ ...failing, failures: 2 }, at(31), tz)).toEqual({ due: true });
    // However long it has failed, it is tried again within twelve hours.
    expect(feedTurn({ ...failing, failures: 40 }, new Date(at(0).getTime() + 12 * 60 * MIN), tz)).toEqual({
      due: true,
    });
    expect(feedTurn({ ...failing, paused: true }, at(59), tz)).toEqual({ due: false, why: 'paused' });
  } finally {
    await database.close();
  }
});

test('a feed whose runs succeed but bring nothing for its quiet hours is reported once, until rows come again', async () => {
  const database = await freshDatabase('pglite');
  const bot = demoBot(database);
  const slack = new SlackFake();
  await slack.start();
  try {
    await addFeed(
      database,
      {
        name: 'silent',
        kind: 'socrata',
        url: portal.resourceUrl,
        options: { profile: 'chicago', schedule: '*/5 * * * *', quietHours: 24 },
      },
      who,
    );
    const created = (await feedNamed(database, 'silent')).createdAt.getTime();
    const work = jobsAlertingOps(bot, slack);
    const hoursLater = (h: number) => new Date(created + h * 60 * MIN);
    const alerts = () =>
      slack.calls
        .filter((c) => c.method === 'chat.postMessage')
        .map((c) => String(c.body.text).split(' · ')[0]);
    await work.feeds!(hoursLater(1));
    expect(alerts()).toEqual([]);
    await work.feeds!(hoursLater(25));
    expect(alerts()).toEqual(['Feed silent has brought nothing new for 25 hours']);
    await work.feeds!(hoursLater(26));
    expect(alerts()).toHaveLength(1);
    // Rows again: the feed is no longer quiet, and a later silence would be reported afresh.
    portal.rows.push({
      ':id': 'row-q',
      ':updated_at': '2026-12-01T00:00:00.000Z',
      id: '900',
      date: '2026-11-30T10:00:00.000',
      primary_type: 'THEFT',
      latitude: '41.88',
      longitude: '-87.63',
    });
    const ran = await work.feeds!(hoursLater(27));
    expect(ran.silent).toMatchObject({ received: 1, added: 1 });
    expect(await feedNamed(database, 'silent')).toMatchObject({ quietAlerted: false });
    await work.feeds!(hoursLater(40));
    expect(alerts()).toHaveLength(1);
    await work.feeds!(hoursLater(52));
    expect(alerts()).toEqual([
      'Feed silent has brought nothing new for 25 hours',
      'Feed silent has brought nothing new for 25 hours',
    ]);
  } finally {
    portal.rows = [];
    await bot.close();
    await slack.stop();
  }
});

test('old data are not called stale while a healthy feed keeps them as new as the source publishes', async () => {
  const database = await freshDatabase('pglite');
  try {
    // The newest incident is ten days old: past the seven stale days.
    await importPath(
      database,
      tempFile(
        'old.csv',
        `id,occurred_at,offense,lat,lon\nA1,${new Date(Date.now() - 10 * 86_400_000).toISOString()},theft,41.88,-87.63\n`,
      ),
    );
    const window = { start: new Date() };
    const settings = { staleDays: 7, timeZone: 'America/Chicago' };
    expect((await dataFreshness(database, window, settings)).stale).toBe(true);
    await addFeed(
      database,
      { name: 'monthly', kind: 'police-uk', url: 'essex', options: { quietHours: 1080 } },
      who,
    );
    const feed = await feedNamed(database, 'monthly');
    await settleRun(
      database,
      feed,
      { ok: true, highWater: '2026-10', result: { received: 1, added: 1 } },
      new Date(),
    );
    expect(await dataFreshness(database, window, settings)).toMatchObject({
      stale: false,
      staleNote: null,
      age: '10 days',
    });
    // Failing three runs in a row: the data are stale again, and say so.
    for (let i = 0; i < 3; i++)
      await settleRun(database, feed, { ok: false, error: 'police.uk did not answer' }, new Date());
    expect((await dataFreshness(database, window, settings)).staleNote).toMatch(
      /^Stale data: the newest incident/,
    );
  } finally {
    await database.close();
  }
});
