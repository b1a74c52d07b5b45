// The patrolcast command line. Each subcommand lives in src/cli/; this file is their registry. What
// lives outside src (chat adapters, the scheduler) joins through extensions handed to runCli.
import { Command } from 'commander';
import { registerBacktestCommand } from './cli/backtest-command.ts';
import { registerBatchCommands } from './cli/batches-command.ts';
import { setCommandRunner } from './cli/command-host.ts';
import { registerDemoCommand } from './cli/demo-command.ts';
import { registerFairnessCommand } from './cli/fairness-command.ts';
import { registerHotspotsCommand } from './cli/hotspots-command.ts';
import { registerImportCommand } from './cli/import-command.ts';
import { registerJobsCommand } from './cli/jobs-command.ts';
import { registerMapCommands } from './cli/map-command.ts';
import { registerServerCommands } from './cli/server-commands.ts';
import { type CliSession, localSession, runInSession } from './cli/session.ts';
import { registerTokenCommands } from './cli/token-command.ts';
import { registerTrainCommand } from './cli/train-command.ts';
import type { Companion } from './main.ts';

export interface CliExtension {
  /** More subcommands. */
  register?(program: Command): void;
  /** Runs beside the API under `start` and `serve`. */
  companions?: Companion[];
}

function buildProgram(extensions: CliExtension[]): Command {
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
    registerBatchCommands,
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
  return program;
}

/** Runs a command sent by another process, inside this one; its output goes back to that process. */
async function runForAnother(session: CliSession, extensions: CliExtension[]): Promise<void> {
  const program = buildProgram(extensions);
  const configure = (command: Command) => {
    command.exitOverride().configureOutput({
      writeOut: (t) => session.stdout.write(t),
      writeErr: (t) => session.stderr.write(t),
    });
    for (const sub of command.commands) configure(sub);
  };
  configure(program);
  await runInSession(session, async () => {
    try {
      await program.parseAsync(session.args, { from: 'user' });
    } catch (error) {
      // Commander's own refusals (unknown option, --help) end the command with their code.
      const code = (error as { exitCode?: unknown }).exitCode;
      if (typeof code !== 'number') throw error;
      session.setExitCode(code);
    }
  });
}

export async function runCli(argv: string[], extensions: CliExtension[] = []): Promise<void> {
  // `patrolcast audit | head`: a reader that stops reading ends the command, quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  setCommandRunner((session) => runForAnother(session, extensions));
  const program = buildProgram(extensions);
  await runInSession(localSession(argv.slice(2)), () => program.parseAsync(argv));
}
