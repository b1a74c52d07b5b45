import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Bot } from '../../adapters/bot.ts';
import { type RunningSlack, runSlack, type SlackSettings } from '../../adapters/slack/slack-adapter.ts';
import { databaseReplayGuard } from '../../src/auth/replay-guard.ts';
import { Dispatcher } from '../../src/bot/dispatcher.ts';
import type { Database } from '../../src/db/client.ts';
import { silentLogger } from '../../src/log.ts';
import { rowsOf } from '../helpers/rows.ts';
import { type SlackCall, SlackFake, sendToSlackApp } from '../helpers/slack-fake.ts';
import { slowCommand } from '../helpers/slow-command.ts';
import { demoBot, sharedTrainedDemo } from '../helpers/trained-demo.ts';

const SECRET = 'slack-signing-secret-for-tests';
const fake = new SlackFake();
let database: Database;
let dispose: () => Promise<void>;
let bot: Bot;
let slack: RunningSlack;
let responses = 0;

const settings = (): SlackSettings => ({
  botToken: 'xoxb-test-token',
  signingSecret: SECRET,
  appToken: undefined,
  mode: 'http',
  port: 0,
  apiUrl: `${fake.url}/api/`,
  roles: { supervisor: ['S0SUPERVISORS'], analyst: ['UANALYST1'], admin: [] },
  commandPrefix: '',
});

const start = (dispatcher: Dispatcher<unknown>, commandPrefix = '') =>
  runSlack(dispatcher, { ...settings(), commandPrefix }, 'viewer', silentLogger(), {
    host: '127.0.0.1',
    retries: 0,
    botId: 'B0BOT',
    botUserId: 'U0BOT',
    replays: databaseReplayGuard(database),
  });

/** A slash command as Slack sends it; resolves with Slack's HTTP answer and the response_url id. */
async function command(port: number, name: string, text: string, user = 'UVIEWER1') {
  const responseId = String(++responses);
  const answer = await sendToSlackApp(
    port,
    {
      command: `/${name}`,
      text,
      user_id: user,
      user_name: 'someone',
      channel_id: 'C0PATROL',
      channel_name: 'patrol',
      team_id: 'T0AGENCY',
      team_domain: 'agency',
      response_url: `${fake.url}/response/${responseId}`,
      trigger_id: `trigger-${responseId}`,
      api_app_id: 'A0APP',
      token: 'legacy',
    },
    { secret: SECRET },
  );
  return { ...answer, responseId };
}

const responseTo = (id: string) => fake.waitFor((c) => c.method === 'response' && c.body.responseId === id);
type Block = { type: string; text?: { text: string }; elements?: { action_id?: string; value?: string }[] };
const blocksOf = (call: SlackCall) => call.body.blocks as Block[];

beforeAll(async () => {
  await fake.start();
  // Group membership is read from Slack (and kept for minutes), so it is set before any command.
  fake.usergroups.set('S0SUPERVISORS', ['USUPER1']);
  ({ database, dispose } = await sharedTrainedDemo('pglite'));
  bot = demoBot(database);
  slack = await start(bot.dispatcher);
}, 120_000);

afterAll(async () => {
  await slack?.stop();
  await bot?.close();
  await dispose?.();
  await fake.stop();
});

