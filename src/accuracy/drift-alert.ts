// The administrators hear once when a category's forecast starts slipping, and again only after it
// has recovered and slipped anew: a slipping model is a decision to make, not a stream of pages.
import type { Message } from '../bot/message.ts';
import type { Database } from '../db/client.ts';
import { activeModels } from '../forecast/registry.ts';
import { categoryLabel } from '../ingest/categories.ts';
import { DEFAULT_DRIFT, type Drift, type DriftSettings, driftLine, liveDrift } from './drift.ts';

export function driftAlert(drift: Drift): Message {
  return {
    title: `The ${drift.category === 'all' ? '' : `${categoryLabel(drift.category)} `}forecast is slipping`,
    summary: driftLine(drift),
    sections: [
      {
        lines: [
          'Live scores compare each served forecast with what happened once its incidents arrived.',
          'Retrain with `/retrain` (or `patrolcast train`); `patrolcast report --month` has the detail.',
        ],
      },
    ],
    tone: 'warning',
  };
}

/**
 * Each active model's drift; the alerts not yet sent for those slipping. A category that has
 * recovered is forgotten, so that slipping again is told again.
 */
export async function driftToTell(
  database: Database,
  timeZone: string,
  now: Date,
  settings: DriftSettings = DEFAULT_DRIFT,
): Promise<{ drifts: Drift[]; toTell: Drift[] }> {
  const drifts: Drift[] = [];
  const toTell: Drift[] = [];
  for (const model of await activeModels(database)) {
    const drift = await liveDrift(database, timeZone, now, model.category, settings, model);
    if (!drift) continue;
    drifts.push(drift);
    if (!drift.slipping) {
      await database.query('delete from drift_alerts where category = $1', [drift.category]);
      continue;
    }
    const told = await database.query('select 1 from drift_alerts where category = $1', [drift.category]);
    if (told.length === 0) toTell.push(drift);
  }
  return { drifts, toTell };
}

/** Marks a category's slipping as told. */
export async function markDriftTold(database: Database, drift: Drift, now: Date): Promise<void> {
  await database.query(
    'insert into drift_alerts (category, raised_at, reason) values ($1, $2, $3) on conflict (category) do nothing',
    [drift.category, now.toISOString(), drift.slipping ?? ''],
  );
}
