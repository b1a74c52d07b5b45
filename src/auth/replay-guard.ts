// A signed chat request is acted on once. Its key (a Slack trigger id, a Discord signature) is recorded
// in the database, so a replay is refused by every replica, not only by the one that saw the original.
import type { Database } from '../db/client.ts';

export interface ReplayGuard {
  /** True the first time a key is seen, false ever after (until it is older than the keeping time). */
  firstTime(key: string): Promise<boolean>;
}

/** Keys are kept longer than the platforms' 5-minute signature window, after which a copy is stale anyway. */
const KEEP_MS = 10 * 60_000;
/** Old keys are cleared every so many requests rather than on a timer. */
const PRUNE_EVERY = 200;

export function databaseReplayGuard(database: Database, now: () => number = Date.now): ReplayGuard {
  let requests = 0;
  return {
    async firstTime(key) {
      const at = now();
      const rows = await database.query(
        `insert into seen_requests (key, seen_at) values ($1, $2)
         on conflict (key) do nothing returning key`,
        [key.slice(0, 300), new Date(at).toISOString()],
      );
      if (++requests % PRUNE_EVERY === 0) {
        await database.query('delete from seen_requests where seen_at < $1', [
          new Date(at - KEEP_MS).toISOString(),
        ]);
      }
      return rows.length > 0;
    },
  };
}
