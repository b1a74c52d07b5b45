// Slack through Bolt: slash commands over signed HTTP requests or Socket Mode, answers in Block Kit,
// maps uploaded with files.uploadV2. Ephemeral answers cannot carry files, so they get a button that
// posts the answer, map and all, to the channel.
import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type Logger as BoltLogger, LogLevel, type RespondFn, type webApi } from '@slack/bolt';
import type { ReplayGuard } from '../../src/auth/replay-guard.ts';
import type { ChatAdapter, ChatCapabilities } from '../../src/bot/chat-adapter.ts';
import type { Conversation, Dispatcher } from '../../src/bot/dispatcher.ts';
import type { Message, Visibility } from '../../src/bot/message.ts';
import type { Role } from '../../src/bot/roles.ts';
import type { ChatConfig } from '../../src/config.ts';
import type { Logger } from '../../src/log.ts';
import { fallbackText, toBlocks } from './blocks.ts';
import { SlackRoles } from './roles.ts';
import { SlackPoster } from './slack-poster.ts';

export type SlackSettings = NonNullable<ChatConfig['slack']>;

export interface SlackOptions {
  /** Refuses a slash command seen before, across replicas. */
  replays: ReplayGuard;
  /** Where the HTTP receiver listens (default: all interfaces, SLACK_PORT). */
  host?: string;
  /** Tests: no retries against the loopback Web API, and no auth.test at start. */
  retries?: number;
  botId?: string;
  botUserId?: string;
}

/** Block Kit: buttons with values of up to 2000 characters; maps in private answers by image block. */
export const SLACK_CAPABILITIES: ChatCapabilities = {
  buttons: true,
  privateFiles: true,
  buttonValueMax: 2000,
};

export interface RunningSlack extends ChatAdapter {
  app: App;
  /** The HTTP receiver's port (http mode). */
  port: number | undefined;
}

function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ platform: 'slack' });
  let level = LogLevel.INFO;
  return {
    debug: (...m: unknown[]) => child.debug(m.map(String).join(' ')),
    info: (...m: unknown[]) => child.info(m.map(String).join(' ')),
    warn: (...m: unknown[]) => child.warn(m.map(String).join(' ')),
    error: (...m: unknown[]) => child.error(m.map(String).join(' ')),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/**
 * Every outbound call ends, and soon: the Web API client's own default retries for about half an hour,
 * far past a briefing's lease (another replica would take over a post still in flight). Rate limits are
 * handed back to the caller, which knows how long it may wait.
 */
function clientOptions(settings: SlackSettings, retries = 2) {
  return {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    retryConfig: { retries, factor: 2, minTimeout: 500, maxTimeout: 4000 },
    rejectRateLimitedCalls: true,
    timeout: 15_000,
  };
}

/**
 * An answer only the asker sees. Its map is uploaded without a channel (so the file is the bot's alone,
 * shared nowhere) and drawn by an image block after the zones. Slack refuses such a block while it is
 * still processing the file or where the workspace will not show it: the answer then goes without the
 * map (the button still posts it, map and all, to the channel).
 */
async function answerPrivately(
  upload: PrivateUploads,
  client: webApi.WebClient,
  respond: RespondFn,
  message: Message,
  log: Logger,
): Promise<void> {
  const answer = (mapFileId?: string) =>
    respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: fallbackText(message),
      blocks: toBlocks(message, mapFileId ? { mapFileId } : {}),
    });
  const mapFileId = message.image ? await upload(client, message, log) : undefined;
  if (!mapFileId) return void (await answer());
  try {
    await answer(mapFileId);
  } catch (error) {
    log.warn({ platform: 'slack', reason: String(error) }, 'the private answer was refused with its map');
    await answer();
  }
}

type PrivateUploads = (
  client: webApi.WebClient,
  message: Message,
  log: Logger,
) => Promise<string | undefined>;

const UPLOADS_KEPT = 64;

/**
 * One app's uploaded maps by content (a file id belongs to its workspace): supervisors asking for the
 * same shift get the same map, and one private file serves them all (an upload is three calls and the
 * whole image). Promises, so that fifty asks at once upload once. A failed upload is forgotten, to be
 * tried again by the next ask.
 */
function privateUploads(): PrivateUploads {
  const uploads = new Map<string, Promise<string | undefined>>();
  return (client, message, log) => {
    const key = createHash('sha256').update(message.image!.png).digest('hex');
    let upload = uploads.get(key);
    if (!upload) {
      upload = uploadOnce(client, message, log).then((id) => {
        if (!id) uploads.delete(key);
        return id;
      });
      uploads.set(key, upload);
      if (uploads.size > UPLOADS_KEPT) uploads.delete(uploads.keys().next().value!);
    }
    return upload;
  };
}

