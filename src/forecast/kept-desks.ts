// The report desks the forecast found (report-desks.ts), and the analyst's word on them: a place that
// is no desk (a mall whose security writes its reports at midnight, say) is kept, so that its incidents
// of unknown time count as its crime and lists and plans send units there again.
import { isValidCell } from 'h3-js';
import { z } from 'zod';
import { type AuditEntry, auditInsert } from '../audit/audit-log.ts';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';
import { inTransaction } from '../db/transaction.ts';
import { UserError } from '../errors.ts';
import { placeNames } from '../geo/place-names.ts';

export interface FoundDesk {
  cell: string;
  place: string;
  /** Kept by an analyst: not a desk. */
  kept: boolean;
}

/** The desks the latest forecast left out, and the places kept, by name. */
export async function listDesks(database: Database): Promise<FoundDesk[]> {
  const rows = await decodedRows(
    database,
    z.object({ cell: z.string(), kept: z.boolean() }),
    `select cell, false as kept from forecast_cells
       where desk and forecast_id = (select max(id) from forecasts)
         and cell not in (select cell from kept_desks)
     union
     select cell, true as kept from kept_desks
     order by kept, cell`,
  );
  const names = await placeNames(
    database,
    rows.map((r) => r.cell),
  );
  return rows.map((r) => ({ ...r, place: names.get(r.cell) ?? r.cell }));
}

/**
 * Keeps a place the forecast took for a desk (or lets the forecast judge it again), audited with the
 * change. Forecasts of windows still to come are scored again; those begun or past stay as served,
 * though lists drawn from them send units to a kept place at once.
 */
export async function keepDesk(
  database: Database,
  cell: string,
  kept: boolean,
  who: Omit<AuditEntry, 'action' | 'params' | 'outcome'>,
): Promise<void> {
  const id = cell.trim();
  if (!isValidCell(id))
    throw new UserError(`${id.slice(0, 40)} is not a place's cell id (patrolcast desks lists them)`);
  const changed = await inTransaction(database, async (exec) => {
    const rows = kept
      ? await exec('insert into kept_desks (cell) values ($1) on conflict do nothing returning cell', [id])
      : await exec('delete from kept_desks where cell = $1 returning cell', [id]);
    if (rows.length > 0) await exec('delete from forecasts where window_start > now()');
    const entry = auditInsert({
      ...who,
      action: kept ? 'desks keep' : 'desks drop',
      params: { cell: id },
      outcome: rows.length > 0 ? 'ok' : kept ? 'kept already' : 'not kept',
    });
    await exec(entry.text, entry.params);
    return rows.length > 0;
  });
  if (!changed && !kept)
    throw new UserError(`${id} is not a kept place (patrolcast desks lists those kept)`, 404);
}
