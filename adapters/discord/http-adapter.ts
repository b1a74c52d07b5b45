// Discord over HTTP interactions: Discord posts each interaction, signed with Ed25519, to
// /discord/interactions; the answer to the request is the acknowledgement (a deferred reply), and the
// reply itself edits it through the interaction's webhook. For hosts that cannot keep a gateway open.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REST, Routes } from 'discord.js';
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

// Discord's numbers: interaction and response types, and the ephemeral flag.
const PING = 1;
const COMMAND = 2;
const COMPONENT = 3;
const AUTOCOMPLETE = 4;
const PONG = 1;
const DEFERRED_MESSAGE = 5;
const AUTOCOMPLETE_RESULT = 8;
const EPHEMERAL = 64;
const SUBCOMMAND = 1;

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

class BadRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BadRequest(413, 'body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The typed options, kept typed: Discord already sends numbers and booleans as such. */
function optionsOf(options: RawOption[] = []): { subcommand?: string; options: Record<string, unknown> } {
  const sub = options.find((o) => o.type === SUBCOMMAND);
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
    throw new BadRequest(400, 'not JSON');
  }
  const i = value as RawInteraction;
  if (!i || typeof i !== 'object' || typeof i.type !== 'number' || typeof i.token !== 'string')
    throw new BadRequest(400, 'not an interaction');
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
        respond({ type: DEFERRED_MESSAGE, data: visibility === 'ephemeral' ? { flags: EPHEMERAL } : {} });
      },
      reply: async (message, visibility) => {
        if (acknowledged === 'channel' && visibility === 'ephemeral') {
          // A refusal after a public "thinking…": take that down and tell only the asker.
          await rest.delete(Routes.webhookMessage(appId, interaction.token), { auth: false });
          const { body, ...rest2 } = send(message);
          await rest.post(Routes.webhook(appId, interaction.token), {
            ...rest2,
            body: { ...body, flags: EPHEMERAL },
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
    if (interaction.type === PING) return respond({ type: PONG });
    const userId = interaction.member?.user?.id ?? interaction.user?.id ?? '';
    const roles = [userId, ...(interaction.member?.roles ?? [])];
    const user = { platform: 'discord', id: userId, role: roleFor(roles, settings.roles, defaultRole) };
    const channelId = interaction.channel_id ?? '';
    const data = interaction.data ?? {};
    if (interaction.type === AUTOCOMPLETE) {
      const input = optionsOf(data.options);
      const all = data.options?.find((o) => o.type === SUBCOMMAND)?.options ?? data.options ?? [];
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
        type: AUTOCOMPLETE_RESULT,
        data: { choices: values.map((v) => ({ name: v.slice(0, 100), value: v.slice(0, 100) })) },
      });
    }
    if (interaction.type === COMMAND) {
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
    if (interaction.type === COMPONENT && data.custom_id) {
      const colon = data.custom_id.indexOf(':');
      return dispatcher.press(
        data.custom_id.slice(0, colon),
        data.custom_id.slice(colon + 1),
        user,
        channelId,
        conversation(interaction, respond),
      );
    }
    throw new BadRequest(400, 'unsupported interaction type');
  };

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const answer = (status: number, body: object) => {
      if (res.headersSent) return;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    try {
      if (req.method !== 'POST' || req.url !== INTERACTIONS_PATH) return answer(404, { error: 'not found' });
      const body = await readBody(req);
      const signature = req.headers['x-signature-ed25519'] as string | undefined;
      const problem =
        check.problem(signature, req.headers['x-signature-timestamp'] as string | undefined, body) ??
        ((await options.replays.firstTime(`discord:${signature!.toLowerCase()}`))
          ? undefined
          : 'replayed request');
      if (problem) {
        log.warn({ platform: 'discord', problem }, 'refused an interaction request');
        return answer(401, { error: 'invalid request signature' });
      }
      await handle(parse(body), (response) => answer(200, response));
      // Every path above answers; this is for a handler that returned without doing so.
      answer(500, { error: 'no answer' });
    } catch (error) {
      if (error instanceof BadRequest) return answer(error.status, { error: error.message });
      log.error({ platform: 'discord', err: error }, 'interaction failed');
      answer(500, { error: 'internal error' });
    }
  };

  const server = createServer((req, res) => void serve(req, res));
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
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
