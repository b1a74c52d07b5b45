// The database a command works on. PostgreSQL is shared by design; an embedded directory is held by
// one process at a time: the first command to open it holds it and serves the others' commands on a
// socket until it is done, so nothing ever opens the same files twice.

import type { Config } from '../config.ts';
import { type Database, openDatabase } from '../db/client.ts';
import { acquireDataDirLock, type DataDirLock, holderAlive, type LockHolder } from '../db/data-dir-lock.ts';
import { openAndMigrate } from '../db/migrate.ts';
import { UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { serveCommands } from './command-host.ts';
import type { CliSession, SharedDatabase } from './session.ts';

/** Thrown to the command runner: another live process holds the directory, so send it the command. */
export class HeldElsewhere extends Error {
  constructor(
    readonly holder: LockHolder,
    readonly dataDir: string,
  ) {
    super(`the embedded database is held by pid ${holder.pid}`);
  }
}

export interface OpenFor {
  /** The command, named in the lock for others' messages. */
  command: string;
  /** Never run inside another process (start, serve): refuse when the directory is held. */
  exclusive?: boolean;
  /** How long the holder waits for other processes' commands when it closes. */
  graceMs?: number;
  /** Apply migrations (everything but `serve` does). */
  migrate?: boolean;
}

function open(config: Config, log: Logger, migrate: boolean): Promise<Database> {
  return migrate
    ? openAndMigrate(config, log)
    : openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
}

const holderKey = (h: LockHolder) => `${h.host}:${h.pid}:${h.since}`;
/** Holders whose process id lives on but who never answer on their socket: the id was reused. */
const deadHolders = new Set<string>();

export function markHolderDead(holder: LockHolder): void {
  deadHolders.add(holderKey(holder));
}

export const heldMessage = (holder: LockHolder, dataDir: string): string =>
  `the embedded database ${dataDir} is in use by patrolcast ${holder.command} (pid ${holder.pid}${
    holder.host ? ` on ${holder.host}` : ''
  }); stop it first, or run this command beside it (it runs inside that process)`;

export async function openForCommand(
  config: Config,
  log: Logger,
  session: CliSession,
  options: OpenFor,
): Promise<Database> {
  if (session.shared) {
    if (options.exclusive)
      throw new UserError(`patrolcast already runs on ${config.dataDir}: this command cannot run inside it`);
    return session.shared.borrow();
  }
  const migrate = options.migrate ?? true;
  if (config.databaseUrl) return open(config, log, migrate);
  const attempt = acquireDataDirLock(
    config.dataDir,
    options.command,
    (h) => !holderAlive(h) || deadHolders.has(holderKey(h)),
  );
  if (attempt.kind === 'held') {
    if (options.exclusive) throw new UserError(heldMessage(attempt.holder, config.dataDir));
    throw new HeldElsewhere(attempt.holder, config.dataDir);
  }
  return openAsHolder(attempt.lock, open(config, log, migrate), log, options.graceMs ?? 10 * 60_000);
}

async function openAsHolder(
  lock: DataDirLock,
  ready: Promise<Database>,
  log: Logger,
  graceMs: number,
): Promise<Database> {
  // Others may call before the database is open; they wait for it.
  ready.catch(() => {});
  const shared: SharedDatabase = {
    async borrow() {
      const database = await ready;
      // Their close only lets go: the holder closes the database when it is done.
      return { ...database, close: async () => {} };
    },
  };
  let host: Awaited<ReturnType<typeof serveCommands>>;
  try {
    host = await serveCommands(lock.holder.socket, shared, log);
  } catch (error) {
    await ready.then((d) => d.close()).catch(() => {});
    lock.release();
    throw error;
  }
  let database: Database;
  try {
    database = await ready;
  } catch (error) {
    await host.stop(0);
    lock.release();
    throw error;
  }
  let closed = false;
  return {
    ...database,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await host.stop(graceMs);
        await database.close();
      } finally {
        lock.release();
      }
    },
  };
}
