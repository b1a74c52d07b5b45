import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Bot } from '../../adapters/bot.ts';
import {
  type DiscordSettings,
  type RunningDiscord,
  runDiscord,
} from '../../adapters/discord/discord-adapter.ts';
import { Dispatcher } from '../../src/bot/dispatcher.ts';
import type { Database } from '../../src/db/client.ts';
import { silentLogger } from '../../src/log.ts';
import { APP_ID, type DiscordCall, DiscordFake, GUILD_ID } from '../helpers/discord-fake.ts';
import { slowCommand } from '../helpers/slow-command.ts';
import { demoBot, sharedTrainedDemo } from '../helpers/trained-demo.ts';

const SUPERVISORS = '700000000000000007';
const fake = new DiscordFake();
let database: Database;
let dispose: () => Promise<void>;
let bot: Bot;
let discord: RunningDiscord;

const settings = (): DiscordSettings => ({
  token: 'discord-bot-token',
  applicationId: APP_ID,
  guildId: GUILD_ID,
  apiUrl: fake.url,
  mode: 'gateway',
  publicKey: undefined,
  port: 0,
  host: '127.0.0.1',
  roles: { supervisor: [SUPERVISORS], analyst: [], admin: [] },
  commandPrefix: '',
});

const callback = (token: string) => (c: DiscordCall) =>
  c.method === 'POST' && c.path.endsWith(`/${token}/callback`);
const edit = (token: string) => (c: DiscordCall) =>
  c.method === 'PATCH' && c.path === `/v10/webhooks/${APP_ID}/${token}/messages/@original`;
type Embed = {
  title: string;
  description?: string;
  image?: { url: string };
  fields?: { name: string; value: string }[];
};
const embedOf = (c: DiscordCall) => (c.body.embeds as Embed[])[0]!;

beforeAll(async () => {
  await fake.start();
  ({ database, dispose } = await sharedTrainedDemo('pglite'));
  bot = demoBot(database);
  discord = await runDiscord(bot.dispatcher as Dispatcher<unknown>, settings(), 'viewer', silentLogger());
}, 120_000);

afterAll(async () => {
  await discord?.stop();
  await bot?.close();
  await dispose?.();
  await fake.stop();
});