describe('Slack over HTTP', () => {
  test('/hotspots is acknowledged, then answered privately in Block Kit with a button to share the map', async () => {
    const sent = await command(slack.port!, 'hotspots', 'tonight 3');
    expect(sent.status).toBe(200);
    const answer = await responseTo(sent.responseId);
    expect(answer.body.response_type).toBe('ephemeral');
    const blocks = blocksOf(answer);
    expect(blocks[0]).toEqual({
      type: 'header',
      text: {
        type: 'plain_text',
        text: 'DEMO DATA · Hotspots · night shift · Mon 22:00–06:00',
        emoji: false,
      },
    });
    // The units' zones come before the list; the list is one line a place.
    const texts = blocks.filter((b) => b.type === 'section').map((b) => b.text!.text);
    const zones = texts.findIndex((t) => t.startsWith('*3 units*'));
    const list = texts.findIndex((t) => /\n\*1\.\* </.test(t));
    expect(zones).toBeGreaterThan(-1);
    expect(list).toBeGreaterThan(zones);
    const places = texts[list]!.split('\n').filter((l) => /^\*\d+\.\* </.test(l));
    expect(places.map((l) => l.slice(0, 5))).toEqual(['*1.* ', '*2.* ', '*3.* ']);
    expect(places[0]).toMatch(
      /^\*1\.\* <https:\/\/www\.openstreetmap\.org\/[^|]+\|\d+00 block of [^>]+ \(\w+\)>: \*(very high|high|elevated|moderate)\*, \d\.\d\d/,
    );
    // The notification is one line.
    expect(String(answer.body.text)).toBe(
      'DEMO DATA · Hotspots · night shift · Mon 22:00–06:00 · Demo City (synthetic) · all incidents · 2026-06-01',
    );
    const buttons = blocks.find((b) => b.type === 'actions')!.elements!;
    // A "Visited" button under each unit (each its own action id), then the share button.
    expect(buttons.map((b) => b.action_id)).toEqual(['run', 'run.1', 'run.2', 'share']);
    expect(buttons[0]!.value).toBe('visited Z1 at=2026-06-01T22:00');
    const button = buttons.at(-1)!;
    // The button carries the shift that was resolved, not the word "tonight": shared later, it is the same answer.
    // The button carries a short id; the answer it stands for is kept in the database.
    expect(button.value).toMatch(/^[\w-]{12}$/);
    const [kept] = await rowsOf<{ command: string; options: unknown }>(
      database,
      'select command, options from shared_answers where id = $1',
      [button.value],
    );
    expect(kept).toEqual({ command: 'hotspots', options: { top: 3, at: '2026-06-01 22:00' } });
    // The map comes after the zones and before the list, from a file uploaded to no channel: the bot's alone.
    const at = (text: string) => blocks.findIndex((b) => b.text?.text === text);
    const imageAt = blocks.findIndex((b) => b.type === 'image');
    expect(imageAt).toBeGreaterThan(at(texts[zones]!));
    expect(imageAt).toBeLessThan(at(texts[list]!));
    const image = blocks[imageAt] as Block & { slack_file: { id: string }; alt_text: string };
    expect(image.alt_text).toMatch(/^Hotspot map, /);
    const privateUpload = await fake.waitFor(
      (c) =>
        c.method === 'files.completeUploadExternal' &&
        (c.body.files as { id: string }[])[0]!.id === image.slack_file.id,
    );
    expect(privateUpload.body.channel_id).toBeUndefined();

    // Pressing the button posts the answer to the channel, and uploads the map there.
    const responseId = String(++responses);
    const press = await sendToSlackApp(
      slack.port!,
      {
        payload: JSON.stringify({
          type: 'block_actions',
          user: { id: 'UVIEWER1', username: 'someone', team_id: 'T0AGENCY' },
          api_app_id: 'A0APP',
          token: 'legacy',
          container: { type: 'message', message_ts: '1.1', channel_id: 'C0PATROL', is_ephemeral: true },
          trigger_id: '1.2.4',
          team: { id: 'T0AGENCY', domain: 'agency' },
          channel: { id: 'C0PATROL', name: 'patrol' },
          response_url: `${fake.url}/response/${responseId}`,
          actions: [
            { action_id: 'share', block_id: 'b1', value: button.value, type: 'button', action_ts: '1.2' },
          ],
        }),
      },
      { secret: SECRET },
    );
    expect(press.status).toBe(200);
    const shared = await responseTo(responseId);
    expect(shared.body.response_type).toBe('in_channel');
    expect(String(shared.body.text)).toContain('night shift · Mon 22:00–06:00');
    // In the channel: the "Visited" buttons, for whoever presses them, and no share button.
    const sharedButtons = blocksOf(shared).find((b) => b.type === 'actions')!.elements!;
    expect(sharedButtons.map((b) => b.action_id)).toEqual(['run', 'run.1', 'run.2']);
    const completed = await fake.waitFor(
      (c) => c.method === 'files.completeUploadExternal' && c.body.channel_id === 'C0PATROL',
    );
    const upload = await fake.waitFor(
      (c) => c.method === 'upload' && c.body.id === (completed.body.files as { id: string }[])[0]!.id,
    );
    const meta = await sharp(upload.file!).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 720, 1080]);
  });

  test('when Slack will not show the private map yet, the answer comes without it, and nothing else is lost', async () => {
    fake.processingFiles = true;
    try {
      const sent = await command(slack.port!, 'hotspots', 'tonight 3');
      const refused = await responseTo(sent.responseId);
      expect(blocksOf(refused).some((b) => b.type === 'image')).toBe(true);
      const answered = await fake.waitFor(
        (c) => c.method === 'response' && c.body.responseId === sent.responseId && c !== refused,
      );
      const blocks = blocksOf(answered);
      expect(blocks.some((b) => b.type === 'image')).toBe(false);
      expect(blocks[0]!.text!.text).toBe('DEMO DATA · Hotspots · night shift · Mon 22:00–06:00');
      expect(blocks.find((b) => b.type === 'actions')!.elements!.at(-1)!.action_id).toBe('share');
    } finally {
      fake.processingFiles = false;
    }
  });

  test('/briefing now answers in the channel and uploads its map', async () => {
    const uploadsBefore = fake.calls.filter((c) => c.method === 'upload').length;
    const sent = await command(slack.port!, 'briefing', 'now tonight');
    const answer = await responseTo(sent.responseId);
    expect(answer.body.response_type).toBe('in_channel');
    expect(blocksOf(answer)[0]!.text!.text).toBe(
      'DEMO DATA · Shift briefing · night shift · Mon 22:00–06:00',
    );
    await fake.waitFor(
      (c) => c.method === 'upload' && fake.calls.filter((x) => x.method === 'upload').length > uploadsBefore,
    );
  });

  test('a typo in a command that answers in the channel is answered for the word meant, privately, saying so', async () => {
    const sent = await command(slack.port!, 'briefing', 'now tonite');
    const answer = await responseTo(sent.responseId);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(blocksOf(answer)[0]!.text!.text).toBe(
      'DEMO DATA · Shift briefing · night shift · Mon 22:00–06:00',
    );
    expect(JSON.stringify(blocksOf(answer))).toContain("Showing tonight (you typed 'tonite').");
  });

  test('roles come from user ids and user groups; a refusal says which role is needed', async () => {
    const refused = await command(slack.port!, 'briefing', 'subscribe all', 'UVIEWER1');
    const refusal = await responseTo(refused.responseId);
    // A refusal is the asker's alone, and reads as a warning, not a headline.
    expect(refusal.body.response_type).toBe('ephemeral');
    expect(blocksOf(refusal)[0]).toMatchObject({ type: 'section' });
    expect(blocksOf(refusal)[0]!.text!.text).toBe(
      ':warning: /briefing subscribe needs the supervisor role; yours is viewer. Ask an administrator if you need it.',
    );
    const allowed = await command(slack.port!, 'briefing', 'subscribe all', 'USUPER1');
    expect(blocksOf(await responseTo(allowed.responseId))[0]!.text!.text).toBe(
      'This channel will get the shift briefing',
    );
    const rows = await rowsOf<{ platform: string; channel_id: string }>(
      database,
      'select platform, channel_id from subscriptions',
    );
    expect(rows).toEqual([{ platform: 'slack', channel_id: 'C0PATROL' }]);
  });

  test('unsigned, wrongly signed, stale and replayed requests are refused and run nothing', async () => {
    const before = fake.calls.length;
    const form = {
      command: '/hotspots',
      text: '',
      user_id: 'U1',
      channel_id: 'C1',
      response_url: `${fake.url}/response/x`,
    };
    expect((await sendToSlackApp(slack.port!, form)).status).toBe(401);
    expect((await sendToSlackApp(slack.port!, form, { secret: 'not-the-secret' })).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 10 * 60;
    expect((await sendToSlackApp(slack.port!, form, { secret: SECRET, timestamp: stale })).status).toBe(401);
    // A correct one still works, so the refusals were about the signatures.
    const ok = await command(slack.port!, 'help', '');
    expect(ok.status).toBe(200);
    await responseTo(ok.responseId);
    // The same signed request sent again is acknowledged but not run a second time.
    const replayed = {
      command: '/model',
      text: '',
      user_id: 'UVIEWER1',
      channel_id: 'C0PATROL',
      response_url: `${fake.url}/response/replayed`,
      trigger_id: 'trigger-replayed',
    };
    const timestamp = Math.floor(Date.now() / 1000);
    expect((await sendToSlackApp(slack.port!, replayed, { secret: SECRET, timestamp })).status).toBe(200);
    await responseTo('replayed');
    expect((await sendToSlackApp(slack.port!, replayed, { secret: SECRET, timestamp })).status).toBe(200);
    await bot.dispatcher.idle();
    expect(fake.calls.filter((c) => c.body.responseId === 'replayed')).toHaveLength(1);
    expect(fake.calls.slice(before).filter((c) => c.body.responseId === 'x')).toEqual([]);
  });
});

