// Stored incidents that name no district get the one their point lies in, once the agency's boundary
// file is set: an export imported before it (Portland's calls for service) need not be imported again.
// One transaction, written to the audit log; a district an incident names is never changed.
import { z } from 'zod';
import { type AuditEntry, auditInsert } from '../audit/audit-log.ts';
import type { Database } from '../db/client.ts';
import { inTransaction } from '../db/transaction.ts';
import type { DistrictAt } from '../geo/district-lookup.ts';
import { forgetDistricts } from '../geo/districts.ts';

export interface FilledDistricts {
  /** Incidents given a district. */
  filled: number;
  /** Incidents with none that lie outside every district. */
  outside: number;
}

const point = z.object({ lat: z.number(), lon: z.number(), n: z.number() });

export async function fillDistricts(
  database: Database,
  districtAt: DistrictAt,
  audit: Omit<AuditEntry, 'action' | 'params' | 'outcome'>,
): Promise<FilledDistricts> {
  const result = await inTransaction(database, async (exec) => {
    // By point, not by row: a city's incidents repeat at far fewer points than there are rows.
    const points = point
      .array()
      .parse(
        await exec(
          'select lat, lon, count(*)::int as n from incidents where district is null group by lat, lon',
        ),
      );
    const lats: number[] = [];
    const lons: number[] = [];
    const names: string[] = [];
    let filled = 0;
    let outside = 0;
    for (const p of points) {
      const name = districtAt(p.lon, p.lat);
      if (name === undefined) {
        outside += p.n;
        continue;
      }
      lats.push(p.lat);
      lons.push(p.lon);
      names.push(name);
      filled += p.n;
    }
    if (names.length > 0)
      await exec(
        `update incidents set district = v.district
         from unnest($1::float8[], $2::float8[], $3::text[]) as v(lat, lon, district)
         where incidents.district is null and incidents.lat = v.lat and incidents.lon = v.lon`,
        [lats, lons, names],
      );
    const entry = auditInsert({
      ...audit,
      action: 'districts filled',
      params: { districts: new Set(names).size },
      outcome: `${filled} filled, ${outside} outside every district`,
    });
    await exec(entry.text, entry.params);
    return { filled, outside };
  });
  forgetDistricts(database);
  return result;
}
