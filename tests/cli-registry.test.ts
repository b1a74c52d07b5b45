// The command list in `patrolcast --help` comes from the registry, without loading any command; each
// command's own module declares it again with its options. The two must say the same.
import { Command, Help } from 'commander';
import { expect, test } from 'vitest';
import { chatExtension } from '../adapters/chat-extension.ts';
import { CLI_COMMANDS } from '../src/cli/registry.ts';

const commands = [...CLI_COMMANDS, ...(chatExtension.commands ?? [])];

test.each(commands.map((c) => [c.name, c] as const))(
  '%s is listed as its module declares it',
  async (name, entry) => {
    const program = new Command();
    (await entry.load())(program, []);
    const declared = program.commands.find((c) => c.name() === name);
    expect(declared, `${name} is not declared by its module`).toBeDefined();
    expect(declared!.description()).toBe(entry.description);
    const term = new Help().subcommandTerm(declared!);
    expect(term).toBe([name, entry.usage].filter(Boolean).join(' '));
  },
);

test('no two commands share a name', () => {
  const names = commands.map((c) => c.name);
  expect(new Set(names).size).toBe(names.length);
});
