// The feeds job: each feed whose turn it is runs (its own schedule, backing off after failures); the
// administrators hear once when one keeps failing or goes quiet; and when any brought changes, the
// forecasts of windows not yet begun are scored again from the new data.

import type { Message } from '../src/bot/message.ts';
import type { ChannelPoster } from '../src/bot/poster.ts';
import type { Database } from '../src/db/client.ts';
import { describeError } from '../src/errors.ts';
import { feedAlert, feedQuietAlert } from '../src/feeds/feed-alert.ts';
import { feedTurn, quietFor } from '../src/feeds/feed-due.ts';
import { feedNamed, listFeeds, markQuietAlerted } from '../src/feeds/feed-store.ts';
import { runFeed } from '../src/feeds/run-feed.ts';
import { dropUpcomingForecasts } from '../src/forecast/forecast-store.ts';
import type { ImportSettings } from '../src/ingest/importer.ts';
import { FAILING_AFTER } from '../src/schedule/job-schedule.ts';

export interface FeedsJobDeps {
  database: Database;
  importing: ImportSettings;
  timeZone: string;
  posters: ReadonlyMap<string, ChannelPoster>;
  adminChannel?: { platform: string; channelId: string } | undefined;
  /** Briefings go out this long before their shift: forecasts that close to their window are kept. */
  leadMs: number;
  /** Scores the forecasts the next briefings need. */
  refreshForecasts: (now: Date) => Promise<unknown>;
  /** A feed's rows replaced the demo city: queues a training on them, and says what happens. */
  firstRealData: (actor: string) => string;
}

export async function runDueFeeds(deps: FeedsJobDeps, now: Date): Promise<Record<string, unknown>> {
  const { database } = deps;
  const out: Record<string, unknown> = {};
  const alert = async (message: Message) => {
    if (!deps.adminChannel) return false;
    const poster = deps.posters.get(deps.adminChannel.platform);
    if (!poster) return false;
    return poster.post(deps.adminChannel.channelId, message).then(
      () => true,
      () => false,
    );
  };
  let changed = false;
  for (const feed of await listFeeds(database)) {
    const turn = feedTurn(feed, now, deps.timeZone);
    if (turn.due) {
      try {
        const r = await runFeed(database, feed, deps.importing, now);
        out[feed.name] = {
          received: r.received,
          added: r.added,
          updated: r.updated,
          deleted: r.deleted,
          ...(r.demoRemoved ? { training: deps.firstRealData(`feed ${feed.name}`) } : {}),
        };
        if (r.added + r.updated + r.deleted > 0) changed = true;
      } catch (error) {
        out[feed.name] = { error: describeError(error) };
      }
    } else if (feed.failures > 0 && !feed.paused) out[feed.name] = { skipped: turn.why };
    const after = await feedNamed(database, feed.name);
    // One alert when a feed has just failed for the third time in a row; none again until it recovers.
    if (turn.due && after.failures === FAILING_AFTER) await alert(feedAlert(after));
    const quiet = quietFor(after, now);
    if (quiet !== undefined && !after.quietAlerted && (await alert(feedQuietAlert(after, quiet))))
      await markQuietAlerted(database, after);
  }
  if (changed) {
    // The rows are stored whatever happens here; a forecast that cannot be scored now is scored on request.
    try {
      const dropped = await dropUpcomingForecasts(database, new Date(now.getTime() + deps.leadMs));
      out.forecastsRefreshed = { dropped, ...((await deps.refreshForecasts(now)) as object) };
    } catch (error) {
      out.forecastsRefreshed = { error: describeError(error) };
    }
  }
  return out;
}
