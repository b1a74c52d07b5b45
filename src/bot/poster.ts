// Posting to a channel unasked (a scheduled briefing): each chat adapter provides one.
import type { Message } from './message.ts';

export interface ChannelPoster {
  readonly platform: string;
  /** Posts the message; resolves with the platform's id for it. */
  post(channelId: string, message: Message): Promise<string>;
}

/** A platform refused or failed; `retryAfterMs` when it said how long to wait (a rate limit). */
export class PostError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
