// The PostgreSQL writer: one transaction on a connection of its own from the first row to the last, and
// one COPY stream into incidents that stays open while the file is read, so the database stores rows
// while the next ones are parsed. The connection is the import's alone: when anything fails it is
// destroyed, never handed back to a pool or asked to roll back (the server rolls back a transaction whose
// connection is gone, while a rollback sent on a dying connection may never be answered).
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { recordAudit } from '../audit/audit-log.ts';
import type { PostgresHandle } from '../db/client.ts';
import { countRow, decodedRows, decodeRows } from '../db/rows.ts';
import { storableParams } from '../db/storable.ts';
import { isDatabaseUnavailable, withDeadline } from '../db/unavailable.ts';
import { incidentsCopyBytes } from './copy-bytes.ts';
import { GraverRepeats } from './graver-repeats.ts';
import { REVISION_SQL, replaceStored, STORED_ROWS } from './revisions.ts';
import { SeenSet } from './seen-set.ts';
import { storeCategories } from './source-categories.ts';
import {
  BATCH_ROWS,
  BATCH_SQL,
  type BatchRecord,
  batchFailedParams,
  batchInsertParams,
  batchSettleParams,
  type CommitResult,
  INCIDENT_COLUMNS,
  type IncidentWriter,
  type Rejection,
  rejectionsCsv,
  type StagedIncident,
} from './store.ts';

/** Rejections wait in memory until the incidents' COPY is done; past this many only the count is kept. */
const MAX_KEPT_REJECTIONS = 1_000_000;
/** A commit not answered in this long is taken as lost with its connection. */
const COMMIT_DEADLINE_MS = 60_000;

async function copyAll(stream: Writable, data: string | Uint8Array): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', resolve);
    stream.end(data);
  });
}

