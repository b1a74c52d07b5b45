// Discord over HTTP interactions: Discord posts each interaction, signed with Ed25519, to
// /discord/interactions; the answer to the request is the acknowledgement (a deferred reply), and the
// reply itself edits it through the interaction's webhook. For hosts that cannot keep a gateway open.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import {
  ApplicationCommandOptionType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  REST,
  Routes,
} from 'discord.js';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ReplayGuard } from '../../src/auth/replay-guard.ts';
import type { ChatAdapter } from '../../src/bot/chat-adapter.ts';
import type { Conversation, Dispatcher } from '../../src/bot/dispatcher.ts';
import type { Message, Visibility } from '../../src/bot/message.ts';
import { type Role, roleFor } from '../../src/bot/roles.ts';
import type { Logger } from '../../src/log.ts';
import type { DiscordSettings } from './discord-adapter.ts';
import { registerCommands, unprefixed } from './register-commands.ts';
import { DISCORD_CAPABILITIES } from './render.ts';
import { messageBody, messageFiles, restPoster } from './rest-poster.ts';
import { publicKeyFromHex, SignatureCheck } from './verify.ts';

export const INTERACTIONS_PATH = '/discord/interactions';
/** Interactions are small JSON documents; anything larger is not one. */
const MAX_BODY_BYTES = 64 * 1024;

interface RawOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: RawOption[];
}

interface RawInteraction {
  type: number;
  token: string;
  channel_id?: string;
  member?: { user?: { id: string }; roles?: string[] };
  user?: { id: string };
  data?: { name?: string; options?: RawOption[]; custom_id?: string };
}

export interface RunningDiscordHttp extends ChatAdapter {
  url: string;
  registered: boolean;
}

/** A request that is no interaction we take: answered 400 with why. */
class BadRequest extends Error {}

/** The typed options, kept typed: Discord already sends numbers and booleans as such. */
function optionsOf(options: RawOption[] = []): { subcommand?: string; options: Record<string, unknown> } {
  const sub = options.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  const list = sub ? (sub.options ?? []) : options;
  return {
    ...(sub ? { subcommand: sub.name } : {}),
    options: Object.fromEntries(list.map((o) => [o.name, o.value])),
  };
}

function parse(body: Buffer): RawInteraction {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new BadRequest('not JSON');
  }
  const i = value as RawInteraction;
  if (!i || typeof i !== 'object' || typeof i.type !== 'number' || typeof i.token !== 'string')
    throw new BadRequest('not an interaction');
  return i;
}

