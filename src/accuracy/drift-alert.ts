// The administrators hear once when a category's forecast starts slipping, and again only after it
// has recovered and slipped anew: a slipping model is a decision to make, not a stream of pages.

import { z } from 'zod';
import type { Message } from '../bot/message.ts';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';
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
 * Each active model's drift, kept where a training reads it; the alerts not yet sent for those slipping.
 * A category that has recovered is forgotten, so that slipping again is told again.
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
    // Since when it slips stays as first found; why, as found now.
    const [row] = await decodedRows(
      database,
      z.object({ told: z.boolean() }),
      `insert into drift_alerts (category, raised_at, kind, reason) values ($1, $2, $3, $4)
       on conflict (category) do update set kind = excluded.kind, reason = excluded.reason
       returning told`,
      [drift.category, now.toISOString(), drift.slippingKind, drift.slipping],
    );
    if (!row!.told) toTell.push(drift);
  }
  return { drifts, toTell };
}

/** Marks a category's slipping as told. */
export async function markDriftTold(database: Database, drift: Drift): Promise<void> {
  await database.query('update drift_alerts set told = true where category = $1', [drift.category]);
}
