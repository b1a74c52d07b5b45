// Officers say they were there: a "Visited" press in Slack and a /visited typed in the console both show
// in the next answer, in the next briefing's coverage line and in `patrolcast coverage`.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Bot } from '../../adapters/bot.ts';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import { type RunningSlack, runSlack } from '../../adapters/slack/slack-adapter.ts';
import { databaseReplayGuard } from '../../src/auth/replay-guard.ts';
import type { Database } from '../../src/db/client.ts';
import { fairnessForPeriod } from '../../src/fairness/fairness-service.ts';
import { silentLogger } from '../../src/log.ts';
import { recordVisits } from '../../src/plan/visits.ts';
import { TEST_FORECAST_SETTINGS as settings } from '../helpers/api.ts';
import { runCli } from '../helpers/cli.ts';
import { rowsOf } from '../helpers/rows.ts';
import { SlackFake, sendToSlackApp } from '../helpers/slack-fake.ts';
import { demoBot, sharedTrainedDemo } from '../helpers/trained-demo.ts';

const SECRET = 'slack-signing-secret-for-visits';
const fake = new SlackFake();
let database: Database;
let dispose: () => Promise<void>;
let bot: Bot;
let slack: RunningSlack;
let sent = 0;

// Monday 23:00 in Chicago: the night shift is under way.
const NIGHT = new Date('2026-06-02T04:00:00Z');
// Tuesday 06:05: the next shift has begun.
const MORNING = new Date('2026-06-02T11:05:00Z');

const payload = (body: Record<string, string>) => sendToSlackApp(slack.port!, body, { secret: SECRET });

beforeAll(async () => {
  await fake.start();
  ({ database, dispose } = await sharedTrainedDemo('postgres'));
  bot = demoBot(database, undefined, {}, NIGHT);
  slack = await runSlack(
    bot.dispatcher,
    {
      botToken: 'xoxb-test-token',
      signingSecret: SECRET,
      appToken: undefined,
      mode: 'http',
      port: 0,
      apiUrl: `${fake.url}/api/`,
      roles: { supervisor: [], analyst: [], admin: [] },
      commandPrefix: '',
    },
    'viewer',
    silentLogger(),
    {
      host: '127.0.0.1',
      retries: 0,
      botId: 'B0BOT',
      botUserId: 'U0BOT',
      replays: databaseReplayGuard(database),
    },
  );
}, 120_000);

afterAll(async () => {
  await slack?.stop();
  await bot?.close();
  await dispose?.();
  await fake.stop();
});

type Block = { type: string; text?: { text: string }; elements?: { action_id?: string; value?: string }[] };

async function slackCommand(text: string) {
  const id = String(++sent);
  await payload({
    command: '/hotspots',
    text,
    user_id: 'UOFFICER1',
    user_name: 'someone',
    channel_id: 'C0PATROL',
    channel_name: 'patrol',
    team_id: 'T0AGENCY',
    team_domain: 'agency',
    response_url: `${fake.url}/response/${id}`,
    trigger_id: `trigger-v${id}`,
    api_app_id: 'A0APP',
    token: 'legacy',
  });
  return fake.waitFor((c) => c.method === 'response' && c.body.responseId === id);
}

