// Units on duty per district and shift, as an administrator sets them (`units set`, /units, the API).
// A shift's own row wins over the district's every-shift row; with no rows at all the city shares
// PATROLCAST_UNITS. Every change is written to the audit log in its own transaction.
import { z } from 'zod';
import { type AuditEntry, auditInsert } from '../audit/audit-log.ts';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';
import { inTransaction } from '../db/transaction.ts';
import { UserError } from '../errors.ts';
import { findShift, type ShiftDefinition } from '../forecast/windows.ts';
import { districtTag } from '../geo/district-tag.ts';
import { findDistrict } from '../geo/districts.ts';
import { nearest } from '../near-words.ts';

export interface UnitCount {
  district: string;
  /** The shift's name, or null for every shift. */
  shift: string | null;
  units: number;
}

export const MAX_UNITS = 50;

const unitRow = z.object({ district: z.string(), shift: z.string(), units: z.number().int() });

export async function listUnitCounts(database: Database): Promise<UnitCount[]> {
  const rows = await decodedRows(
    database,
    unitRow,
    'select district, shift, units from unit_counts order by district, shift',
  );
  return rows.map((r) => ({ district: r.district, shift: r.shift || null, units: r.units }));
}

/**
 * One district's units on one line; `namedNow` false marks a district no incident names any more (after
 * a redraw), whose units plan nothing until cleared.
 */
export const unitCountLine = (c: UnitCount, namedNow: boolean): string =>
  `${districtTag(c.district)}: ${c.units} ${c.shift ? `on shift ${c.shift}` : 'on every shift'}${namedNow ? '' : ' (no incident names this district now: set it to 0 to clear it)'}`;

/** The shift's configured name for what a person typed ("night", "22:00"); a UserError otherwise. */
export function shiftNamed(shifts: readonly ShiftDefinition[], name: string): string {
  const found = findShift(shifts, name);
  if (!found) {
    const near = nearest(name.trim().toLowerCase(), ['day', 'evening', 'night']);
    throw new UserError(
      `"${name.slice(0, 40)}" is not a shift${near ? `; did you mean ${near}?` : ''} (the shifts are ${shifts.map((s) => s.name).join(', ')}, or day, evening, night)`,
    );
  }
  return found.name;
}

/**
 * The district as stored for `units set`. Clearing (0) also takes a district that units are set for but
 * no incident names any more, as after a redistricting: otherwise such a setting could not be removed.
 */
export async function districtForUnits(database: Database, asked: string, units: number): Promise<string> {
  try {
    return await findDistrict(database, asked);
  } catch (error) {
    if (units !== 0 || !(error instanceof UserError)) throw error;
    const key = asked.trim().toLowerCase();
    const set = (await listUnitCounts(database)).find((c) => c.district.toLowerCase() === key);
    if (set) return set.district;
    throw error;
  }
}

/** Sets (units > 0) or clears (units 0) a district's units, for one shift or every shift. */
export async function setUnitCount(
  database: Database,
  count: UnitCount,
  audit: Omit<AuditEntry, 'action' | 'params' | 'outcome'>,
): Promise<void> {
  if (!Number.isInteger(count.units) || count.units < 0 || count.units > MAX_UNITS)
    throw new UserError(`units must be a whole number from 0 to ${MAX_UNITS}`);
  await inTransaction(database, async (exec) => {
    if (count.units === 0)
      await exec('delete from unit_counts where district = $1 and shift = $2', [
        count.district,
        count.shift ?? '',
      ]);
    else
      await exec(
        `insert into unit_counts (district, shift, units, updated_by, updated_at) values ($1, $2, $3, $4, now())
         on conflict (district, shift) do update set units = excluded.units, updated_by = excluded.updated_by, updated_at = now()`,
        [count.district, count.shift ?? '', count.units, audit.actor],
      );
    const entry = auditInsert({
      ...audit,
      action: 'units set',
      params: { district: count.district, shift: count.shift ?? 'every shift', units: count.units },
      outcome: count.units === 0 ? 'cleared' : 'set',
    });
    await exec(entry.text, entry.params);
  });
}

/** The units on duty by district for a shift (null: a whole day), or undefined when none are set. */
export function unitsForShift(
  counts: readonly UnitCount[],
  shift: string | null,
): Map<string, number> | undefined {
  const out = new Map<string, number>();
  for (const c of counts) if (c.shift === null) out.set(c.district, c.units);
  for (const c of counts) if (shift !== null && c.shift === shift) out.set(c.district, c.units);
  return out.size > 0 ? out : undefined;
}
