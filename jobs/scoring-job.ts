// The scoring job: served forecasts whose windows are over are scored against what happened, and the
// administrators hear once when a forecast starts slipping behind a simple count or its own past.

import { driftAlert, driftToTell, markDriftTold } from '../src/accuracy/drift-alert.ts';
import { scoreServedForecasts } from '../src/accuracy/score-served.ts';
import type { AccuracySettings } from '../src/accuracy/settings.ts';
import type { ChannelPoster } from '../src/bot/poster.ts';
import type { Database } from '../src/db/client.ts';
import type { ForecastSettings } from '../src/forecast/settings.ts';

/** What the scoring and monthly-report jobs need: the data, the settings, and where to post. */
export interface AccuracyJobDeps {
  database: Database;
  forecasting: ForecastSettings;
  accuracy: AccuracySettings;
  posters: ReadonlyMap<string, ChannelPoster>;
  adminChannel?: { platform: string; channelId: string } | undefined;
}

export async function runScoring(deps: AccuracyJobDeps, now: Date): Promise<Record<string, unknown>> {
  const { database, forecasting } = deps;
  const scored = await scoreServedForecasts(database, forecasting, now, deps.accuracy.scoring);
  const { drifts, toTell } = await driftToTell(database, forecasting.timeZone, now, deps.accuracy.drift);
  let told = 0;
  const poster = deps.adminChannel ? deps.posters.get(deps.adminChannel.platform) : undefined;
  for (const drift of toTell) {
    if (!poster || !deps.adminChannel) break;
    // Marked as told only once the post went out: a failed post is tried again at the next run.
    const posted = await poster.post(deps.adminChannel.channelId, driftAlert(drift)).then(
      () => true,
      () => false,
    );
    if (posted) {
      await markDriftTold(database, drift);
      told++;
    }
  }
  return {
    ...scored,
    slipping: drifts.filter((d) => d.slipping).map((d) => d.category),
    alerted: told,
  };
}
