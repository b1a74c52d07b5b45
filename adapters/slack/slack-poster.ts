// Scheduled posts to Slack channels: blocks with chat.postMessage, then the map with files.uploadV2,
// at most one message per second per channel (Slack's limit for posting).
import type { webApi } from '@slack/bolt';
import type { Message } from '../../src/bot/message.ts';
import { type ChannelPoster, PostError, type PostResult } from '../../src/bot/poster.ts';
import { fallbackText, toBlocks } from './blocks.ts';

const SPACING_MS = 1000;

/**
 * Spaces posts per channel: each starts at least a second after the channel's previous post was done,
 * so that however long a post takes in flight, Slack never sees two within a second.
 */
export class ChannelPacer {
  private readonly free = new Map<string, Promise<void>>();

  async run<T>(key: string, post: () => Promise<T>): Promise<T> {
    const previous = this.free.get(key) ?? Promise.resolve();
    let release: () => void = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.free.set(key, mine);
    await previous;
    try {
      return await post();
    } finally {
      // The next post waits out the second; the map is forgotten when nobody is waiting.
      setTimeout(() => {
        if (this.free.get(key) === mine) this.free.delete(key);
        release();
      }, SPACING_MS);
    }
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

  async post(channelId: string, message: Message): Promise<PostResult> {
    let posted: { ts?: string };
    try {
      posted = await this.pacer.run(channelId, () =>
        this.client.chat.postMessage({
          channel: channelId,
          text: fallbackText(message),
          blocks: toBlocks(message),
        }),
      );
    } catch (error) {
      throw asPostError(error);
    }
    const messageId = String(posted.ts);
    const image = message.image;
    if (!image) return { messageId };
    // The text is in the channel now: a map that fails to follow it must not make the text go again.
    try {
      await this.pacer.run(channelId, () =>
        this.client.files.uploadV2({
          channel_id: channelId,
          // A view of the one image every channel shares, not a copy per post.
          file: Buffer.from(image.png.buffer, image.png.byteOffset, image.png.byteLength),
          filename: image.filename,
          title: message.title.slice(0, 200),
          alt_text: image.alt.slice(0, 1000),
        }),
      );
      return { messageId };
    } catch (error) {
      return { messageId, incomplete: `the map was not attached (${asPostError(error).message})` };
    }
  }
}