test('with a command prefix the commands answer under their prefixed names only', async () => {
  const prefixed = await start(bot.dispatcher as Dispatcher<unknown>, 'pc-');
  try {
    const sent = await command(prefixed.port!, 'pc-help', 'hotspots');
    expect(blocksOf(await responseTo(sent.responseId))[0]!.text!.text).toBe('/hotspots');
    // The bare name is another app's now: nothing here answers it.
    const bare = await command(prefixed.port!, 'help', '');
    expect(bare.status).toBe(404);
  } finally {
    await prefixed.stop();
  }
});

test('a handler that takes long is acknowledged while it still runs', async () => {
  const { spec: slow, running, release } = slowCommand();
  const other = await start(new Dispatcher([slow], null, silentLogger()) as Dispatcher<unknown>);
  try {
    const sentAt = performance.now();
    const sent = await command(other.port!, 'slow', '');
    expect(sent.status).toBe(200);
    expect(performance.now() - sentAt).toBeLessThan(3000);
    // The handler is running and has not answered: the acknowledgement did not wait for it.
    await running;
    expect(fake.calls.some((c) => c.body.responseId === sent.responseId)).toBe(false);
    release();
    expect(blocksOf(await responseTo(sent.responseId))[0]!.text!.text).toBe('finally');
  } finally {
    await other.stop();
  }
});

test('Socket Mode: a slash command over the WebSocket is acknowledged on it and answered through response_url', async () => {
  const socket = await runSlack(
    bot.dispatcher as Dispatcher<unknown>,
    { ...settings(), mode: 'socket', signingSecret: undefined, appToken: 'xapp-test-token' },
    'viewer',
    silentLogger(),
    { retries: 0, botId: 'B0BOT', botUserId: 'U0BOT', replays: databaseReplayGuard(database) },
  );
  try {
    await fake.connected();
    const responseId = String(++responses);
    const envelope = fake.sendEnvelope('slash_commands', {
      command: '/model',
      text: '',
      user_id: 'UVIEWER1',
      channel_id: 'C0PATROL',
      team_id: 'T0AGENCY',
      response_url: `${fake.url}/response/${responseId}`,
      trigger_id: '1.2.5',
      api_app_id: 'A0APP',
    });
    await fake.waitFor((c) => c.method === 'socket-ack' && c.body.envelope_id === envelope);
    const answer = await responseTo(responseId);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(blocksOf(answer)[0]!.text!.text).toBe('Model 1 (forest) · DEMO DATA');
  } finally {
    await socket.stop();
  }
});
