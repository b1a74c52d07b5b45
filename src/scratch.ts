// Scratch files in the system's temporary folder (a feed run's rows, an upload being read), named for
// the process that made them: what a killed process left behind, hundreds of megabytes from a large
// agency's first run, is removed by the next process that makes one, never what a live one is using.
import { randomUUID } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processAlive } from './process-alive.ts';

export type ScratchKind = 'feed' | 'upload';

const LEFT = /^patrolcast-(feed|upload)-(\d+)-/;

let swept = false;

/** Removes the scratch files of processes that are gone: once per process, before its first. */
export function sweepLeftovers(): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return 0;
  }
  for (const name of names) {
    const pid = Number(LEFT.exec(name)?.[2]);
    if (!pid || pid === process.pid || processAlive(pid)) continue;
    try {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
      removed++;
    } catch {
      // Someone else's to remove, or gone already.
    }
  }
  return removed;
}

/** A new path for a scratch file or folder (not created), after the first sweep of leftovers. */
export function scratchPath(kind: ScratchKind): string {
  if (!swept) {
    swept = true;
    sweepLeftovers();
  }
  return join(tmpdir(), `patrolcast-${kind}-${process.pid}-${randomUUID()}`);
}
