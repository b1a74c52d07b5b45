// /help: generated from the command specs, so it cannot drift from what the commands accept.
import type { CommandAction, CommandSpec, OptionSpec } from '../src/bot/command-spec.ts';
import type { Section } from '../src/bot/message.ts';
import { type CommandServices, defineAction } from './services.ts';

const usage = (o: OptionSpec) => (o.required ? `<${o.name}>` : `[${o.name}]`);

/** "; morning = day; swing, late = evening": the words read as a choice, by the choice. */
function aliasWords(aliases: Readonly<Record<string, string>> | undefined): string {
  const byChoice = new Map<string, string[]>();
  for (const [word, choice] of Object.entries(aliases ?? {}))
    byChoice.set(choice, [...(byChoice.get(choice) ?? []), word]);
  return [...byChoice].map(([choice, words]) => `; ${words.join(', ')} = ${choice}`).join('');
}

function lines(name: string, action: CommandAction<CommandServices>): string[] {
  const head = `/${name}${action.options.length ? ` ${action.options.map(usage).join(' ')}` : ''}: ${action.description}`;
  const details = action.options.map((o) => {
    const values =
      o.type === 'integer'
        ? ` (${o.min}-${o.max})`
        : o.type === 'string' && o.choices && o.choices.length <= 8
          ? ` (${o.choices.join(', ')}${aliasWords(o.aliases)})`
          : '';
    return `    ${o.name}: ${o.description}${values}`;
  });
  return [`${head}${action.role === 'viewer' ? '' : ` [${action.role}]`}`, ...details];
}

export function helpCommand(commands: readonly CommandSpec<CommandServices>[]): CommandSpec<CommandServices> {
  const self: CommandSpec<CommandServices> = {
    name: 'help',
    description: 'what patrolcast can do',
    action: defineAction({
      description: 'what patrolcast can do',
      role: 'viewer',
      options: [
        {
          name: 'command',
          description: 'one command to explain (e.g. hotspots)',
          type: 'string',
          choices: [...commands.map((c) => c.name), 'help'],
        },
      ],
      visibility: 'ephemeral',
      async handler({ options, user }) {
        const asked = typeof options.command === 'string' ? options.command : undefined;
        const shown = [...commands, self].filter((c) => !asked || c.name === asked);
        const sections: Section[] = shown.map((c) => ({
          lines: c.action
            ? lines(c.name, c.action)
            : Object.entries(c.subcommands).flatMap(([sub, a]) => lines(`${c.name} ${sub}`, a)),
        }));
        return {
          title: asked ? `/${asked}` : 'patrolcast: where incidents are most likely in the next shift',
          summary: 'Options can be given in any order (/hotspots tonight burglary 5) or by name (top=5).',
          sections,
          footer: [`Your role: ${user.role}. Commands marked with a role need it.`],
        };
      },
    }),
  };
  return self;
}
