// The patrolcast command line. Each subcommand lives in src/cli/, listed in src/cli/registry.ts; what
// lives outside src (chat adapters, the scheduler) joins through extensions handed to runCli. Only the
// command being run is loaded.
import { Command, Help } from 'commander';
import { setCommandRunner } from './cli/command-host.ts';
import { CLI_COMMANDS, type CliCommand, type Register } from './cli/registry.ts';
import { type CliSession, localSession, runInSession } from './cli/session.ts';
import type { Companion } from './main.ts';

export interface CliExtension {
  /** More subcommands, loaded as ours are: only when run. */
  commands?: CliCommand[];
  /** Runs beside the API under `start` and `serve`. */
  companions?: Companion[];
}

/** The command a command line runs: its first word, or what `help` is asked about. */
function commandNamed(args: string[]): string | undefined {
  const [first, second] = args.filter((a) => !a.startsWith('-'));
  return first === 'help' ? second : first;
}

/**
 * The program, with the commands `wanted` says to load registered in full and every other one as a name
 * and a description only (enough for the command list in `--help`).
 */
async function buildProgram(extensions: CliExtension[], wanted: (name: string) => boolean): Promise<Command> {
  // Listed-only commands, with the usage the registry gives them.
  const stubs = new Map<Command, string>();
  const configured = () =>
    new Command().showHelpAfterError('(add --help for usage)').configureHelp({
      sortSubcommands: false,
      subcommandTerm(this: Help, cmd: Command) {
        const usage = stubs.get(cmd);
        return usage === undefined
          ? Help.prototype.subcommandTerm.call(this, cmd)
          : [cmd.name(), usage].filter(Boolean).join(' ');
      },
    });
  const program = configured()
    .name('patrolcast')
    .description('Forecasts where crime is most likely in the next shift, and tells the people who patrol.');

  const companions = extensions.flatMap((e) => e.companions ?? []);
  const commands = [...CLI_COMMANDS, ...extensions.flatMap((e) => e.commands ?? [])];
  // Commands that share a module are registered by it once, on a scratch parent with the same settings;
  // then every command takes its place in the registry's order.
  const registers = new Map<CliCommand['load'], Promise<Register>>();
  for (const c of commands.filter((c) => wanted(c.name))) {
    if (!registers.has(c.load)) registers.set(c.load, c.load());
  }
  const scratch = configured();
  for (const register of await Promise.all(registers.values())) register(scratch, companions);
  const full = new Map(scratch.commands.map((c) => [c.name(), c]));
  for (const c of commands) {
    const command = full.get(c.name) ?? scratch.command(c.name).description(c.description);
    if (!full.has(c.name)) stubs.set(command, c.usage);
    program.addCommand(command);
  }
  // A module's command the registry does not name still runs (its name is missing from the list only).
  const named = new Set(commands.map((c) => c.name));
  for (const [name, command] of full) if (!named.has(name)) program.addCommand(command);
  return program;
}

/** Runs a command sent by another process, inside this one; its output goes back to that process. */
async function runForAnother(session: CliSession, extensions: CliExtension[]): Promise<void> {
  const name = commandNamed(session.args);
  const program = await buildProgram(extensions, (c) => c === name);
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
  const name = commandNamed(argv.slice(2));
  const program = await buildProgram(extensions, (c) => c === name);
  await runInSession(localSession(argv.slice(2)), () => program.parseAsync(argv));
}
