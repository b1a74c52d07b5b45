// Stored incidents that name no district get the one their point lies in, once the agency's boundary
// file is set: an export imported before it (Portland's calls for service) need not be imported again.
// After a redistricting, `redraw` puts every incident inside the new boundaries in the district its point
// lies in now, whatever it named, so that plans by district count the history of today's districts.
// One transaction, written to the audit log.
import { z } from 'zod';
import { type AuditEntry, auditInsert } from '../audit/audit-log.ts';
import type { Database } from '../db/client.ts';
import { inTransaction } from '../db/transaction.ts';
import type { DistrictAt } from '../geo/district-lookup.ts';
import { forgetDistricts } from '../geo/districts.ts';

export interface FilledDistricts {
  /** Incidents that named no district and were given one. */
  filled: number;
  /** Incidents moved from the district they named to the one their point lies in (redraw only). */
  moved: number;
  /** Incidents outside every district: those with none keep none; with `redraw`, each keeps its own. */
  outside: number;
  /**
   * Redraw only: the districts that incidents outside every new district name and no incident inside
   * does, an old map's left over; kept, or with `outside: 'none'` cleared from those incidents.
   */
  stranded: string[];
  /** Incidents outside every district whose stranded district was cleared (`outside: 'none'`). */
  cleared: number;
}

const point = z.object({ lat: z.number(), lon: z.number(), district: z.string().nullable(), n: z.number() });

export async function fillDistricts(
  database: Database,
  districtAt: DistrictAt,
  audit: Omit<AuditEntry, 'action' | 'params' | 'outcome'>,
  options: {
    redraw?: boolean;
    outside?: 'keep' | 'none';
    /** The new file's district names: never stranded, even where no incident lies inside one. */
    districts?: readonly string[];
  } = {},
): Promise<FilledDistricts> {
  const redraw = options.redraw === true;
  const result = await inTransaction(database, async (exec) => {
    // By point, not by row: a city's incidents repeat at far fewer points than there are rows.
    const points = point.array().parse(
      await exec(
        `select lat, lon, district, count(*)::int as n from incidents
           ${redraw ? '' : 'where district is null'} group by lat, lon, district`,
      ),
    );
    const lats: number[] = [];
    const lons: number[] = [];
    const names: string[] = [];
    let filled = 0;
    let moved = 0;
    let outside = 0;
    const named = new Set<string>(options.districts);
    const beyond: { lat: number; lon: number; district: string; n: number }[] = [];
    for (const p of points) {
      const name = districtAt(p.lon, p.lat);
      if (name === undefined) {
        outside += p.n;
        if (p.district !== null) beyond.push({ ...p, district: p.district });
        continue;
      }
      named.add(name);
      if (name === p.district) continue;
      if (p.district === null) filled += p.n;
      else moved += p.n;
      lats.push(p.lat);
      lons.push(p.lon);
      names.push(name);
    }
    if (names.length > 0)
      await exec(
        `update incidents set district = v.district
         from (select distinct * from unnest($1::float8[], $2::float8[], $3::text[])) as v(lat, lon, district)
         where incidents.lat = v.lat and incidents.lon = v.lon
           and ${redraw ? 'incidents.district is distinct from v.district' : 'incidents.district is null'}`,
        [lats, lons, names],
      );
    const left = redraw ? beyond.filter((p) => !named.has(p.district)) : [];
    const stranded = [...new Set(left.map((p) => p.district))].sort((a, b) => a.localeCompare(b));
    let cleared = 0;
    if (options.outside === 'none' && left.length > 0) {
      await exec(
        `update incidents set district = null
         from unnest($1::float8[], $2::float8[], $3::text[]) as v(lat, lon, district)
         where incidents.lat = v.lat and incidents.lon = v.lon and incidents.district = v.district`,
        [left.map((p) => p.lat), left.map((p) => p.lon), left.map((p) => p.district)],
      );
      cleared = left.reduce((sum, p) => sum + p.n, 0);
    }
    const entry = auditInsert({
      ...audit,
      action: redraw ? 'districts redrawn' : 'districts filled',
      params: { districts: new Set(names).size },
      outcome: redraw
        ? `${filled} filled, ${moved} moved to another district, ${outside} outside every district${cleared ? ` (${cleared} of them cleared of a district the new boundaries lack)` : ''}`
        : `${filled} filled, ${outside} outside every district`,
    });
    await exec(entry.text, entry.params);
    return { filled, moved, outside, stranded, cleared };
  });
  forgetDistricts(database);
  return result;
}