export async function openPostgresWriter(
  database: PostgresHandle,
  batch: BatchRecord,
): Promise<IncidentWriter> {
  const batchId = randomUUID();
  const conn = database.dedicated();
  let open = true;
  /** Ends the connection: gracefully after a commit, at once otherwise (the server rolls back). */
  const finish = async (committed: boolean) => {
    if (!open) return;
    open = false;
    await conn.end({ timeout: committed ? 5 : 0 }).catch(() => {});
  };
  const run = async (text: string, params?: unknown[]) => [
    ...(await conn.unsafe(text, storableParams(params) as never[])),
  ];
  const copyIncidents = () =>
    conn.unsafe(`copy incidents (${INCIDENT_COLUMNS.join(', ')}) from stdin with (format csv)`).writable();
  let storedBefore: boolean;
  /** The source lists an event once per offence: an earlier batch of it said so. */
  let listedByOffence: boolean;
  let stream: Writable;
  let streamError: Error | undefined;
  try {
    await conn.unsafe('begin');
    // Imports of one source take turns, so the duplicate check below cannot race another import.
    await run('select pg_advisory_xact_lock(hashtext($1))', [`patrolcast.ingest:${batch.source}`]);
    const seen = await run(BATCH_SQL.sourceSeen, [batch.source]);
    const sourceSeen = decodeRows(BATCH_ROWS.sourceSeen, seen, BATCH_SQL.sourceSeen)[0]!;
    storedBefore = sourceSeen.any;
    listedByOffence = sourceSeen.several_offences;
    await run(BATCH_SQL.insert, batchInsertParams(batchId, batch));
    stream = await copyIncidents();
    stream.on('error', (error) => {
      streamError = error;
      if (isDatabaseUnavailable(error)) void finish(false);
    });
  } catch (error) {
    await finish(false);
    throw error;
  }

  const events = new GraverRepeats(new SeenSet());
  const rejections: Rejection[] = [];
  let accepted = 0;
  let duplicates = 0;
  let repeated = 0;
  const revised: StagedIncident[] = [];

  let committing = false;
  const committedAnyway = () =>
    withDeadline(
      database.query("select id from ingest_batches where id = $1 and status = 'committed'", [batchId]),
      5000,
      'the batch check',
    ).then(
      (rows) => rows.length > 0,
      () => false,
    );

  return {
    batchId,
    acceptedSoFar: () => accepted,
    async write(rows, rejected = []) {
      if (streamError) throw streamError;
      for (const r of rejected) if (rejections.length < MAX_KEPT_REJECTIONS) rejections.push(r);
      let fresh = events.firstOfEach(rows);
      duplicates += rows.length - fresh.length;
      repeated += rows.length - fresh.length;
      if (storedBefore && fresh.length > 0) {
        // Another connection asks: this one is busy with the COPY. It sees only committed rows,
        // which is what matters; rows of this very batch were caught by `seen` above.
        const stored = await decodedRows(database, STORED_ROWS, REVISION_SQL.stored, [
          batch.source,
          fresh.map((r) => r.externalId),
        ]);
        const sorted = events.sortAgainstStored(fresh, stored);
        fresh = sorted.fresh;
        duplicates += sorted.duplicates;
        revised.push(...sorted.revised);
      }
      accepted += fresh.length;
      if (fresh.length === 0) return;
      if (!stream.write(incidentsCopyBytes(batch.source, batchId, fresh))) {
        await new Promise<void>((resolve, reject) => {
          const done = (error?: Error) => {
            stream.off('drain', done);
            stream.off('error', done);
            if (error) reject(error);
            else resolve();
          };
          stream.on('drain', done);
          stream.on('error', done);
        });
      }
    },
    async commit(totals, guard) {
      duplicates += totals.folded ?? 0;
      repeated += totals.folded ?? 0;
      const result: CommitResult = {
        batchId,
        accepted,
        duplicates,
        repeated,
        updated: revised.length,
        withdrawn: 0,
      };
      try {
        if (streamError) throw streamError;
        await copyAll(stream, '');
        await guard?.(run);
        if (events.size > 0) {
          const settled = await events.settle(
            { source: batch.source, batchId, accepted, duplicates, revised, storedBefore },
            {
              run,
              storedVersions: (ids) =>
                decodedRows(database, STORED_ROWS, REVISION_SQL.stored, [batch.source, ids]),
            },
          );
          ({ accepted, duplicates } = settled);
          revised.splice(0, revised.length, ...settled.revised);
          Object.assign(result, { accepted, duplicates, updated: revised.length });
          await copyAll(await copyIncidents(), incidentsCopyBytes(batch.source, batchId, settled.fresh));
        }
        const kept = events.revisionsToApply(revised, {
          listedByOffence,
          foldedOtherOffences: totals.otherOffences ?? 0,
        });
        revised.splice(0, revised.length, ...kept.revised);
        duplicates += kept.kept;
        Object.assign(result, { duplicates, updated: revised.length });
        // Changed records replace their stored versions, which the batch keeps for an undo.
        if (revised.length > 0) {
          await replaceStored(
            run,
            batchId,
            batch.source,
            revised.map((r) => r.externalId),
          );
          await copyAll(await copyIncidents(), incidentsCopyBytes(batch.source, batchId, revised));
        }
        // Records the source withdrew go too, kept with the batch for an undo.
        const gone = batch.withdraw ?? [];
        if (gone.length > 0) {
          result.withdrawn = decodeRows(
            countRow,
            await run(REVISION_SQL.count, [batch.source, gone]),
            REVISION_SQL.count,
          )[0]!.n;
          await replaceStored(run, batchId, batch.source, gone);
        }
        if (rejections.length > 0) {
          const copyRejections = await conn
            .unsafe('copy ingest_rejections (batch_id, line, field, reason) from stdin with (format csv)')
            .writable();
          await copyAll(copyRejections, rejectionsCsv(batchId, rejections));
        }
        let demoRemoved = 0;
        if (batch.replacesDemo && accepted > 0)
          demoRemoved = decodeRows(
            BATCH_ROWS.replaceDemo,
            await run(BATCH_SQL.replaceDemo),
            BATCH_SQL.replaceDemo,
          )[0]!.n;
        result.demoRemoved = demoRemoved;
        if (batch.categories) await storeCategories(run, batch.source, batch.categories);
        await run(
          BATCH_SQL.settle,
          batchSettleParams(batchId, totals, {
            accepted,
            duplicates,
            updated: revised.length,
            withdrawn: result.withdrawn,
            severalOffences: kept.otherOffences,
          }),
        );
        if (batch.dryRun) {
          // Dropped with its connection: the counts are those a real import would have given.
          await finish(false);
          return result;
        }
        if (batch.audit) await recordAudit(run, batch.audit);
        committing = true;
        await withDeadline(conn.unsafe('commit'), COMMIT_DEADLINE_MS, 'the commit');
        await finish(true);
        return result;
      } catch (error) {
        await finish(false);
        // A commit whose answer was lost may have been made: the batch's own row says which.
        if (committing && (await committedAnyway())) return result;
        throw error;
      }
    },
    async abort(reason, options) {
      // Destroying the connection drops the COPY and the transaction on the server.
      await finish(false);
      if (batch.dryRun || options?.record === false) return;
      // The record of the failure is worth a try, not a request that never ends.
      await withDeadline(
        database.query(BATCH_SQL.failed, batchFailedParams(batchId, batch, reason)),
        5000,
        'the failure record',
      ).catch(() => {});
    },
  };
}
