// The message an administrator gets when a feed keeps failing: what, since when, and what to do.
import type { Message } from '../bot/message.ts';
import type { Feed } from './feed-store.ts';

export function feedAlert(feed: Feed): Message {
  const since = feed.lastSuccessAt
    ? `last success ${feed.lastSuccessAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`
    : 'it has never succeeded';
  return {
    title: `Feed ${feed.name} keeps failing`,
    summary: `${feed.failures} runs in a row failed; ${since}. Answers grow stale until it recovers.`,
    sections: [
      {
        lines: [
          `Last error: ${feed.lastError ?? 'unknown'}`,
          `Check it with: patrolcast feeds run ${feed.name}`,
        ],
      },
    ],
    tone: 'error',
  };
}
