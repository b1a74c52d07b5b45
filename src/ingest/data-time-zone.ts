// The agency's clock where nobody set one: an import that found its incidents' time zone from their place
// (no PATROLCAST_TZ) records it with its batch, and shifts, "tonight" and briefings follow the latest
// found, so that a London force's night shift starts at 22:00 in London, not in the default zone.

import { z } from 'zod';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';
import { isTimeZone } from '../time/zone.ts';

/** The zone the latest committed import found from its incidents' place, if any did. */
export async function zoneFoundInData(database: Database): Promise<string | undefined> {
  const [row] = await decodedRows(
    database,
    z.object({ zone: z.string() }),
    `select time_zone_found as zone from ingest_batches
     where status = 'committed' and time_zone_found is not null
     order by created_at desc limit 1`,
  );
  return row && isTimeZone(row.zone) ? row.zone : undefined;
}

/**
 * Where PATROLCAST_TZ is not set, sets the configuration's zone to the one found in the data, and returns
 * it. The object is changed in place, on purpose: a command reads its settings from the configuration it
 * was given before it opened the database.
 */
export async function followDataTimeZone(config: Config, database: Database): Promise<string | undefined> {
  if (config.timeZoneSet) return undefined;
  const zone = await zoneFoundInData(database);
  if (zone) config.timeZone = zone;
  return zone;
}
