// Shared answers under short ids: a "Post to channel" button carries only the id (Discord allows 100
// characters in a button), and the press posts exactly the answer that was shown, from any replica.

import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows, rowOf } from '../db/rows.ts';
import type { sharedAnswers } from '../db/schema.ts';
import { storableJson } from '../db/storable.ts';

const sharedRow = rowOf<typeof sharedAnswers>()(
  z.object({
    command: z.string(),
    subcommand: z.string().nullable(),
    options: z.record(z.string(), z.unknown()),
  }),
);

export interface Shared {
  command: string;
  subcommand?: string;
  /** Checked again, as any typed options are, when the answer is run. */
  options: Record<string, unknown>;
}

export interface ShareStore {
  save(shared: Shared): Promise<string>;
  /** Undefined for an id never saved (or a button from before this store). */
  load(id: string): Promise<Shared | undefined>;
}

const ID = /^[A-Za-z0-9_-]{12}$/;
const newId = () => randomBytes(9).toString('base64url');

/** In the database, shared by every replica and kept across restarts. */
export function databaseShares(database: Database): ShareStore {
  return {
    async save(shared) {
      const id = newId();
      await database.query(
        'insert into shared_answers (id, command, subcommand, options) values ($1, $2, $3, $4::jsonb)',
        [id, shared.command, shared.subcommand ?? null, storableJson(shared.options)],
      );
      return id;
    },
    async load(id) {
      if (!ID.test(id)) return undefined;
      const [row] = await decodedRows(
        database,
        sharedRow,
        'select command, subcommand, options from shared_answers where id = $1',
        [id],
      );
      if (!row) return undefined;
      return {
        command: row.command,
        ...(row.subcommand ? { subcommand: row.subcommand } : {}),
        options: Object.fromEntries(Object.entries(row.options)),
      };
    },
  };
}

/** In memory, for a dispatcher without a database (a single process). */
export function memoryShares(): ShareStore {
  const kept = new Map<string, Shared>();
  return {
    async save(shared) {
      const id = newId();
      kept.set(id, shared);
      return id;
    },
    async load(id) {
      return kept.get(id);
    },
  };
}