export async function runDiscordHttp(
  dispatcher: Dispatcher<unknown>,
  settings: DiscordSettings,
  defaultRole: Role,
  log: Logger,
  options: { replays: ReplayGuard },
): Promise<RunningDiscordHttp> {
  if (!settings.publicKey) throw new Error('DISCORD_PUBLIC_KEY is needed for HTTP interactions');
  const check = new SignatureCheck(publicKeyFromHex(settings.publicKey));
  const rest = new REST({
    version: '10',
    timeout: 15_000,
    ...(settings.apiUrl ? { api: settings.apiUrl } : {}),
  });
  rest.setToken(settings.token);
  const appId = settings.applicationId;

  const conversation = (interaction: RawInteraction, respond: (body: object) => void): Conversation => {
    const send = (message: Message) => ({
      body: messageBody(message),
      files: messageFiles(message),
      auth: false,
    });
    let acknowledged: Visibility = 'ephemeral';
    return {
      capabilities: DISCORD_CAPABILITIES,
      acknowledge: async (visibility) => {
        acknowledged = visibility;
        respond({
          type: InteractionResponseType.DeferredChannelMessageWithSource,
          data: visibility === 'ephemeral' ? { flags: MessageFlags.Ephemeral } : {},
        });
      },
      reply: async (message, visibility) => {
        if (acknowledged === 'channel' && visibility === 'ephemeral') {
          // A refusal after a public "thinking…": take that down and tell only the asker.
          await rest.delete(Routes.webhookMessage(appId, interaction.token), { auth: false });
          const { body, ...rest2 } = send(message);
          await rest.post(Routes.webhook(appId, interaction.token), {
            ...rest2,
            body: { ...body, flags: MessageFlags.Ephemeral },
          });
          return;
        }
        await rest.patch(Routes.webhookMessage(appId, interaction.token), send(message));
      },
      post: async (message) => {
        await rest.post(Routes.webhook(appId, interaction.token), send(message));
      },
    };
  };

  const handle = async (interaction: RawInteraction, respond: (body: object) => void) => {
    if (interaction.type === InteractionType.Ping) return respond({ type: InteractionResponseType.Pong });
    const userId = interaction.member?.user?.id ?? interaction.user?.id ?? '';
    const roles = [userId, ...(interaction.member?.roles ?? [])];
    const user = { platform: 'discord', id: userId, role: roleFor(roles, settings.roles, defaultRole) };
    const channelId = interaction.channel_id ?? '';
    const data = interaction.data ?? {};
    if (interaction.type === InteractionType.ApplicationCommandAutocomplete) {
      const input = optionsOf(data.options);
      const all =
        data.options?.find((o) => o.type === ApplicationCommandOptionType.Subcommand)?.options ??
        data.options ??
        [];
      const focused = all.find((o) => o.focused);
      const values = focused
        ? await dispatcher.complete(
            unprefixed(data.name ?? '', settings.commandPrefix),
            input.subcommand,
            focused.name,
            String(focused.value ?? ''),
          )
        : [];
      return respond({
        type: InteractionResponseType.ApplicationCommandAutocompleteResult,
        data: { choices: values.map((v) => ({ name: v.slice(0, 100), value: v.slice(0, 100) })) },
      });
    }
    if (interaction.type === InteractionType.ApplicationCommand) {
      return dispatcher.dispatch(
        {
          command: unprefixed(data.name ?? '', settings.commandPrefix),
          input: optionsOf(data.options),
          user,
          channelId,
        },
        conversation(interaction, respond),
      );
    }
    if (interaction.type === InteractionType.MessageComponent && data.custom_id) {
      const colon = data.custom_id.indexOf(':');
      return dispatcher.press(
        data.custom_id.slice(0, colon),
        data.custom_id.slice(colon + 1),
        user,
        channelId,
        conversation(interaction, respond),
      );
    }
    throw new BadRequest('unsupported interaction type');
  };

  // The receiver: one route on Hono, the body read whole (it is signed) and refused past 64 KB.
  const app = new Hono();
  app.post(
    INTERACTIONS_PATH,
    bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json({ error: 'body too large' }, 413) }),
    async (c) => {
      const body = Buffer.from(await c.req.arrayBuffer());
      const signature = c.req.header('x-signature-ed25519');
      const problem =
        check.problem(signature, c.req.header('x-signature-timestamp'), body) ??
        ((await options.replays.firstTime(`discord:${signature!.toLowerCase()}`))
          ? undefined
          : 'replayed request');
      if (problem) {
        log.warn({ platform: 'discord', problem }, 'refused an interaction request');
        return c.json({ error: 'invalid request signature' }, 401);
      }
      // The dispatcher answers (acknowledges) before it returns; the work goes on after.
      let answer: object | undefined;
      await handle(parse(body), (response) => {
        answer ??= response;
      });
      return answer ? c.json(answer) : c.json({ error: 'no answer' }, 500);
    },
  );
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((error, c) => {
    if (error instanceof BadRequest) return c.json({ error: error.message }, 400);
    log.error({ platform: 'discord', err: error }, 'interaction failed');
    return c.json({ error: 'internal error' }, 500);
  });

  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: settings.port, hostname: settings.host }, () =>
      resolve(started),
    );
    started.once('error', reject);
  });
  (server as Server).requestTimeout = 10_000;
  const { port } = (server as Server).address() as AddressInfo;
  const url = `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}${INTERACTIONS_PATH}`;
  const registered = await registerCommands(
    rest,
    appId,
    settings.guildId,
    dispatcher.commands,
    settings.commandPrefix,
  );
  log.info({ platform: 'discord', mode: 'http', url, registered }, 'Discord adapter running');
  return {
    platform: 'discord',
    capabilities: DISCORD_CAPABILITIES,
    url,
    poster: restPoster(rest),
    registered,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
