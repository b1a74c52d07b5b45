// Scores the served forecasts whose windows are over and whose incidents have arrived: those never
// scored, and those whose window's incidents changed since (a late arrival, a revision, an undone
// batch). A window's incidents have arrived once a later incident is stored: with none, the data stopped
// (a feed that broke, an import not made), and a window scored on nothing would read as a miss.
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows, wholeNumber } from '../db/rows.ts';
import { forecastById } from '../forecast/forecast-store.ts';
import { newestIncidentAt } from '../forecast/freshness.ts';
import type { ForecastSettings } from '../forecast/settings.ts';
import { type ForecastScore, scoreForecast } from './score-forecast.ts';

export interface ScoringSettings {
  /** Scores of windows older than this are not checked for late changes. */
  rescoreDays: number;
  /** The most one run scores, newest first: a backlog (a first run over years of stored forecasts) drains over runs. */
  perRun: number;
}

export const DEFAULT_SCORING: ScoringSettings = { rescoreDays: 120, perRun: 200 };

const HOUR = 3_600_000;

const dueRow = z.object({
  id: wholeNumber,
  scored: z.string().nullable(),
  outcome: z.string(),
});

/** The served forecasts to score now: unscored, or scored on incidents that have changed since. */
async function dueForecasts(
  database: Database,
  now: Date,
  scoring: ScoringSettings,
  period?: { from: Date; to: Date },
): Promise<{ id: number; again: boolean }[]> {
  const newest = await newestIncidentAt(database);
  const arrived = new Date(Math.min(now.getTime(), newest?.getTime() ?? 0));
  const horizon = new Date(now.getTime() - scoring.rescoreDays * 24 * HOUR);
  const params: unknown[] = [arrived.toISOString(), horizon.toISOString()];
  // Only forecasts by a model that had not learnt from the window: a past window asked about with a
  // model trained past it would score what the model had already seen.
  let where = `f.window_end <= $1 and (s.forecast_id is null or f.window_end > $2)
    and (m.train_to is null or m.train_to <= f.window_start)`;
  if (period) {
    params.push(period.from.toISOString(), period.to.toISOString());
    where += ' and f.window_start >= $3 and f.window_start < $4';
  }
  const rows = await decodedRows(
    database,
    dueRow,
    `select f.id, s.outcome as scored,
       (select count(*)::text || ':' || coalesce(((extract(epoch from max(i.created_at)) * 1000)::bigint)::text, '')
        from settled_incidents i where i.occurred_at >= f.window_start and i.occurred_at < f.window_end) as outcome
     from forecasts f join models m on m.id = f.model_id left join forecast_scores s on s.forecast_id = f.id
     where ${where} order by f.window_start desc, f.id desc`,
    params,
  );
  const due = rows.filter((r) => r.scored !== r.outcome).map((r) => ({ id: r.id, again: r.scored !== null }));
  // A report scores all of its month; the job, its share, the newest first (drift reads those).
  return period ? due : due.slice(0, scoring.perRun);
}

async function storeScore(database: Database, forecastId: number, score: ForecastScore): Promise<void> {
  await database.query(
    `insert into forecast_scores (forecast_id, incidents, scores, outcome, scored_at)
     values ($1, $2, $3::jsonb, $4, now())
     on conflict (forecast_id) do update set incidents = excluded.incidents, scores = excluded.scores,
       outcome = excluded.outcome, scored_at = excluded.scored_at`,
    [forecastId, score.incidents, JSON.stringify(score.methods), score.outcome],
  );
}

/** Scores what is due; how many were scored for the first time and how many again. */
export async function scoreServedForecasts(
  database: Database,
  settings: ForecastSettings,
  now: Date,
  scoring: ScoringSettings = DEFAULT_SCORING,
  period?: { from: Date; to: Date },
): Promise<{ scored: number; rescored: number }> {
  const due = await dueForecasts(database, now, scoring, period);
  let scored = 0;
  let rescored = 0;
  for (const { id, again } of due) {
    const forecast = await forecastById(database, id);
    if (!forecast) continue;
    await storeScore(database, id, await scoreForecast(database, settings, forecast));
    if (again) rescored++;
    else scored++;
  }
  return { scored, rescored };
}
