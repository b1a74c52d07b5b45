// The patrolcast command line. Each subcommand lives in src/cli/; this file is their registry. What
// lives outside src (chat adapters, the scheduler) joins through extensions handed to runCli.
import { Command } from 'commander';
import { registerBacktestCommand } from './cli/backtest-command.ts';
import { registerDemoCommand } from './cli/demo-command.ts';
import { registerFairnessCommand } from './cli/fairness-command.ts';
import { registerHotspotsCommand } from './cli/hotspots-command.ts';
import { registerImportCommand } from './cli/import-command.ts';
import { registerJobsCommand } from './cli/jobs-command.ts';
import { registerMapCommands } from './cli/map-command.ts';
import { registerServerCommands } from './cli/server-commands.ts';
import { registerTokenCommands } from './cli/token-command.ts';
import { registerTrainCommand } from './cli/train-command.ts';
import type { Companion } from './main.ts';

export interface CliExtension {
  /** More subcommands. */
  register?(program: Command): void;
  /** Runs beside the API under `start` and `serve`. */
  companions?: Companion[];
}

export async function runCli(argv: string[], extensions: CliExtension[] = []): Promise<void> {
  const program = new Command()
    .name('patrolcast')
    .description('Forecasts where crime is most likely in the next shift, and tells the people who patrol.')
    .showHelpAfterError('(add --help for usage)')
    .configureHelp({ sortSubcommands: false });

  const companions = extensions.flatMap((e) => e.companions ?? []);
  const registry = [
    (p: Command) => registerServerCommands(p, companions),
    registerDemoCommand,
    registerImportCommand,
    registerTrainCommand,
    registerBacktestCommand,
    registerFairnessCommand,
    registerHotspotsCommand,
    registerMapCommands,
    registerJobsCommand,
    registerTokenCommands,
    ...extensions.flatMap((e) => (e.register ? [e.register] : [])),
  ];
  for (const register of registry) register(program);

  await program.parseAsync(argv);
}
