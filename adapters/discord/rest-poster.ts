// Posting to a Discord channel through the REST API (scheduled briefings), the same for both modes.
import { type REST, Routes } from 'discord.js';
import type { Message } from '../../src/bot/message.ts';
import { type ChannelPoster, PostError } from '../../src/bot/poster.ts';
import { toComponents, toEmbeds } from './render.ts';

export const messageBody = (message: Message) => ({
  embeds: toEmbeds(message),
  components: toComponents(message),
});

/** The map, as the file the embed's attachment://map.png points to. */
export const messageFiles = (message: Message) =>
  message.image
    ? [
        {
          name: message.image.filename,
          // A view of the image every channel shares, not a copy per post.
          data: Buffer.from(
            message.image.png.buffer,
            message.image.png.byteOffset,
            message.image.png.byteLength,
          ),
        },
      ]
    : [];

export function restPoster(rest: REST): ChannelPoster {
  return {
    platform: 'discord',
    async post(channelId, message) {
      try {
        const sent = (await rest.post(Routes.channelMessages(channelId), {
          body: messageBody(message),
          files: messageFiles(message),
        })) as { id: string };
        // One request carries the embed and its map: either both are posted or neither.
        return { messageId: sent.id };
      } catch (error) {
        const e = error as { message?: string };
        throw new PostError(`Discord: ${e.message ?? String(error)}`);
      }
    },
  };
}
