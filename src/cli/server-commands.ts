// patrolcast start | serve | migrate
import type { Command } from 'commander';
import { appliedMigrations } from '../db/migrate.ts';
import { type Companion, startApp } from '../main.ts';
import { action, cliContext, untilSignal } from './context.ts';

/** Commands that other processes sent get this long to finish when the server is asked to stop. */
const FORWARDED_GRACE_MS = 10_000;
/** Past this, a stop that hangs (a wedged query, a stuck socket) ends the process anyway. */
const STOP_DEADLINE_MS = 25_000;

async function runUntilSignal(seedDemo: boolean, migrate: boolean, companions: Companion[]): Promise<void> {
  const ctx = cliContext();
  const { config, log } = ctx;
  // A driver that rejects a promise nobody awaits (a connection killed while idle) is logged; it must
  // not take the whole service down with it.
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));
  // Listening for the signal from the start: one sent while the app is still starting (its companions
  // load after the API listens) stops it once started, instead of killing it mid-way.
  const signalled = untilSignal();
  const app = await startApp(config, log, {
    seedDemo,
    companions,
    // The server holds an embedded database for as long as it runs; a second server is refused.
    open: () => ctx.openDatabase({ exclusive: true, graceMs: FORWARDED_GRACE_MS, migrate }),
  });
  const signal = await signalled;
  log.info({ signal }, 'shutting down');
  const deadline = setTimeout(() => {
    log.error({ afterMs: STOP_DEADLINE_MS }, 'could not stop cleanly in time: exiting');
    process.exit(1);
  }, STOP_DEADLINE_MS);
  deadline.unref();
  await app.stop();
  clearTimeout(deadline);
}

export function registerServerCommands(program: Command, companions: Companion[] = []): void {
  program
    .command('start')
    .description(
      'migrate the database, load the demo city if it is empty, and serve the API (what npm start runs)',
    )
    .action(action(() => runUntilSignal(true, true, companions)));

  program
    .command('serve')
    .description('serve the API only: no migrations and no demo data (readyz reports an unmigrated database)')
    .action(action(() => runUntilSignal(false, false, companions)));

  program
    .command('migrate')
    .description('apply the database migrations and exit')
    .action(
      action(async () => {
        const ctx = cliContext();
        const database = await ctx.openDatabase();
        const applied = await appliedMigrations(database);
        await database.close();
        ctx.out.write(`migrations applied: ${applied} (${database.location})\n`);
      }),
    );
}
