// Scheduled posts to Slack channels: blocks with chat.postMessage, then the map with files.uploadV2,
// at most one message per second per channel (Slack's limit for posting).
import type { webApi } from '@slack/bolt';
import type { Message } from '../../src/bot/message.ts';
import { type ChannelPoster, PostError } from '../../src/bot/poster.ts';
import { fallbackText, toBlocks } from './blocks.ts';

const SPACING_MS = 1000;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Spaces calls per key: each waits until a second after the key's previous one. */
export class ChannelPacer {
  private readonly next = new Map<string, number>();

  async turn(key: string): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next.get(key) ?? 0);
    this.next.set(key, at + SPACING_MS);
    if (at > now) await wait(at - now);
  }
}

function asPostError(error: unknown): PostError {
  const e = error as { code?: string; retryAfter?: number; data?: { error?: string }; message?: string };
  if (e.code === 'slack_webapi_rate_limited_error') {
    return new PostError('Slack rate limit', (e.retryAfter ?? 1) * 1000);
  }
  return new PostError(`Slack: ${e.data?.error ?? e.message ?? String(error)}`);
}

export class SlackPoster implements ChannelPoster {
  readonly platform = 'slack';
  private readonly pacer = new ChannelPacer();

  constructor(private readonly client: webApi.WebClient) {}

  async post(channelId: string, message: Message): Promise<string> {
    try {
      await this.pacer.turn(channelId);
      const posted = await this.client.chat.postMessage({
        channel: channelId,
        text: fallbackText(message),
        blocks: toBlocks(message, { withButtons: false }),
      });
      if (message.image) {
        await this.pacer.turn(channelId);
        await this.client.files.uploadV2({
          channel_id: channelId,
          file: Buffer.from(message.image.png),
          filename: message.image.filename,
          title: message.title.slice(0, 200),
          alt_text: message.image.alt.slice(0, 1000),
        });
      }
      return String(posted.ts);
    } catch (error) {
      throw asPostError(error);
    }
  }
}
