// Discord's HTTP interactions: Ed25519 signatures checked against the application's public key,
// stale and replayed requests refused, and commands answered through the interaction webhook.
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Bot } from '../../adapters/bot.ts';
import type { DiscordSettings } from '../../adapters/discord/discord-adapter.ts';
import { type RunningDiscordHttp, runDiscordHttp } from '../../adapters/discord/http-adapter.ts';
import { databaseReplayGuard } from '../../src/auth/replay-guard.ts';
import type { Dispatcher } from '../../src/bot/dispatcher.ts';
import type { Database } from '../../src/db/client.ts';
import { silentLogger } from '../../src/log.ts';
import { APP_ID, type DiscordCall, DiscordFake, GUILD_ID } from '../helpers/discord-fake.ts';
import { demoBot, sharedTrainedDemo } from '../helpers/trained-demo.ts';

const fake = new DiscordFake();
const keys = generateKeyPairSync('ed25519');
const impostor = generateKeyPairSync('ed25519');
const publicKeyHex = () =>
  Buffer.from(keys.publicKey.export({ format: 'jwk' }).x as string, 'base64url').toString('hex');

let database: Database;
let dispose: () => Promise<void>;
let bot: Bot;
let discord: RunningDiscordHttp;

const settings = (): DiscordSettings => ({
  token: 'discord-bot-token',
  applicationId: APP_ID,
  guildId: GUILD_ID,
  apiUrl: fake.url,
  mode: 'http',
  publicKey: publicKeyHex(),
  port: 0,
  host: '127.0.0.1',
  roles: { supervisor: [], analyst: [], admin: [] },
  commandPrefix: '',
});

let counter = 0;
const interaction = (type: number, data?: Record<string, unknown>) => ({
  id: String(900000000000000000n + BigInt(++counter)),
  application_id: APP_ID,
  type,
  token: `http-token-${counter}`,
  channel_id: '300000000000000003',
  member: { user: { id: '600000000000000006' }, roles: [] },
  ...(data ? { data } : {}),
});

async function send(
  body: string,
  options: { key?: KeyObject; at?: number; signature?: string | null } = {},
): Promise<Response> {
  const timestamp = String(Math.floor((options.at ?? Date.now()) / 1000));
  const signature =
    options.signature === null
      ? undefined
      : (options.signature ??
        sign(null, Buffer.from(timestamp + body), options.key ?? keys.privateKey).toString('hex'));
  return fetch(discord.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature ? { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp } : {}),
    },
    body,
  });
}

const edit = (token: string) => (c: DiscordCall) =>
  c.method === 'PATCH' && c.path === `/v10/webhooks/${APP_ID}/${token}/messages/@original`;

beforeAll(async () => {
  await fake.start();
  ({ database, dispose } = await sharedTrainedDemo('pglite'));
  bot = demoBot(database);
  discord = await runDiscordHttp(
    bot.dispatcher as Dispatcher<unknown>,
    settings(),
    'viewer',
    silentLogger(),
    {
      replays: databaseReplayGuard(database),
    },
  );
}, 120_000);

afterAll(async () => {
  await discord?.stop();
  await bot?.close();
  await dispose?.();
  await fake.stop();
});

