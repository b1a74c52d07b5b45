// An event listed once per offence whose rows are apart in the file (Toronto's export runs offence by
// offence, and a file sorted by offence does too) is stored as its most serious offence, as rows of it
// next to each other are (event-rows.ts). Rows are stored as they arrive, so the first row of an id is
// written before a graver one can be seen; the graver ones wait here, and replace it at the commit.
// Against incidents stored before, a lesser offence's row of such a source leaves its event as it was.
import { decodeRows } from '../db/rows.ts';
import { seriousness } from './event-rows.ts';
import { EXTERNAL_ID_ROWS, REVISION_SQL, type StoredVersion, sortAgainstStored } from './revisions.ts';
import { LESSER, NEW, RAISED, type SeenSet } from './seen-set.ts';
import type { StagedIncident } from './store.ts';

export class GraverRepeats {
  private graver = new Map<string, StagedIncident>();
  /** Revisions of a less serious offence than their stored version (see `revisionsToApply`). */
  private lesser = new WeakSet<StagedIncident>();
  /** Repeats of an id with another offence: the source lists an event once per offence. */
  otherOffences = 0;

  constructor(private readonly seen: SeenSet) {}

  /** The rows of ids not seen before in this batch; a repeat of a graver offence is kept for the commit. */
  firstOfEach(rows: readonly StagedIncident[]): StagedIncident[] {
    const fresh: StagedIncident[] = [];
    for (const r of rows) {
      const seen = this.seen.visit(r.externalId, seriousness(r.category));
      if (seen === NEW) fresh.push(r);
      else if (seen === RAISED) this.graver.set(r.externalId, r);
      if (seen === RAISED || seen === LESSER) this.otherOffences++;
    }
    return fresh;
  }

  /** Rows sorted against their stored versions, remembering the revisions to a lesser offence. */
  sortAgainstStored(rows: readonly StagedIncident[], stored: readonly StoredVersion[]) {
    const sorted = sortAgainstStored(rows, stored);
    for (const r of sorted.lesser) this.lesser.add(r);
    return sorted;
  }

  /**
   * The revisions to apply. Where the source lists an event once per offence (an earlier batch of it
   * said so, or this one repeats an id with another offence, here or in rows folded before the store
   * saw them), a row of a lesser offence than the stored event is another of its offences, sent alone
   * when a portal's feed brings the rows edited since its last run: the stored event stays as it was,
   * a duplicate. Elsewhere it is a reclassification. `otherOffences` is what the batch records.
   */
  revisionsToApply(
    revised: readonly StagedIncident[],
    source: { listedByOffence: boolean; foldedOtherOffences: number },
  ) {
    const otherOffences = this.otherOffences + source.foldedOtherOffences;
    const applied =
      source.listedByOffence || otherOffences > 0 ? revised.filter((r) => !this.lesser.has(r)) : [...revised];
    return { revised: applied, kept: revised.length - applied.length, otherOffences };
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
      ? this.sortAgainstStored(rows, await store.storedVersions(ids))
      : { fresh: rows, revised: [], duplicates: 0 };
    return {
      fresh: sorted.fresh,
      accepted: batch.accepted - removed.size + sorted.fresh.length,
      duplicates: batch.duplicates - wereDuplicates + sorted.duplicates,
      revised: [...revised, ...sorted.revised],
    };
  }
}
