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

export function feedQuietAlert(feed: Feed, hours: number): Message {
  return {
    title: `Feed ${feed.name} has brought nothing new for ${hours} hours`,
    summary: `Its runs succeed but bring no new or changed rows${feed.lastDataAt ? ` (last new rows ${feed.lastDataAt.toISOString().slice(0, 16).replace('T', ' ')} UTC)` : ''}. Answers grow stale until rows arrive again.`,
    sections: [
      {
        lines: [
          'The source may have stopped publishing, or moved to a new dataset.',
          `Check it with: patrolcast feeds show ${feed.name}`,
        ],
      },
    ],
    tone: 'error',
  };
}
