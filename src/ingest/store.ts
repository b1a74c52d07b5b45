// Stores a batch of incidents fast and all-or-nothing. Rows are copied (COPY) into a private staging
// table as they arrive; at the end one transaction writes the batch record and moves the rows into
// incidents, skipping any already stored. A batch that fails or is killed leaves nothing behind.
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client.ts';
import type { CanonicalIncident } from './incident.ts';

export interface StagedIncident extends CanonicalIncident {
  cell: string;
}

export interface BatchRecord {
  source: string;
  profile: string;
  fileName?: string | null;
  actor?: string | null;
}

export interface BatchTotals {
  received: number;
  rejected: number;
  /** Rows rejected before staging (at most the first few hundred are kept). */
  errors: { line: number; field: string; reason: string }[];
  /** Duplicates found inside the file itself, before the database was asked. */
  duplicatesInFile: number;
}

export interface CommitResult {
  batchId: string;
  accepted: number;
  /** Within the file and already stored. */
  duplicates: number;
}

const COLUMNS = [
  'source',
  'external_id',
  'occurred_at',
  'time_precision',
  'category',
  'raw_type',
  'lat',
  'lon',
  'cell',
  'district',
  'origin',
] as const;

/** CSV for COPY: every text field quoted, so delimiters, quotes and newlines in data are safe. */
function csvText(value: string | null): string {
  if (value === null) return '';
  return `"${value.replaceAll('"', '""')}"`;
}

function toCopyCsv(source: string, rows: readonly StagedIncident[]): string {
  let out = '';
  for (const r of rows) {
    out += `${csvText(source)},${csvText(r.externalId)},${r.occurredAt.toISOString()},${r.timePrecision},${r.category},${csvText(r.rawType)},${r.lat},${r.lon},${r.cell},${csvText(r.district)},${r.origin}\n`;
  }
  return out;
}

export interface IncidentWriter {
  readonly batchId: string;
  /** Stages rows; nothing is visible in incidents until commit. */
  write(rows: readonly StagedIncident[]): Promise<void>;
  /** Stores every staged row not already stored, and the batch record, in one transaction. */
  commit(totals: BatchTotals): Promise<CommitResult>;
  /** Drops what was staged; records the batch as failed with the reason. */
  abort(reason: string): Promise<void>;
}

export async function openIncidentWriter(database: Database, batch: BatchRecord): Promise<IncidentWriter> {
  const batchId = randomUUID();
  const staging = `pc_staging_${batchId.replaceAll('-', '')}`;
  const createStaging = `create temp table ${staging} (
      source text, external_id text, occurred_at timestamptz, time_precision text, category text,
      raw_type text, lat double precision, lon double precision, cell text, district text, origin text)`;
  const moveRows = `with moved as (
      insert into incidents (${COLUMNS.join(', ')}, batch_id)
      select distinct on (source, external_id) ${COLUMNS.join(', ')}, $1::uuid from ${staging}
      order by source, external_id
      on conflict (source, external_id) do nothing
      returning 1)
    select count(*)::int as n from moved`;
  const insertBatch = `insert into ingest_batches
      (id, source, profile, file_name, status, received, accepted, duplicates, rejected, errors, actor, finished_at)
      values ($1, $2, $3, $4, 'committed', $5, $6, $7, $8, $9::jsonb, $10, now())`;
  const countStaged = `select count(*)::int as n from ${staging}`;
  const batchParams = (totals: BatchTotals) => [
    batchId,
    batch.source,
    batch.profile,
    batch.fileName ?? null,
    totals.received,
    0,
    0,
    totals.rejected,
    JSON.stringify(totals.errors),
    batch.actor ?? null,
  ];
  // The batch row goes first (incidents refer to it); its counts are set once the rows have moved.
  const settleBatch = 'update ingest_batches set accepted = $2, duplicates = $3 where id = $1';
  const recordFailure = (reason: string) =>
    database
      .query(
        `insert into ingest_batches (id, source, profile, file_name, status, failure, actor, finished_at)
         values ($1, $2, $3, $4, 'failed', $5, $6, now()) on conflict (id) do nothing`,
        [batchId, batch.source, batch.profile, batch.fileName ?? null, reason, batch.actor ?? null],
      )
      .catch(() => {});

  if (database.kind === 'pglite') {
    const pg = database.client;
    await pg.exec(createStaging);
    return {
      batchId,
      async write(rows) {
        if (rows.length === 0) return;
        const blob = new Blob([toCopyCsv(batch.source, rows)]);
        await pg.query(`copy ${staging} (${COLUMNS.join(', ')}) from '/dev/blob' with (format csv)`, [], {
          blob,
        });
      },
      async commit(totals) {
        try {
          // transaction() holds PGlite's only session, so no other query slips into it.
          return await pg.transaction(async (tx) => {
            await tx.query(insertBatch, batchParams(totals));
            const staged = (await tx.query<{ n: number }>(countStaged)).rows[0]!.n;
            const accepted = (await tx.query<{ n: number }>(moveRows, [batchId])).rows[0]!.n;
            const duplicates = totals.duplicatesInFile + staged - accepted;
            await tx.query(settleBatch, [batchId, accepted, duplicates]);
            return { batchId, accepted, duplicates };
          });
        } finally {
          await pg.exec(`drop table if exists ${staging}`);
        }
      },
      async abort(reason) {
        await pg.exec(`drop table if exists ${staging}`).catch(() => {});
        await recordFailure(reason);
      },
    };
  }

  // PostgreSQL: one reserved connection holds the temporary table until the end.
  const conn = await database.sql.reserve();
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await conn.unsafe(`drop table if exists ${staging}`).catch(() => {});
    conn.release();
  };
  try {
    await conn.unsafe(createStaging);
  } catch (error) {
    await release();
    throw error;
  }
  return {
    batchId,
    async write(rows) {
      if (rows.length === 0) return;
      const stream = await conn
        .unsafe(`copy ${staging} (${COLUMNS.join(', ')}) from stdin with (format csv)`)
        .writable();
      await new Promise<void>((resolve, reject) => {
        stream.on('error', reject);
        stream.on('finish', resolve);
        stream.end(toCopyCsv(batch.source, rows));
      });
    },
    async commit(totals) {
      try {
        await conn.unsafe('begin');
        try {
          await conn.unsafe(insertBatch, batchParams(totals) as string[]);
          const [staged] = await conn.unsafe<{ n: number }[]>(countStaged);
          const [moved] = await conn.unsafe<{ n: number }[]>(moveRows, [batchId]);
          const accepted = moved!.n;
          const duplicates = totals.duplicatesInFile + staged!.n - accepted;
          await conn.unsafe(settleBatch, [batchId, accepted, duplicates]);
          await conn.unsafe('commit');
          return { batchId, accepted, duplicates };
        } catch (error) {
          await conn.unsafe('rollback').catch(() => {});
          throw error;
        }
      } finally {
        await release();
      }
    },
    async abort(reason) {
      await release();
      await recordFailure(reason);
    },
  };
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
    return await writer.commit({ received: rows.length, rejected: 0, errors: [], duplicatesInFile: 0 });
  } catch (error) {
    await writer.abort(error instanceof Error ? error.message : String(error));
    throw error;
  }
}