describe('Discord over HTTP interactions', () => {
  test('only genuine, fresh, first-time requests are answered', async () => {
    const ping = JSON.stringify(interaction(1));
    expect((await send(ping, { signature: null })).status).toBe(401);
    expect((await send(ping, { key: impostor.privateKey })).status).toBe(401);
    expect((await send(ping, { signature: 'ab'.repeat(64) })).status).toBe(401);
    // Signed properly, but six minutes ago.
    expect((await send(ping, { at: Date.now() - 6 * 60_000 })).status).toBe(401);
    // A body changed after signing.
    const at = Date.now();
    const signature = sign(null, Buffer.from(String(Math.floor(at / 1000)) + ping), keys.privateKey).toString(
      'hex',
    );
    expect((await send(ping.replace('"type":1', '"type":2'), { at, signature })).status).toBe(401);

    const genuine = await send(ping, { at, signature });
    expect(genuine.status).toBe(200);
    expect(await genuine.json()).toEqual({ type: 1 });
    // The very same request again is a replay, here and at another replica over the same database.
    expect((await send(ping, { at, signature })).status).toBe(401);
    const replica = await runDiscordHttp(
      bot.dispatcher as Dispatcher<unknown>,
      settings(),
      'viewer',
      silentLogger(),
      {
        replays: databaseReplayGuard(database),
      },
    );
    try {
      const again = await fetch(replica.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-signature-ed25519': signature,
          'x-signature-timestamp': String(Math.floor(at / 1000)),
        },
        body: ping,
      });
      expect(again.status).toBe(401);
    } finally {
      await replica.stop();
    }
    // Nothing else is an interaction.
    expect((await send('x'.repeat(100 * 1024))).status).toBe(413);
    expect((await send('{not json')).status).toBe(400);
  });

  test('the commands are registered through the REST API', () => {
    expect(discord.registered).toBe(true);
    expect(fake.registered.map((c) => c.name)).toContain('hotspots');
  });

  test('/hotspots: deferred in the response, then the webhook reply is an embed with the map', async () => {
    const command = interaction(2, {
      name: 'hotspots',
      options: [
        { name: 'when', type: 3, value: 'tonight' },
        { name: 'top', type: 4, value: 3 },
      ],
    });
    const response = await send(JSON.stringify(command));
    expect(await response.json()).toEqual({ type: 5, data: { flags: 64 } });
    const reply = await fake.waitFor(edit(command.token));
    const [embed, list] = reply.body.embeds as { title: string; description: string }[];
    expect(embed!.title).toBe('DEMO DATA · Hotspots · night shift · Mon 22:00–06:00');
    expect(list!.description).toContain('**3.**');
    expect(list!.description).not.toContain('**4.**');
    expect(reply.files.map((f) => f.name)).toEqual(['map.png']);
  });

  test('a refusal after a public deferral is taken down and told to the asker alone', async () => {
    const command = interaction(2, {
      name: 'briefing',
      options: [{ name: 'now', type: 1, options: [{ name: 'district', type: 3, value: 'Atlantis' }] }],
    });
    const response = await send(JSON.stringify(command));
    expect(await response.json()).toEqual({ type: 5, data: {} });
    await fake.waitFor(
      (c) =>
        c.method === 'DELETE' && c.path === `/v10/webhooks/${APP_ID}/${command.token}/messages/@original`,
    );
    const told = await fake.waitFor(
      (c) => c.method === 'POST' && c.path === `/v10/webhooks/${APP_ID}/${command.token}`,
    );
    expect(told.body.flags).toBe(64);
    expect((told.body.embeds as { title: string }[])[0]!.title).toMatch(
      /^"Atlantis" is not a district I know/,
    );
    expect(fake.calls.some(edit(command.token))).toBe(false);
  });

  test('typed options are checked, roles apply, and autocomplete answers as the user types', async () => {
    const tooMany = interaction(2, { name: 'hotspots', options: [{ name: 'top', type: 4, value: 30 }] });
    await send(JSON.stringify(tooMany));
    const refusedTop = await fake.waitFor(edit(tooMany.token));
    expect((refusedTop.body.embeds as { title: string }[])[0]!.title).toBe(
      'Top must be a whole number from 1 to 25',
    );

    const subscribe = interaction(2, {
      name: 'briefing',
      options: [{ name: 'subscribe', type: 1, options: [{ name: 'shifts', type: 3, value: 'all' }] }],
    });
    await send(JSON.stringify(subscribe));
    const refused = await fake.waitFor(edit(subscribe.token));
    expect((refused.body.embeds as { title: string }[])[0]!.title).toMatch(
      /needs the supervisor role; yours is viewer/,
    );

    const typing = interaction(4, {
      name: 'hotspots',
      options: [{ name: 'category', type: 3, value: 'burg', focused: true }],
    });
    const choices = (await (await send(JSON.stringify(typing))).json()) as {
      type: number;
      data: { choices: { name: string; value: string }[] };
    };
    expect(choices.type).toBe(8);
    expect(choices.data.choices.map((c) => c.value)).toContain('burglary');
  });
});
