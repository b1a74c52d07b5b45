// The PostgreSQL writer: one transaction on a reserved connection from the first row to the last,
// and one COPY stream into incidents that stays open while the file is read, so the database stores
// rows while the next ones are parsed.
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import type { PostgresHandle } from '../db/client.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { SeenSet } from './seen-set.ts';
import {
  BATCH_SQL,
  type BatchRecord,
  batchFailedParams,
  batchInsertParams,
  batchSettleParams,
  INCIDENT_COLUMNS,
  type IncidentWriter,
  incidentsCsv,
  type Rejection,
  rejectionsCsv,
} from './store.ts';

/** Rejections wait in memory until the incidents' COPY is done; past this many only the count is kept. */
const MAX_KEPT_REJECTIONS = 1_000_000;

async function copyAll(stream: Writable, text: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', resolve);
    stream.end(text);
  });
}

export async function openPostgresWriter(
  database: PostgresHandle,
  batch: BatchRecord,
): Promise<IncidentWriter> {
  const batchId = randomUUID();
  const conn = await database.sql.reserve();
  let open = true;
  // Set when the connection failed under the COPY: the server has dropped the transaction already, and
  // anything sent on that connection (a rollback, a CopyFail) would wait for ever or throw.
  let lost = false;
  const finish = async (statement: 'commit' | 'rollback') => {
    if (!open) return;
    open = false;
    if (lost) {
      conn.release();
      return;
    }
    try {
      await conn.unsafe(statement);
    } finally {
      conn.release();
    }
  };
  let storedBefore: boolean;
  let stream: Writable;
  let streamError: Error | undefined;
  try {
    await conn.unsafe('begin');
    // Imports of one source take turns, so the duplicate check below cannot race another import.
    await conn.unsafe('select pg_advisory_xact_lock(hashtext($1))', [`patrolcast.ingest:${batch.source}`]);
    const [row] = await conn.unsafe<{ any: boolean }[]>(
      'select exists (select 1 from incidents where source = $1) as any',
      [batch.source],
    );
    storedBefore = row!.any;
    await conn.unsafe(BATCH_SQL.insert, batchInsertParams(batchId, batch));
    stream = await conn
      .unsafe(`copy incidents (${INCIDENT_COLUMNS.join(', ')}) from stdin with (format csv)`)
      .writable();
    stream.on('error', (error) => {
      streamError = error;
      if (isDatabaseUnavailable(error)) lost = true;
    });
  } catch (error) {
    await finish('rollback').catch(() => {});
    throw error;
  }

  const seen = new SeenSet();
  const rejections: Rejection[] = [];
  let accepted = 0;
  let duplicates = 0;

  return {
    batchId,
    async write(rows, rejected = []) {
      if (streamError) throw streamError;
      for (const r of rejected) if (rejections.length < MAX_KEPT_REJECTIONS) rejections.push(r);
      let fresh = rows.filter((r) => seen.add(r.externalId));
      if (storedBefore && fresh.length > 0) {
        // Another connection asks: this one is busy with the COPY. It sees only committed rows,
        // which is what matters; rows of this very batch were caught by `seen` above.
        const stored = await database.sql.unsafe<{ external_id: string }[]>(
          'select external_id from incidents where source = $1 and external_id = any($2::text[])',
          [batch.source, fresh.map((r) => r.externalId)],
        );
        if (stored.length > 0) {
          const known = new Set(stored.map((s) => s.external_id));
          fresh = fresh.filter((r) => !known.has(r.externalId));
        }
      }
      duplicates += rows.length - fresh.length;
      accepted += fresh.length;
      if (fresh.length === 0) return;
      if (!stream.write(incidentsCsv(batch.source, batchId, fresh))) {
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
    async commit(totals) {
      try {
        if (streamError) throw streamError;
        await copyAll(stream, '');
        if (rejections.length > 0) {
          const copyRejections = await conn
            .unsafe('copy ingest_rejections (batch_id, line, field, reason) from stdin with (format csv)')
            .writable();
          await copyAll(copyRejections, rejectionsCsv(batchId, rejections));
        }
        await conn.unsafe(
          BATCH_SQL.settle,
          batchSettleParams(batchId, totals, accepted, duplicates) as never[],
        );
        await finish('commit');
        return { batchId, accepted, duplicates };
      } catch (error) {
        await finish('rollback').catch(() => {});
        throw error;
      }
    },
    async abort(reason) {
      if (open) {
        // Ending a COPY with an error tells the server to drop what it received.
        if (!lost) stream.destroy(new Error('import aborted'));
        await finish('rollback').catch(() => {});
      }
      // The record of the failure is worth a try, not a request that never ends.
      await Promise.race([
        database.query(BATCH_SQL.failed, batchFailedParams(batchId, batch, reason)).catch(() => {}),
        new Promise((resolve) => setTimeout(resolve, 5000).unref()),
      ]);
    },
  };
}
