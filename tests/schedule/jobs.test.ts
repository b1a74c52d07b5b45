import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SlackPoster } from '../../adapters/slack/slack-poster.ts';
import { startJobs } from '../../jobs/runner.ts';
import { resolveWindow } from '../../src/forecast/windows.ts';
import { silentLogger } from '../../src/log.ts';
import { listRuns } from '../../src/schedule/briefing-runs.ts';
import { claimJob } from '../../src/schedule/job-runs.ts';
import type { JobSchedule } from '../../src/schedule/job-schedule.ts';
import { authorised, bodyOf, testApi } from '../helpers/api.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { subscribedToNights } from '../helpers/night-subscription.ts';
import { oneScheduler } from '../helpers/one-scheduler.ts';
import { rowsOf } from '../helpers/rows.ts';
import { SlackFake } from '../helpers/slack-fake.ts';
import { DEMO_NOW, demoBot, trainedDemo } from '../helpers/trained-demo.ts';

const SCHEDULE: JobSchedule[] = [
  { name: 'briefings', description: 'post briefings', cron: '* * * * *', timeZone: 'America/Chicago' },
  { name: 'retrain', description: 'retrain', cron: '0 3 * * 1', timeZone: 'America/Chicago' },
];

describeEachDatabase('scheduled jobs', (kind) => {
  test('two replicas firing the same minute run the job once', async () => {
    const database = await freshDatabase(kind);
    let runs = 0;
    const work = {
      briefings: async () => {
        runs++;
        return { posted: 0 };
      },
    };
    const a = startJobs(database, SCHEDULE, work, silentLogger(), { start: false });
    const b = startJobs(database, SCHEDULE, work, silentLogger(), { start: false });
    const minute = new Date('2026-05-04T10:45:00Z');
    const outcomes = await Promise.all([a.runNow('briefings', minute), b.runNow('briefings', minute)]);
    expect(outcomes.sort()).toEqual(['succeeded', 'taken']);
    expect(runs).toBe(1);
    // The next minute is a new run.
    expect(await b.runNow('briefings', new Date('2026-05-04T10:46:00Z'))).toBe('succeeded');
    expect(runs).toBe(2);
  });

  test('a job failing three times running is reported by readyz and GET /v1/jobs, until it succeeds', async () => {
    const database = await freshDatabase(kind);
    let fail = true;
    const jobs = startJobs(
      database,
      SCHEDULE,
      {
        retrain: async () => {
          if (fail) throw new Error('no incidents to learn from');
          return { version: 2 };
        },
      },
      silentLogger(),
      { start: false },
    );
    const api = testApi(database, { jobs: SCHEDULE });
    for (const week of [0, 1, 2]) {
      expect(await jobs.runNow('retrain', new Date(Date.UTC(2026, 4, 4 + 7 * week, 8)))).toBe('failed');
    }
    const ready = await api.request('/readyz');
    expect(ready.status).toBe(200);
    const body = (await bodyOf(ready)) as {
      status: string;
      failingJobs: { name: string; consecutiveFailures: number; lastError: string }[];
    };
    expect(body.status).toBe('degraded');
    expect(body.failingJobs).toEqual([
      { name: 'retrain', consecutiveFailures: 3, lastError: 'Error: no incidents to learn from' },
    ]);
    expect((await api.request('/v1/jobs')).status).toBe(401);
    const listed = (await bodyOf(await api.request('/v1/jobs', { headers: authorised() }))) as {
      jobs: { name: string; failing: boolean; nextRun: string; last: { lastStatus: string } | null }[];
    };
    expect(listed.jobs.map((j) => [j.name, j.failing, j.last?.lastStatus ?? null])).toEqual([
      ['briefings', false, null],
      ['retrain', true, 'failed'],
    ]);
    expect(new Date(listed.jobs[1]!.nextRun).getUTCDay()).toBe(1);
    fail = false;
    expect(await jobs.runNow('retrain', new Date(Date.UTC(2026, 4, 25, 8)))).toBe('succeeded');
    expect(((await bodyOf(await api.request('/readyz'))) as { status: string }).status).toBe('ok');
  });
});