test('a Visited press in Slack and a /visited typed in the console show in the next answer, briefing and coverage', async () => {
  // The night plan in Slack, with a "Visited" button under each unit.
  const answer = await slackCommand('');
  const buttons = (answer.body.blocks as Block[]).find((b) => b.type === 'actions')!.elements!;
  const z1 = buttons.find((b) => b.value?.startsWith('visited Z1 '))!;
  expect(z1.value).toBe('visited Z1 at=2026-06-01T22:00');
  const texts = (answer.body.blocks as Block[]).map((b) => b.text?.text ?? '');
  const lead = texts.find((t) => /^\*\d units\*/.test(t));
  expect(lead, texts.join('\n---\n')).toBeDefined();
  const z1Stops = lead!.split('\n').findIndex((l) => l.startsWith('Z1'));
  const z1Places = lead!.split('\n')[z1Stops + 1]!.split(' → ').length;

  // An officer presses it.
  const id = String(++sent);
  await payload({
    payload: JSON.stringify({
      type: 'block_actions',
      user: { id: 'UOFFICER2', username: 'other', team_id: 'T0AGENCY' },
      api_app_id: 'A0APP',
      token: 'legacy',
      container: { type: 'message', message_ts: '1.1', channel_id: 'C0PATROL', is_ephemeral: false },
      trigger_id: `trigger-press-${id}`,
      team: { id: 'T0AGENCY', domain: 'agency' },
      channel: { id: 'C0PATROL', name: 'patrol' },
      response_url: `${fake.url}/response/${id}`,
      actions: [
        { action_id: z1.action_id, block_id: 'b1', value: z1.value, type: 'button', action_ts: '1.2' },
      ],
    }),
  });
  const recorded = await fake.waitFor((c) => c.method === 'response' && c.body.responseId === id);
  expect(recorded.body.response_type).toBe('ephemeral');
  expect(String(recorded.body.text)).toMatch(/^Visit recorded: Z1/);

  // Another types one in the console, for one numbered place, 20 minutes.
  const console = new ConsoleAdapter(bot.dispatcher, { mapDir: '/tmp', role: 'viewer' }, () => {});
  expect(await console.ask('/visited #2 20')).toMatch(
    /^Visit recorded: #2 \d+00 block of [^\n]+\n20 min · night shift · Mon 22:00–06:00\n/,
  );
  expect(await console.ask('/visited Z9')).toBe('There is no Z9 in this plan; its units are Z1 to Z3');

  const stored = await rowsOf<{ platform: string; n: number }>(
    database,
    'select platform, count(*)::int as n from visits group by platform order by platform',
  );
  expect(stored).toEqual([
    { platform: 'console', n: 1 },
    { platform: 'slack', n: z1Places },
  ]);

  // The next answer says which places were visited this shift.
  const again = await console.ask('/hotspots');
  expect(again).toMatch(/#1 \d+00 block of [^→\n]+ \(visited once this shift, 15 min\)/);
  expect(again).toMatch(/\n 2\. .* · visited (once|twice) this shift, (20|35) min: /);

  // The next shift's briefing opens with what was covered.
  const morning = demoBot(database, undefined, {}, MORNING);
  try {
    const briefing = await new ConsoleAdapter(
      morning.dispatcher,
      { mapDir: '/tmp', role: 'viewer' },
      () => {},
    ).ask('/briefing now');
    expect(briefing.split('\n')[2]).toMatch(
      new RegExp(
        `^Monday 2026-06-01 22:00–06:00: Z1 ${z1Places} of ${z1Places} places, Z2 \\d of \\d places`,
      ),
    );
  } finally {
    await morning.close();
  }

  // And `patrolcast coverage` reports them by shift, district and place.
  const cli = await runCli(['coverage', '--from', '2026-06-01', '--to', '2026-06-02', '--json'], {
    DATABASE_URL: database.kind === 'postgres' ? database.url : '',
    PATROLCAST_TZ: 'America/Chicago',
  });
  expect([cli.code, cli.stderr]).toEqual([0, expect.not.stringContaining('error')]);
  const report = JSON.parse(cli.stdout);
  expect(report.visits).toBe(z1Places + 1);
  expect(report.byWindow).toEqual([
    {
      windowStart: '2026-06-01 22:00',
      places: expect.any(Number),
      visits: z1Places + 1,
      minutes: expect.any(Number),
    },
  ]);
  expect(report.byPlace[0]).toMatchObject({
    place: expect.stringMatching(/block of/),
    visits: expect.any(Number),
  });

  // The fairness report shows where the patrol went, by district.
  const fairness = await fairnessForPeriod(database, settings, {
    from: { year: 2026, month: 6, day: 1 },
    to: { year: 2026, month: 6, day: 1 },
  });
  expect(fairness.patrolExposure.reduce((s, d) => s + d.visits, 0)).toBe(z1Places + 1);
  expect(fairness.patrolExposure.reduce((s, d) => s + d.share, 0)).toBeCloseTo(1, 6);
  expect(fairness.patrolExposure.every((d) => d.district !== null)).toBe(true);

  // A visit to the night shift recorded the next morning counts for the night's day, not the morning's.
  const [night] = await rowsOf<{ cell: string; window_start: Date; window_end: Date }>(
    database,
    'select cell, window_start, window_end from visits limit 1',
  );
  await recordVisits(database, [
    {
      platform: 'console',
      userId: 'U-LATE',
      cell: night!.cell,
      district: null,
      unit: null,
      windowStart: new Date(night!.window_start),
      windowEnd: new Date(night!.window_end),
      visitedAt: new Date(new Date(night!.window_end).getTime() + 30 * 60_000),
      minutes: 10,
    },
  ]);
  const coverageOf = async (day: string) =>
    JSON.parse(
      (
        await runCli(['coverage', '--from', day, '--to', day, '--json'], {
          DATABASE_URL: database.kind === 'postgres' ? database.url : '',
          PATROLCAST_TZ: 'America/Chicago',
        })
      ).stdout,
    ) as { visits: number };
  expect((await coverageOf('2026-06-01')).visits).toBe(z1Places + 2);
  expect((await coverageOf('2026-06-02')).visits).toBe(0);
}, 120_000);
