// Revised records: a row that carries the source's own id and differs from the stored incident with
// that id (reclassified, moved, retimed) replaces it; the replaced version is kept with the batch, so
// that undoing the batch puts it back. Rows whose id patrolcast made from their content never revise:
// a changed row there is another incident.
import { z } from 'zod';
import { isCategory } from './categories.ts';
import { seriousness } from './event-rows.ts';
import { STORED_COLUMNS } from './incident-columns.ts';
import type { StagedIncident } from './store.ts';

/** Ids made from a row's content start so (see map-row.ts). */
export const isMadeUpId = (id: string) => id.startsWith('h:');

const storedRow = z.object({
  external_id: z.string(),
  occurred_at: z.date(),
  time_precision: z.string(),
  category: z.string(),
  raw_type: z.string().nullable(),
  lat: z.number(),
  lon: z.number(),
  cell: z.string(),
  district: z.string().nullable(),
  block: z.string().nullable(),
  origin: z.string(),
});
export type StoredVersion = z.infer<typeof storedRow>;

export const REVISION_SQL = {
  stored: `select external_id, ${STORED_COLUMNS.filter((c) => c !== 'external_id').join(', ')}
    from incidents where source = $1 and external_id = any($2::text[])`,
  /** Keeps the versions about to be replaced, with the batch that had stored each. */
  keep: `insert into incident_revisions (batch_id, source, ${STORED_COLUMNS.join(', ')}, prior_batch_id)
    select $1, source, ${STORED_COLUMNS.join(', ')}, batch_id from incidents
    where source = $2 and external_id = any($3::text[])`,
  remove: 'delete from incidents where source = $1 and external_id = any($2::text[])',
  /** How many of the ids are stored: the count a withdrawal removes. */
  count: 'select count(*)::int as n from incidents where source = $1 and external_id = any($2::text[])',
  /** Undoing a batch: the versions it replaced come back, unless their own batch was undone too. */
  restore: `insert into incidents (source, ${STORED_COLUMNS.join(', ')}, batch_id)
    select r.source, ${STORED_COLUMNS.map((c) => `r.${c}`).join(', ')}, r.prior_batch_id
    from incident_revisions r
    where r.batch_id = $1
      and (r.prior_batch_id is null or r.prior_batch_id not in (select id from ingest_batches where status = 'deleted'))
    on conflict (source, external_id) do nothing`,
  forget: 'delete from incident_revisions where batch_id = $1',
  /** A batch's own rows of these ids, taken back: a graver offence of the same event takes their place. */
  removeOwn: `delete from incidents where source = $1 and batch_id = $2 and external_id = any($3::text[])
    returning external_id`,
};

export const EXTERNAL_ID_ROWS = z.object({ external_id: z.string() });

export const STORED_ROWS = storedRow;

const same = (s: StoredVersion, r: StagedIncident) =>
  s.occurred_at.getTime() === r.occurredAt.getTime() &&
  s.time_precision === r.timePrecision &&
  s.category === r.category &&
  s.raw_type === r.rawType &&
  s.lat === r.lat &&
  s.lon === r.lon &&
  s.district === r.district &&
  s.block === (r.block ?? null) &&
  s.origin === r.origin;

/**
 * Splits rows already stored under their id: unchanged (duplicates) and changed (revisions). Of the
 * revisions, `lesser` are those of a less serious offence than the stored version: in a source that lists
 * an event once per offence they are another of its offences, not a reclassification.
 */
export function sortAgainstStored(
  rows: readonly StagedIncident[],
  stored: readonly StoredVersion[],
): { fresh: StagedIncident[]; revised: StagedIncident[]; duplicates: number; lesser: StagedIncident[] } {
  const byId = new Map(stored.map((s) => [s.external_id, s]));
  const fresh: StagedIncident[] = [];
  const revised: StagedIncident[] = [];
  const lesser: StagedIncident[] = [];
  let duplicates = 0;
  for (const r of rows) {
    const s = byId.get(r.externalId);
    if (!s) fresh.push(r);
    else if (isMadeUpId(r.externalId) || same(s, r)) duplicates++;
    else {
      revised.push(r);
      if (isCategory(s.category) && seriousness(r.category) < seriousness(s.category)) lesser.push(r);
    }
  }
  return { fresh, revised, duplicates, lesser };
}

/** Keeps and removes the stored versions of these ids, in chunks, with the batch's own statements. */
export async function replaceStored(
  run: (text: string, params: unknown[]) => Promise<unknown>,
  batchId: string,
  source: string,
  ids: readonly string[],
): Promise<void> {
  for (let i = 0; i < ids.length; i += 10_000) {
    const chunk = ids.slice(i, i + 10_000);
    await run(REVISION_SQL.keep, [batchId, source, chunk]);
    await run(REVISION_SQL.remove, [source, chunk]);
  }
}