describeEachDatabase('a replica that dies in the middle of a job', (kind) => {
  test('its run is marked failed by the next claim, shown so, and a retrain is run again once', async () => {
    const database = await freshDatabase(kind);
    // A replica killed with SIGKILL a quarter of an hour ago, holding the weekly retrain: it never renews.
    const killedAt = new Date(Date.now() - 15 * 60_000);
    expect(
      await claimJob(database, 'retrain', killedAt.toISOString(), 'replica-killed', killedAt, 5 * 60_000),
    ).toBeDefined();
    const api = testApi(database, { jobs: SCHEDULE });
    const stalled = (await bodyOf(await api.request('/v1/jobs', { headers: authorised() }))) as {
      jobs: { name: string; last: { lastStatus: string } | null }[];
    };
    expect(stalled.jobs.find((j) => j.name === 'retrain')?.last?.lastStatus).toBe('stalled');
    expect(await bodyOf(await api.request('/readyz'))).toMatchObject({
      status: 'degraded',
      stalledJobs: ['retrain'],
    });

    let retrains = 0;
    const survivor = startJobs(
      database,
      SCHEDULE,
      {
        briefings: async () => ({ posted: 0 }),
        retrain: async () => {
          retrains++;
          return { version: 7 };
        },
      },
      silentLogger(),
      { start: false },
    );
    // Any claim (the minutely briefings) finds the dead run; the retrain runs again, once.
    expect(await survivor.runNow('briefings', new Date())).toBe('succeeded');
    await survivor.stop();
    expect(await survivor.runNow('briefings', new Date(Date.now() + 60_000))).toBe('succeeded');
    expect(retrains).toBe(1);
    const runs = await rowsOf<{ run_key: string; status: string; error: string | null }>(
      database,
      "select run_key, status, error from jobs where name = 'retrain' order by id",
    );
    expect(runs.map((r) => [r.run_key, r.status])).toEqual([
      [killedAt.toISOString(), 'failed'],
      [`${killedAt.toISOString()}/retry`, 'succeeded'],
    ]);
    expect(runs[0]!.error).toContain('replica-killed');
    expect(((await bodyOf(await api.request('/readyz'))) as { status: string }).status).toBe('ok');
  });
});

describe('a scheduled briefing through Slack', () => {
  test('a map whose upload fails leaves the text posted once, and the run says the map is missing', async () => {
    const fake = new SlackFake();
    await fake.start();
    fake.failMethod('files.getUploadURLExternal', 'internal_error');
    try {
      const client = new webApi.WebClient('xoxb-test', {
        slackApiUrl: `${fake.url}/api/`,
        retryConfig: { retries: 0 },
      });
      const poster = new SlackPoster(client);
      const posted = await poster.post('C0NIGHTS', {
        title: 'Shift briefing',
        image: { png: new Uint8Array([137, 80, 78, 71]), filename: 'map.png', alt: 'the map' },
      });
      expect(posted.messageId).toMatch(/^\d+(\.\d+)?$/);
      expect(posted.incomplete).toContain('the map was not attached');
      expect(fake.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    } finally {
      await fake.stop();
    }
  });

  const fake = new SlackFake();
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  test('the demo briefing is posted with chat.postMessage, then its map uploaded, once', async () => {
    const database = await trainedDemo('pglite');
    const bot = demoBot(database);
    try {
      const client = new webApi.WebClient('xoxb-test', {
        slackApiUrl: `${fake.url}/api/`,
        retryConfig: { retries: 0 },
      });
      await subscribedToNights(database, 'C0NIGHTS', 3);
      const scheduler = oneScheduler(bot.services, new SlackPoster(client));
      const tonight = resolveWindow('tonight', DEMO_NOW, bot.services.forecasting);
      const at = new Date(tonight.start.getTime() - 15 * 60_000);
      expect((await scheduler.tick(at)).posted).toBe(1);
      expect((await scheduler.tick(new Date(at.getTime() + 60_000))).posted).toBe(0);
      const posts = fake.calls.filter((c) => c.method === 'chat.postMessage');
      expect(posts).toHaveLength(1);
      expect(posts[0]!.body.channel).toBe('C0NIGHTS');
      const blocks = posts[0]!.body.blocks as { type: string; text?: { text: string } }[];
      expect(blocks[0]!.text!.text).toMatch(
        /^DEMO DATA · Shift briefing · \w+ shift · \w{3} \d\d:\d\d–\d\d:\d\d$/,
      );
      const completed = await fake.waitFor((c) => c.method === 'files.completeUploadExternal');
      expect(completed.body.channel_id).toBe('C0NIGHTS');
      const [run] = await listRuns(database);
      expect([run!.status, run!.late]).toEqual(['posted', false]);
      // Slack's message timestamp, as the fake answered chat.postMessage.
      expect(run!.messageId).toMatch(/^\d+(\.\d+)?$/);
    } finally {
      await bot.close();
    }
  }, 120_000);
});
