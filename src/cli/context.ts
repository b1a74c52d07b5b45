// What every CLI command gets: the configuration and a logger, created on first use so that
// `--help` works even when the settings are wrong.
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { InvalidArgumentError } from 'commander';
import { type Config, loadConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import { holderAlive } from '../db/data-dir-lock.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { ConfigError, isUserError, UserError } from '../errors.ts';
import { followDataTimeZone } from '../ingest/data-time-zone.ts';
import { createLogger, type Logger } from '../log.ts';
import { parseDate } from '../time/zone.ts';
import {
  HeldElsewhere,
  heldMessage,
  markHolderDead,
  type OpenFor,
  openForCommand,
} from './command-database.ts';
import { forwardCommand } from './forward.ts';
import { reportLost } from './lost-holder.ts';
import { type CliSession, currentSession, type Output } from './session.ts';

export interface CliContext {
  config: Config;
  log: Logger;
  out: Output;
  err: Output;
  stdin: NodeJS.ReadableStream;
  /** The database, opened for this command (close it when done). */
  openDatabase(options?: Partial<OpenFor>): Promise<Database>;
  /** A path from an option, read against the folder the command was given in. */
  path(p: string): string;
  session: CliSession;
}

function sessionLogger(config: Config, session: CliSession): Logger {
  const err = session.stderr;
  const destination =
    err === process.stderr
      ? process.stderr
      : new Writable({
          write(chunk: Buffer | string, _encoding, done) {
            err.write(String(chunk));
            done();
          },
        });
  // A one-off command's answer is its output: its log says only what went wrong, unless asked for more.
  const service = SERVICES.has(session.args[0] ?? '');
  const level = config.logLevelGiven || service ? config.logLevel : 'warn';
  return createLogger({ level, pretty: err.isTTY, destination });
}

/** Commands that run as a service and log their life (listening, jobs, shutting down). */
const SERVICES = new Set(['start', 'serve']);

export function cliContext(): CliContext {
  const session = currentSession();
  const config = loadConfig();
  const log = sessionLogger(config, session);
  return {
    config,
    log,
    out: session.stdout,
    err: session.stderr,
    stdin: session.stdin,
    session,
    openDatabase: async (options) => {
      const database = await openForCommand(config, log, session, {
        command: session.args[0] ?? 'patrolcast',
        ...options,
      });
      await followDataTimeZone(config, database).catch((error: unknown) =>
        // A database not migrated yet has no record of it: the configured zone stands.
        log.debug({ reason: String(error) }, 'time zone of the data not read'),
      );
      return database;
    },
    path: (p) => resolve(session.cwd, p),
  };
}

/** How long a command waits for the holder of the embedded database to answer on its socket. */
const ANSWER_WAIT_MS = 10_000;

/**
 * Sends the command to the process holding the embedded database; when nobody answers there, runs it
 * here once the holder is gone (or found to be a reused process id).
 */
async function runOrForward(session: CliSession, run: () => Promise<void>): Promise<number | undefined> {
  let waitedSince: number | undefined;
  for (;;) {
    try {
      await run();
      return undefined;
    } catch (error) {
      if (!(error instanceof HeldElsewhere)) throw error;
      const result = await forwardCommand(error.holder, session);
      if (result.kind === 'done') return result.code;
      if (result.kind === 'lost') {
        await reportLost(session, error.holder, result.batches);
        return 1;
      }
      waitedSince ??= Date.now();
      if (Date.now() - waitedSince > ANSWER_WAIT_MS) {
        const age = Date.now() - Date.parse(error.holder.since);
        if (!holderAlive(error.holder) || age > ANSWER_WAIT_MS) markHolderDead(error.holder);
        else throw new UserError(heldMessage(error.holder, error.dataDir));
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Runs a command's action; a user error becomes one line on stderr and a non-zero exit. */
export function action<A extends unknown[]>(
  run: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const session = currentSession();
    try {
      const forwardedCode = await runOrForward(session, () => run(...args));
      if (forwardedCode !== undefined) session.exit(forwardedCode);
    } catch (error) {
      if (error instanceof ConfigError) {
        session.stderr.write(`patrolcast: ${error.message}\n`);
        return session.exit(2);
      }
      if (isUserError(error)) {
        session.stderr.write(`patrolcast: ${error.message}\n`);
        return session.exit(1);
      }
      // A database that went away mid-command is not a fault of ours: one line, no stack. An import's
      // transaction died with its connection, so nothing of it was kept.
      if (isDatabaseUnavailable(error)) {
        const code = (error as { code?: unknown }).code;
        session.stderr.write(
          `patrolcast: the database stopped answering${typeof code === 'string' ? ` (${code})` : ''} before the command finished; try again once it answers\n`,
        );
        return session.exit(1);
      }
      session.stderr.write(
        `patrolcast: unexpected error: ${error instanceof Error ? error.message : error}\n`,
      );
      if (error instanceof Error && error.stack) session.stderr.write(`${error.stack}\n`);
      session.exit(1);
    }
  };
}

/** Gathers a repeatable option (--map, --reject-point) into a list. */
/** Runs with the command's database open, and closes it however the work ends. */
export async function withDatabase<T>(run: (database: Database, ctx: CliContext) => Promise<T>): Promise<T> {
  const ctx = cliContext();
  const database = await ctx.openDatabase();
  try {
    return await run(database, ctx);
  } finally {
    await database.close();
  }
}

export const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function intOption(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
    }
    return n;
  };
}

export function dateOption(value: string) {
  const date = parseDate(value);
  if (!date) throw new InvalidArgumentError('expected a date as YYYY-MM-DD.');
  return date;
}

/** Resolves when the process is asked to stop (Ctrl-C or a service manager's SIGTERM). */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      // A second signal while stopping means: stop now.
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
