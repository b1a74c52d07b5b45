// Stores a batch of incidents fast and all-or-nothing. Rows arrive in chunks and are written with
// COPY; a batch that fails or is killed leaves nothing behind (one transaction on PostgreSQL; on
// PGlite, rows out of sight until the batch commits: store-pglite.ts). The same incident twice (in the file, or already stored) is counted, not stored again.
import { z } from 'zod';
import type { AuditEntry } from '../audit/audit-log.ts';
import type { Database } from '../db/client.ts';
import { countRow } from '../db/rows.ts';
import { storableJson, storableText } from '../db/storable.ts';
import type { Exec } from '../db/transaction.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { DEMO_SOURCE } from '../demo/city.ts';
import type { CanonicalIncident } from './incident.ts';
import type { CategoryMap } from './source-categories.ts';
import { openPgliteWriter } from './store-pglite.ts';
import { openPostgresWriter } from './store-postgres.ts';

export interface StagedIncident extends CanonicalIncident {
  cell: string;
}

export interface Rejection {
  line: number;
  field: string;
  reason: string;
}

export interface BatchRecord {
  source: string;
  profile: string;
  fileName?: string | null;
  actor?: string | null;
  /** Real data: the synthetic demo city goes in the same transaction, if any of it was stored. */
  replacesDemo?: boolean;
  /** Offence names the analyst filed (`--categories`), kept with the source when the batch commits. */
  categories?: CategoryMap;
  /** Everything as for a real import, then rolled back: nothing is stored, not even the batch. */
  dryRun?: boolean;
  /** The audit entry of this import, written in its transaction: it commits with it, or nothing does. */
  audit?: AuditEntry;
  /** Ids of this source's stored incidents that the source withdrew: removed with the batch, kept for an undo. */
  withdraw?: readonly string[];
  /** The zone the file's local times were read in, when it was found from their place. */
  timeZoneFound?: string;
  /** A digest of the file's bytes. */
  contentHash?: string;
}

export interface BatchTotals {
  received: number;
  rejected: number;
  /** The first rejections, kept on the batch row itself (all of them go to ingest_rejections). */
  errors: Rejection[];
  /** Rejections counted by reason. */
  reasons: Record<string, number>;
  /** Rows folded into the row before them, one event's offences (see event-rows.ts): repeats too. */
  folded?: number;
  /** Of those, rows of another offence than the row they were folded into. */
  otherOffences?: number;
}

export interface CommitResult {
  batchId: string;
  /** New incidents stored. */
  accepted: number;
  /** Within the file and already stored, unchanged. */
  duplicates: number;
  /** Of those, rows repeating an id read earlier in the same file (an event listed once per offence). */
  repeated: number;
  /** Stored incidents (by the source's own id) this batch replaced with a changed version. */
  updated: number;
  /** Stored incidents this batch removed because the source withdrew them. */
  withdrawn: number;
  /** Demo incidents removed because real ones came in. */
  demoRemoved?: number;
}

export interface IncidentWriter {
  readonly batchId: string;
  /** Writes a chunk of rows and rejections; nothing is visible to others until commit. */
  write(rows: readonly StagedIncident[], rejections?: readonly Rejection[]): Promise<void>;
  /** New incidents written so far (duplicates of stored ones not counted). */
  acceptedSoFar(): number;
  /**
   * Makes the batch visible: its rows, its rejections and its record, at once. `guard` runs in the
   * committing transaction, after every row is written: what it throws stops the commit.
   */
  commit(totals: BatchTotals, guard?: (exec: Exec) => Promise<void>): Promise<CommitResult>;
  /** Undoes everything; records the batch as failed with the reason, unless `record` is false. */
  abort(reason: string, options?: { record?: boolean }): Promise<void>;
}

export { INCIDENT_COLUMNS } from './incident-columns.ts';

/** CSV for COPY: every text field quoted, so delimiters, quotes and newlines in data are safe. */
function csvText(value: string | null): string {
  if (value === null) return '';
  return `"${storableText(value).replaceAll('"', '""')}"`;
}