describe('Discord over the gateway', () => {
  test('the commands are registered once: a restart with the same commands registers nothing', async () => {
    expect(discord.registered).toBe(true);
    expect(fake.registered.map((c) => c.name)).toEqual([
      'hotspots',
      'visited',
      'briefing',
      'explain',
      'model',
      'retrain',
      'units',
      'help',
    ]);
    const hotspots = fake.registered[0] as {
      options: { name: string; autocomplete?: boolean; type: number }[];
    };
    expect(hotspots.options.find((o) => o.name === 'category')?.autocomplete).toBe(true);
    expect(hotspots.options.find((o) => o.name === 'top')?.type).toBe(4);
    const again = await runDiscord(
      bot.dispatcher as Dispatcher<unknown>,
      settings(),
      'viewer',
      silentLogger(),
    );
    await again.stop();
    expect(again.registered).toBe(false);
    expect(fake.calls.filter((c) => c.method === 'PUT')).toHaveLength(1);
  });

  test('/hotspots is deferred, then the reply is edited into an embed with the map attached', async () => {
    const token = fake.interact({
      name: 'hotspots',
      options: [
        { name: 'when', type: 3, value: 'tonight' },
        { name: 'top', type: 4, value: 3 },
      ],
    });
    const deferred = await fake.waitFor(callback(token));
    // Type 5 is "deferred channel message"; flag 64 makes it ephemeral.
    expect(deferred.body).toEqual({ type: 5, data: { flags: 64 } });
    const reply = await fake.waitFor(edit(token));
    // The first embed: the shift, the units' zones and the map; the second: the places.
    const [embed, list] = reply.body.embeds as Embed[];
    expect(embed!.title).toBe('DEMO DATA · Hotspots · night shift · Mon 22:00–06:00');
    expect(embed!.description).toMatch(/\*\*3 units\*\*\nZ1( \(\w+\))?: look for [a-z ]+, \d\d:00–\d\d:00; /);
    expect(embed!.image).toEqual({ url: 'attachment://map.png' });
    expect(list!.description).toMatch(
      /^\*\*1\.\*\* \[\d+00 block of [^\]]+ \(\w+\)\]\(https:\/\/www\.openstreetmap\.org\//,
    );
    expect(list!.description).toContain('**3.**');
    expect(list!.description).not.toContain('**4.**');
    // The share button carries a short id, well within Discord's 100 characters.
    const components = reply.body.components as { components: { custom_id: string }[] }[];
    const ids = components[0]!.components.map((b) => b.custom_id);
    expect(ids.slice(0, -1)).toEqual([1, 2, 3].map((z) => `run:visited Z${z} at=2026-06-01T22:00`));
    expect(ids.at(-1)).toMatch(/^share:[\w-]{12}$/);
    expect(reply.files.map((f) => f.name)).toEqual(['map.png']);
    const meta = await sharp(reply.files[0]!.data).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 720, 1080]);
  });

  test("25 places arrive complete: every one listed whole, within the embeds' limits", async () => {
    const token = fake.interact({
      name: 'hotspots',
      options: [
        { name: 'when', type: 3, value: 'tonight' },
        { name: 'top', type: 4, value: 25 },
      ],
    });
    const reply = await fake.waitFor(edit(token));
    const embeds = reply.body.embeds as Embed[];
    const list = embeds.slice(1).flatMap((e) => e.description!.split('\n'));
    expect(list.map((l) => Number(/^\*\*(\d+)\.\*\*/.exec(l)?.[1]))).toEqual(
      Array.from({ length: 25 }, (_, i) => i + 1),
    );
    expect(list.join('\n')).not.toContain('did not fit');
    // Each line ends where its place's line ends: nothing cut mid-word.
    for (const line of list) {
      expect(line).toMatch(/^\*\*\d+\.\*\* \[[^\]]+\]\(https:[^)]+\): \*\*[a-z ]+\*\*, \d\.\d\d( · .+)?$/);
      expect(line).not.toMatch(/…$/);
    }
    expect(JSON.stringify(embeds).length).toBeLessThan(7000);
  });

  test('subcommands and typed options arrive typed; a refusal names the role', async () => {
    const refused = fake.interact({
      name: 'briefing',
      options: [{ name: 'subscribe', type: 1, options: [{ name: 'shifts', type: 3, value: 'all' }] }],
    });
    expect(embedOf(await fake.waitFor(edit(refused))).title).toBe(
      '/briefing subscribe needs the supervisor role; yours is viewer. Ask an administrator if you need it.',
    );
    const allowed = fake.interact(
      {
        name: 'briefing',
        options: [
          {
            name: 'subscribe',
            type: 1,
            options: [
              { name: 'shifts', type: 3, value: '22:00' },
              { name: 'units', type: 4, value: 2 },
            ],
          },
        ],
      },
      { roles: [SUPERVISORS] },
    );
    const done = embedOf(await fake.waitFor(edit(allowed)));
    expect(done.title).toBe('This channel will get the shift briefing');
    expect(done.description).toBe('shifts 22:00-06:00 (America/Chicago), all incidents, 2 units');
  });

  test('a refusal after a public "thinking…" is taken down and told to the asker alone', async () => {
    const token = fake.interact({
      name: 'briefing',
      options: [{ name: 'now', type: 1, options: [{ name: 'district', type: 3, value: 'Atlantis' }] }],
    });
    // /briefing now answers in the channel, so its placeholder is public; the district is unknown.
    const deferred = await fake.waitFor(callback(token));
    expect((deferred.body.data as { flags?: number }).flags ?? 0).toBe(0);
    await fake.waitFor(
      (c) => c.method === 'DELETE' && c.path === `/v10/webhooks/${APP_ID}/${token}/messages/@original`,
    );
    const told = await fake.waitFor(
      (c) => c.method === 'POST' && c.path === `/v10/webhooks/${APP_ID}/${token}`,
    );
    expect(told.body.flags).toBe(64);
    expect((told.body.embeds as Embed[])[0]!.title).toMatch(/^"Atlantis" is not a district I know/);
    expect(fake.calls.some(edit(token))).toBe(false);
  });

  test('autocomplete offers the districts the incidents name', async () => {
    const token = fake.interact(
      { name: 'hotspots', options: [{ name: 'district', type: 3, value: 'ea', focused: true }] },
      { type: 4 },
    );
    const answer = await fake.waitFor(callback(token));
    expect(answer.body.type).toBe(8);
    const choices = (answer.body.data as { choices: { name: string }[] }).choices.map((c) => c.name);
    expect(choices.length).toBeGreaterThan(0);
    for (const c of choices) expect(c.toLowerCase()).toContain('ea');
  });
});

test('a handler that takes long is deferred while it still runs', async () => {
  const { spec: slow, running, release } = slowCommand();
  const other = await runDiscord(
    new Dispatcher([slow], null, silentLogger()) as Dispatcher<unknown>,
    settings(),
    'viewer',
    silentLogger(),
  );
  try {
    const sentAt = performance.now();
    const token = fake.interact({ name: 'slow' });
    expect((await fake.waitFor(callback(token))).body).toEqual({ type: 5, data: { flags: 0 } });
    expect(performance.now() - sentAt).toBeLessThan(3000);
    // The handler is running and has not answered: the deferral did not wait for it.
    await running;
    expect(fake.calls.some(edit(token))).toBe(false);
    release();
    expect(embedOf(await fake.waitFor(edit(token))).title).toBe('finally');
  } finally {
    await other.stop();
  }
});