async function uploadOnce(
  client: webApi.WebClient,
  message: Message,
  log: Logger,
): Promise<string | undefined> {
  const image = message.image!;
  try {
    const uploaded = await client.filesUploadV2({
      file: Buffer.from(image.png),
      filename: image.filename,
      title: message.title.slice(0, 200),
      alt_text: image.alt.slice(0, 1000),
    });
    return uploaded.files[0]?.files?.[0]?.id;
  } catch (error) {
    log.warn({ platform: 'slack', reason: String(error) }, 'private map upload failed');
    return undefined;
  }
}

export async function runSlack(
  dispatcher: Dispatcher<unknown>,
  settings: SlackSettings,
  defaultRole: Role,
  log: Logger,
  options: SlackOptions,
): Promise<RunningSlack> {
  const socket = settings.mode === 'socket';
  const app = new App({
    token: settings.botToken,
    logger: boltLogger(log),
    ...(socket
      ? { socketMode: true, appToken: settings.appToken! }
      : { signingSecret: settings.signingSecret!, port: settings.port }),
    clientOptions: clientOptions(settings, options.retries),
    ...(options.botId ? { botId: options.botId, botUserId: options.botUserId ?? options.botId } : {}),
  });
  const roles = new SlackRoles(settings.roles, defaultRole, log);
  // A signed request sent again (a replay, or a retry of one already answered) carries the same trigger
  // id; Bolt checks the signature and its 5-minute window, this refuses the second copy.
  const firstTime = (triggerId: string | undefined) =>
    triggerId ? options.replays.firstTime(`slack:${triggerId}`) : Promise.resolve(true);

  const upload = privateUploads();
  const conversation = (client: webApi.WebClient, respond: RespondFn, channelId: string): Conversation => {
    const send = async (message: Message, visibility: Visibility) => {
      const channel = visibility === 'channel';
      if (!channel) {
        await answerPrivately(upload, client, respond, message, log);
        return;
      }
      await respond({
        response_type: 'in_channel',
        replace_original: false,
        text: fallbackText(message),
        blocks: toBlocks(message),
      });
      if (message.image) {
        try {
          await client.files.uploadV2({
            channel_id: channelId,
            file: Buffer.from(message.image.png),
            filename: message.image.filename,
            title: message.title.slice(0, 200),
            alt_text: message.image.alt.slice(0, 1000),
          });
        } catch (error) {
          log.warn({ platform: 'slack', reason: String(error) }, 'map upload failed');
          await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: 'The map could not be posted here: invite the bot to this channel (/invite @patrolcast) and ask again.',
          });
        }
      }
    };
    return {
      capabilities: SLACK_CAPABILITIES,
      acknowledge: async () => undefined,
      reply: send,
      post: async (message) => {
        await client.chat.postMessage({
          channel: channelId,
          text: fallbackText(message),
          blocks: toBlocks(message),
        });
      },
    };
  };

  for (const spec of dispatcher.commands) {
    app.command(`/${settings.commandPrefix}${spec.name}`, async ({ command, ack, respond, client }) => {
      // Slack wants the acknowledgement within 3 s: it goes before any lookup (the replay check in the
      // database, the user's groups from Slack); the answer follows through response_url.
      await ack();
      if (!(await firstTime(command.trigger_id))) {
        log.warn({ platform: 'slack', command: spec.name }, 'a repeated slash command was refused');
        return;
      }
      const role = await roles.roleOf(client, command.user_id);
      const talk = conversation(client, respond, command.channel_id);
      await dispatcher.dispatch(
        {
          command: spec.name,
          input: { text: command.text ?? '' },
          user: { platform: 'slack', id: command.user_id, role },
          channelId: command.channel_id,
        },
        talk,
      );
    });
  }

  app.action(/^(share|run)(\.\d+)?$/, async ({ ack, body, action, respond, client }) => {
    await ack();
    const value = 'value' in action && typeof action.value === 'string' ? action.value : '';
    const channelId =
      body.channel?.id ??
      ('container' in body ? String((body.container as { channel_id?: string }).channel_id ?? '') : '');
    const role = await roles.roleOf(client, body.user.id);
    await dispatcher.press(
      'action_id' in action ? String(action.action_id).split('.')[0]! : 'share',
      value,
      { platform: 'slack', id: body.user.id, role },
      channelId,
      conversation(client, respond, channelId),
    );
  });

  app.error(async (error) => {
    log.error({ platform: 'slack', err: error }, 'Slack error');
  });

  let port: number | undefined;
  if (socket) {
    await app.start();
  } else {
    const server = (await app.start({ port: settings.port, host: options.host ?? '0.0.0.0' })) as Server;
    port = (server.address() as AddressInfo).port;
  }
  log.info({ platform: 'slack', mode: settings.mode, port }, 'Slack adapter running');
  return {
    platform: 'slack',
    capabilities: SLACK_CAPABILITIES,
    app,
    poster: new SlackPoster(app.client),
    port,
    async stop() {
      await app.stop();
    },
  };
}
