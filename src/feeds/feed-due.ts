// When a feed runs: on its own schedule (cron, in the agency's zone; hourly unless set), and, after
// failures, no sooner than a back-off that doubles with each failure, so that a source that is down is
// not hammered and a feed recovers by itself when it comes back.
import { createTask } from 'node-cron';
import type { Feed } from './feed-store.ts';

export const DEFAULT_FEED_SCHEDULE = '0 * * * *';
export const DEFAULT_QUIET_HOURS = 48;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** How long a feed that failed `failures` times in a row waits before it tries again. */
export const backoffMs = (failures: number): number =>
  failures <= 0 ? 0 : Math.min(15 * MINUTE * 2 ** (failures - 1), 12 * HOUR);

/** Whether the cron expression fires at some minute after `since` and at or before `now`. */
export function firedBetween(cron: string, timeZone: string, since: Date, now: Date): boolean {
  const task = createTask(cron, () => undefined, { timezone: timeZone, name: 'feed-due' });
  try {
    // Minute by minute back from now, at most eight days: a weekly schedule still counts.
    const first = Math.max(
      Math.floor(since.getTime() / MINUTE) + 1,
      Math.floor(now.getTime() / MINUTE) - 8 * 24 * 60,
    );
    for (let m = Math.floor(now.getTime() / MINUTE); m >= first; m--)
      if (task.match(new Date(m * MINUTE))) return true;
    return false;
  } finally {
    void task.destroy();
  }
}

export type FeedTurn = { due: true } | { due: false; why: string };

export function feedTurn(feed: Feed, now: Date, timeZone: string): FeedTurn {
  if (feed.paused) return { due: false, why: 'paused' };
  if (!feed.lastRunAt) return { due: true };
  const wait = backoffMs(feed.failures);
  if (now.getTime() - feed.lastRunAt.getTime() < wait)
    return {
      due: false,
      why: `backing off after ${feed.failures} failures until ${new Date(feed.lastRunAt.getTime() + wait).toISOString()}`,
    };
  if (!firedBetween(feed.options.schedule ?? DEFAULT_FEED_SCHEDULE, timeZone, feed.lastRunAt, now))
    return { due: false, why: 'not yet its time' };
  return { due: true };
}

/** Whether a feed has brought nothing for longer than it should: the administrators are told once. */
export function quietFor(feed: Feed, now: Date): number | undefined {
  const since = feed.lastDataAt ?? feed.createdAt;
  const hours = (now.getTime() - since.getTime()) / HOUR;
  return !feed.paused && hours >= (feed.options.quietHours ?? DEFAULT_QUIET_HOURS)
    ? Math.floor(hours)
    : undefined;
}
