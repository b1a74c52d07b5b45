// patrolcast start | serve | migrate
import type { Command } from 'commander';
import { appliedMigrations } from '../db/migrate.ts';
import { type Companion, openAndMigrate, startApp } from '../main.ts';
import { action, cliContext, untilSignal } from './context.ts';

async function runUntilSignal(seedDemo: boolean, migrate: boolean, companions: Companion[]): Promise<void> {
  const { config, log } = cliContext();
  const app = await startApp(config, log, { seedDemo, migrate, companions });
  const signal = await untilSignal();
  log.info({ signal }, 'shutting down');
  await app.stop();
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
        const { config, log } = cliContext();
        const database = await openAndMigrate(config, log);
        const applied = await appliedMigrations(database);
        await database.close();
        process.stdout.write(`migrations applied: ${applied} (${database.location})\n`);
      }),
    );
}
