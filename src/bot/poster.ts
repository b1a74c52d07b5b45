// Posting to a channel unasked (a scheduled briefing): each chat adapter provides one.
import type { Message } from './message.ts';

export interface PostResult {
  /** The platform's id for the posted message. */
  messageId: string;
  /** What did not go with it (the map, when only its upload failed): the message itself is posted. */
  incomplete?: string;
}

export interface ChannelPoster {
  readonly platform: string;
  /**
   * Posts the message. It throws only when nothing was posted, so that a retry can never post the same
   * message twice; once the message is posted, anything that fails after it is told in `incomplete`.
   */
  post(channelId: string, message: Message): Promise<PostResult>;
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
