// An event listed once per offence whose rows are apart in the file (Toronto's export runs offence by
// offence, and a file sorted by offence does too) is stored as its most serious offence, as rows of it
// next to each other are (event-rows.ts). Rows are stored as they arrive, so the first row of an id is
// written before a graver one can be seen; the graver ones wait here, and replace it at the commit.
import { decodeRows } from '../db/rows.ts';
import { seriousness } from './event-rows.ts';
import { EXTERNAL_ID_ROWS, REVISION_SQL, type StoredVersion, sortAgainstStored } from './revisions.ts';
import { AGAIN, NEW, type SeenSet } from './seen-set.ts';
import type { StagedIncident } from './store.ts';

export class GraverRepeats {
  private graver = new Map<string, StagedIncident>();

  constructor(private readonly seen: SeenSet) {}

  /** The rows of ids not seen before in this batch; a repeat of a graver offence is kept for the commit. */
  firstOfEach(rows: readonly StagedIncident[]): StagedIncident[] {
    const fresh: StagedIncident[] = [];
    for (const r of rows) {
      const seen = this.seen.visit(r.externalId, seriousness(r.category));
      if (seen === NEW) fresh.push(r);
      else if (seen !== AGAIN) this.graver.set(r.externalId, r);
    }
    return fresh;
  }

  get size(): number {
    return this.graver.size;
  }

  /**
   * Puts each graver row in the place of its id's first row. That row was stored as new (it is
   * removed), or was a changed version of a stored incident (its revision is dropped), or the same as
   * the stored one (a duplicate). The graver row is then sorted against what was stored before the
   * batch, as any row is.
   */
  async settle(
    batch: {
      source: string;
      batchId: string;
      accepted: number;
      duplicates: number;
      revised: StagedIncident[];
      storedBefore: boolean;
    },
    store: {
      /** Runs a statement in the batch's own transaction. */
      run(text: string, params: unknown[]): Promise<unknown[]>;
      /** The versions stored before this batch. */
      storedVersions(ids: string[]): Promise<StoredVersion[]>;
    },
  ): Promise<{ fresh: StagedIncident[]; accepted: number; duplicates: number; revised: StagedIncident[] }> {
    const rows = [...this.graver.values()];
    const ids = rows.map((r) => r.externalId);
    // This batch's own rows of these ids are taken back: those the first rows were stored as.
    const taken = await store.run(REVISION_SQL.removeOwn, [batch.source, batch.batchId, ids]);
    const removed = new Set(
      decodeRows(EXTERNAL_ID_ROWS, taken, REVISION_SQL.removeOwn).map((r) => r.external_id),
    );
    const graverIds = new Set(ids);
    const revised = batch.revised.filter((r) => !graverIds.has(r.externalId));
    const dropped = batch.revised.length - revised.length;
    // Neither stored new nor a revision: the first row was a duplicate of the stored one.
    const wereDuplicates = ids.length - removed.size - dropped;
    const sorted = batch.storedBefore
      ? sortAgainstStored(rows, await store.storedVersions(ids))
      : { fresh: rows, revised: [], duplicates: 0 };
    return {
      fresh: sorted.fresh,
      accepted: batch.accepted - removed.size + sorted.fresh.length,
      duplicates: batch.duplicates - wereDuplicates + sorted.duplicates,
      revised: [...revised, ...sorted.revised],
    };
  }
}