/** Rejections as (batch_id, line, field, reason). */
export function rejectionsCsv(batchId: string, rows: readonly Rejection[]): string {
  let out = '';
  for (const r of rows) out += `${batchId},${r.line},${csvText(r.field)},${csvText(r.reason)}\n`;
  return out;
}

function batchInsert(status: 'committed' | 'importing'): string {
  return `insert into ingest_batches (id, source, profile, file_name, status, actor, time_zone_found, content_hash)
    values ($1, $2, $3, $4, '${status}', $5, $6, $7)`;
}

export const BATCH_SQL = {
  /**
   * Whether the source has stored incidents (only then is each new row checked against them), and
   * whether it lists an event once per offence.
   */
  sourceSeen: `select exists (select 1 from incidents where source = $1) as any,
    exists (select 1 from ingest_batches where source = $1 and status = 'committed' and several_offences > 0)
      as several_offences`,
  replaceDemo: `with removed as (delete from incidents where source = '${DEMO_SOURCE}' returning 1)
    select count(*)::int as n from removed`,
  insert: batchInsert('committed'),
  /** A batch written in several transactions (PGlite's): its rows stay out of sight until it settles. */
  insertImporting: batchInsert('importing'),
  settle: `update ingest_batches set status = 'committed', received = $2, accepted = $3, duplicates = $4,
    rejected = $5, errors = $6::text::jsonb, reasons = $7::text::jsonb, updated = $8, withdrawn = $9,
    several_offences = $10, finished_at = now()
    where id = $1`,
  failed: `insert into ingest_batches (id, source, profile, file_name, status, failure, actor, finished_at)
    values ($1, $2, $3, $4, 'failed', $5, $6, now())
    on conflict (id) do update set status = 'failed', failure = excluded.failure, finished_at = now()`,
  forget: 'delete from ingest_batches where id = $1',
  forgetRejections: 'delete from ingest_rejections where batch_id = $1',
};

/** The rows of the BATCH_SQL statements that return some. */
export const BATCH_ROWS = {
  sourceSeen: z.object({ any: z.boolean(), several_offences: z.boolean() }),
  replaceDemo: countRow,
};

export const batchInsertParams = (batchId: string, batch: BatchRecord) => [
  batchId,
  batch.source,
  batch.profile,
  batch.fileName ?? null,
  batch.actor ?? null,
  batch.timeZoneFound ?? null,
  batch.contentHash ?? null,
];

export const batchSettleParams = (
  batchId: string,
  totals: BatchTotals,
  counts: {
    accepted: number;
    duplicates: number;
    updated: number;
    withdrawn: number;
    severalOffences: number;
  },
) => [
  batchId,
  totals.received,
  counts.accepted,
  counts.duplicates,
  totals.rejected,
  storableJson(totals.errors),
  storableJson(totals.reasons),
  counts.updated,
  counts.withdrawn,
  counts.severalOffences,
];

export const batchFailedParams = (batchId: string, batch: BatchRecord, reason: string) => [
  batchId,
  batch.source,
  batch.profile,
  batch.fileName ?? null,
  reason.slice(0, 500),
  batch.actor ?? null,
];

export function openIncidentWriter(database: Database, batch: BatchRecord): Promise<IncidentWriter> {
  return database.kind === 'pglite' ? openPgliteWriter(database, batch) : openPostgresWriter(database, batch);
}

/**
 * Why an import failed, as its batch records it: a lost connection in words an analyst can act on (the
 * driver's own words kept after them), anything else as it was said.
 */
export function failureWords(error: unknown): string {
  const said = error instanceof Error ? error.message : String(error);
  return isDatabaseUnavailable(error)
    ? `the database connection was lost before the import finished (${said}): nothing of it was stored; import the file again`
    : said;
}

/** Stores rows already in memory as one batch. */
export async function storeIncidents(
  database: Database,
  batch: BatchRecord,
  rows: readonly StagedIncident[],
): Promise<CommitResult> {
  const writer = await openIncidentWriter(database, batch);
  try {
    for (let i = 0; i < rows.length; i += 20_000) await writer.write(rows.slice(i, i + 20_000));
    return await writer.commit({ received: rows.length, rejected: 0, errors: [], reasons: {} });
  } catch (error) {
    await writer.abort(failureWords(error));
    throw error;
  }
}
