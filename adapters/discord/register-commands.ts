// Registers the slash commands only when they differ from what Discord already has: a restart must not
// rewrite them (Discord rate-limits registration, and clients refresh their command lists on change).
import { type REST, Routes } from 'discord.js';
import type { CommandSpec } from '../../src/bot/command-spec.ts';
import { commandJson } from './render.ts';

type Json = unknown;

/** The fields we set, with Discord's defaults dropped, in a stable order. */
function canonical(value: Json): Json {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const key of [
      'type',
      'name',
      'description',
      'required',
      'autocomplete',
      'choices',
      'min_value',
      'max_value',
      'max_length',
      'value',
      'options',
    ]) {
      const v = (value as Record<string, Json>)[key];
      if (v === undefined || v === false || (Array.isArray(v) && v.length === 0)) continue;
      out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

const sameCommands = (a: Json[], b: Json[]) => {
  const key = (list: Json[]) =>
    JSON.stringify(
      (canonical(list) as Record<string, Json>[]).sort((x, y) =>
        String(x.name).localeCompare(String(y.name)),
      ),
    );
  return key(a) === key(b);
};

/** Whether the commands had to be (re)registered. */
export async function registerCommands(
  rest: REST,
  applicationId: string,
  guildId: string | undefined,
  specs: readonly CommandSpec<unknown>[],
  prefix = '',
): Promise<boolean> {
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  const wanted = specs.map((spec) => commandJson(spec, prefix));
  const existing = (await rest.get(route)) as Json[];
  if (sameCommands(existing, wanted)) return false;
  await rest.put(route, { body: wanted });
  return true;
}

/** The command's own name from the name Discord knows it by. */
export const unprefixed = (name: string, prefix: string): string =>
  prefix && name.startsWith(prefix) ? name.slice(prefix.length) : name;
