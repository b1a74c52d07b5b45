// The process running a forwarded command went away before it finished (killed, crashed, out of memory).
// The caller cannot know from the broken connection whether the change was made, so it looks: once that
// process is gone, it opens the database itself and reads the import batches the command had opened.
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { holderAlive, type LockHolder } from '../db/data-dir-lock.ts';
import { decodedRows } from '../db/rows.ts';
import { silentLogger } from '../log.ts';
import { HeldElsewhere, openForCommand } from './command-database.ts';
import type { CliSession } from './session.ts';

/** How long to wait for the holder's process to be gone before looking. */
const GONE_WAIT_MS = 10_000;

const batchStatus = z.object({ status: z.string(), accepted: z.number() });

async function gone(holder: LockHolder): Promise<boolean> {
  for (let waited = 0; waited < GONE_WAIT_MS; waited += 100) {
    if (!holderAlive(holder)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !holderAlive(holder);
}

/** Says, on the caller's terminal, whether the lost command's imports were stored. */
export async function reportLost(session: CliSession, holder: LockHolder, batches: string[]): Promise<void> {
  const say = (text: string) => session.stderr.write(`patrolcast: ${text}\n`);
  if (batches.length === 0) {
    say('if the command changed anything, `patrolcast audit` shows whether it was recorded');
    return;
  }
  const last = batches.at(-1)!;
  if (!(await gone(holder))) {
    say(
      `patrolcast ${holder.command} (pid ${holder.pid}) still runs: \`patrolcast batches show ${last}\` tells whether the import was stored`,
    );
    return;
  }
  const config = loadConfig();
  let database: Awaited<ReturnType<typeof openForCommand>>;
  try {
    database = await openForCommand(config, silentLogger(), session, {
      command: 'batches',
      migrate: false,
    });
  } catch (error) {
    // Another process took the database over meanwhile (a restarted server): it can be asked.
    if (!(error instanceof HeldElsewhere)) throw error;
    say(`\`patrolcast batches show ${last}\` tells whether the import was stored`);
    return;
  }
  try {
    for (const id of batches) {
      const [batch] = await decodedRows(
        database,
        batchStatus,
        'select status, accepted from ingest_batches where id = $1',
        [id],
      );
      say(
        batch?.status === 'committed'
          ? `the import was stored before it stopped: batch ${id}, ${batch.accepted.toLocaleString('en-US')} incidents (patrolcast batches show ${id})`
          : `nothing of the import was stored (batch ${id} was never committed): import the file again`,
      );
    }
  } finally {
    await database.close();
  }
}
