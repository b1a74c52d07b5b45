// Discord through discord.js over the gateway: slash commands registered when they change, deferred at
// once and answered by editing the deferred reply with an embed and the map as attachment://map.png.
import {
  AttachmentBuilder,
  type ChatInputCommandInteraction,
  Client,
  type CommandInteractionOption,
  GatewayIntentBits,
  type Interaction,
  MessageFlags,
  type RepliableInteraction,
} from 'discord.js';
import type { ChatAdapter } from '../../src/bot/chat-adapter.ts';
import type { Conversation, Dispatcher } from '../../src/bot/dispatcher.ts';
import type { Message, Visibility } from '../../src/bot/message.ts';
import { type Role, roleFor } from '../../src/bot/roles.ts';
import type { ChatConfig } from '../../src/config.ts';
import type { Logger } from '../../src/log.ts';
import { registerCommands, unprefixed } from './register-commands.ts';
import { DISCORD_CAPABILITIES } from './render.ts';
import { messageBody, restPoster } from './rest-poster.ts';

export type DiscordSettings = NonNullable<ChatConfig['discord']>;

export interface RunningDiscord extends ChatAdapter {
  client: Client;
  /** Whether the commands were registered at start (false when Discord already had them). */
  registered: boolean;
}

function payload(message: Message) {
  return {
    ...messageBody(message),
    files: message.image
      ? [new AttachmentBuilder(Buffer.from(message.image.png), { name: message.image.filename })]
      : [],
  };
}

function rolesOf(interaction: Interaction): string[] {
  const member = interaction.member;
  if (!member) return [interaction.user.id];
  const roles = Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
  return [interaction.user.id, ...roles];
}

function conversation(interaction: RepliableInteraction, log: Logger): Conversation {
  let acknowledged: Visibility = 'ephemeral';
  return {
    capabilities: DISCORD_CAPABILITIES,
    acknowledge: async (visibility: Visibility) => {
      acknowledged = visibility;
      await interaction.deferReply(visibility === 'ephemeral' ? { flags: MessageFlags.Ephemeral } : {});
    },
    reply: async (message, visibility) => {
      if (acknowledged === 'channel' && visibility === 'ephemeral') {
        // A refusal after a public "thinking…": take that down and tell only the asker.
        await interaction.deleteReply();
        await interaction.followUp({ ...payload(message), flags: MessageFlags.Ephemeral });
        return;
      }
      await interaction.editReply(payload(message));
    },
    post: async (message) => {
      // Interaction tokens last 15 minutes; a longer task posts to the channel instead.
      try {
        await interaction.followUp(payload(message));
      } catch (error) {
        log.warn({ platform: 'discord', reason: String(error) }, 'follow-up failed; posting to the channel');
        const channel = interaction.channel;
        if (channel && 'send' in channel) await channel.send(payload(message));
      }
    },
  };
}

function optionsOf(interaction: ChatInputCommandInteraction): {
  subcommand?: string;
  options: Record<string, unknown>;
} {
  const data = interaction.options.data;
  const sub = data.find((o) => o.type === 1);
  const list: readonly CommandInteractionOption[] = sub ? (sub.options ?? []) : data;
  return {
    ...(sub ? { subcommand: sub.name } : {}),
    options: Object.fromEntries(list.map((o) => [o.name, o.value])),
  };
}

export async function runDiscord(
  dispatcher: Dispatcher<unknown>,
  settings: DiscordSettings,
  defaultRole: Role,
  log: Logger,
): Promise<RunningDiscord> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { ...(settings.apiUrl ? { api: settings.apiUrl } : {}), version: '10', timeout: 15_000 },
  });
  const roleOf = (interaction: Interaction) => roleFor(rolesOf(interaction), settings.roles, defaultRole);

  client.on('interactionCreate', (interaction) => {
    const handle = async () => {
      const user = { platform: 'discord', id: interaction.user.id, role: roleOf(interaction) };
      if (interaction.isAutocomplete()) {
        const focused = interaction.options.getFocused(true);
        const values = await dispatcher.complete(
          unprefixed(interaction.commandName, settings.commandPrefix),
          interaction.options.getSubcommand(false) ?? undefined,
          focused.name,
          String(focused.value),
        );
        await interaction.respond(values.map((v) => ({ name: v.slice(0, 100), value: v.slice(0, 100) })));
      } else if (interaction.isChatInputCommand()) {
        await dispatcher.dispatch(
          {
            command: unprefixed(interaction.commandName, settings.commandPrefix),
            input: optionsOf(interaction),
            user,
            channelId: interaction.channelId,
          },
          conversation(interaction, log),
        );
      } else if (interaction.isButton()) {
        const colon = interaction.customId.indexOf(':');
        await dispatcher.press(
          interaction.customId.slice(0, colon),
          interaction.customId.slice(colon + 1),
          user,
          interaction.channelId,
          conversation(interaction, log),
        );
      }
    };
    handle().catch((error: unknown) => log.error({ platform: 'discord', err: error }, 'interaction failed'));
  });
  client.on('error', (error) => log.error({ platform: 'discord', err: error }, 'Discord client error'));

  const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
  await client.login(settings.token);
  await ready;
  const registered = await registerCommands(
    client.rest,
    settings.applicationId,
    settings.guildId,
    dispatcher.commands,
    settings.commandPrefix,
  );
  log.info(
    { platform: 'discord', registered, guild: settings.guildId ?? 'global' },
    'Discord adapter running',
  );
  const poster = restPoster(client.rest);
  return {
    platform: 'discord',
    capabilities: DISCORD_CAPABILITIES,
    client,
    poster,
    registered,
    async stop() {
      await client.destroy();
    },
  };
}
