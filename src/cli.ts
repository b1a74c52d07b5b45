// The patrolcast command line. Each subcommand lives in src/cli/; this file is their registry.
import { Command } from 'commander';
import { registerBacktestCommand } from './cli/backtest-command.ts';
import { registerDemoCommand } from './cli/demo-command.ts';
import { registerHotspotsCommand } from './cli/hotspots-command.ts';
import { registerImportCommand } from './cli/import-command.ts';
import { registerMapCommands } from './cli/map-command.ts';
import { registerServerCommands } from './cli/server-commands.ts';
import { registerTrainCommand } from './cli/train-command.ts';

const program = new Command()
  .name('patrolcast')
  .description('Forecasts where crime is most likely in the next shift, and tells the people who patrol.')
  .showHelpAfterError('(add --help for usage)')
  .configureHelp({ sortSubcommands: false });

const registry = [
  registerServerCommands,
  registerDemoCommand,
  registerImportCommand,
  registerTrainCommand,
  registerBacktestCommand,
  registerHotspotsCommand,
  registerMapCommands,
];
for (const register of registry) register(program);

await program.parseAsync(process.argv);
