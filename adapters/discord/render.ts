// The neutral message and command specs in Discord's terms: an embed with the map as an attachment,
// buttons as components, and application commands (with subcommands and autocomplete) from the specs.
import { ApplicationCommandOptionType, ApplicationCommandType, ButtonStyle, ComponentType } from 'discord.js';
import type { ChatCapabilities } from '../../src/bot/chat-adapter.ts';
import type { CommandAction, CommandSpec, OptionSpec } from '../../src/bot/command-spec.ts';
import { hotspotLine, type Message } from '../../src/bot/message.ts';

// Discord's limits: title 256, description 4096, 25 fields of 1024, footer 2048, 6000 in all;
// a button's custom_id 100.
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const COLOURS = { info: 0x1f4e79, warning: 0xb26b00, error: 0xb00020 } as const;

export interface EmbedJson {
  title: string;
  description?: string;
  color: number;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
  image?: { url: string };
}

/** Markdown characters in data (a district named *North*) must not become formatting. */
const escapeMarkdown = (text: string) => text.replace(/([\\*_~`|[\]])/g, '\\$1').replace(/^>/gm, '\\>');

const EMBED_MAX = 6000;
const DESCRIPTION_MAX = 4096;

/**
 * The message as embeds: the first holds what to act on (the zones) and the map, the second the list of
 * places, cut only between places, with a line saying how many did not fit; small print last. All
 * embeds of a message share Discord's 6000 characters.
 */
export function toEmbeds(message: Message): EmbedJson[] {
  const colour = COLOURS[message.tone ?? 'info'];
  const head: string[] = [];
  if (message.summary) head.push(escapeMarkdown(message.summary));
  for (const s of message.lead ?? [])
    head.push(
      `${s.title ? `**${escapeMarkdown(s.title)}**\n` : ''}${s.lines.map(escapeMarkdown).join('\n')}`,
    );
  const first: EmbedJson = {
    title: cut(message.title, 256),
    color: colour,
    ...(head.length ? { description: cut(head.join('\n\n'), DESCRIPTION_MAX) } : {}),
    ...(message.image ? { image: { url: `attachment://${message.image.filename}` } } : {}),
  };
  const fields = (message.sections ?? []).slice(0, 25).map((s) => ({
    name: cut(s.title ?? '\u200b', 256),
    value: cut(s.lines.map(escapeMarkdown).join('\n') || '\u200b', 1024),
  }));
  const footer = message.footer?.length ? { text: cut(message.footer.join('\n'), 2048) } : undefined;
  const places = (message.hotspots ?? []).map((h) =>
    hotspotLine(
      { ...h, risk: `**${h.risk}**`, reasons: h.reasons.map(escapeMarkdown) },
      `**${h.rank}.** ${h.url ? `[${escapeMarkdown(h.label)}](${h.url})` : escapeMarkdown(h.label)}`,
    ),
  );
  if (places.length === 0 && !message.listTitle) {
    return [{ ...first, ...(fields.length ? { fields } : {}), ...(footer ? { footer } : {}) }];
  }
  const rest: EmbedJson = {
    title: cut(message.listTitle ?? 'Places', 256),
    color: colour,
    ...(fields.length ? { fields } : {}),
    ...(footer ? { footer } : {}),
  };
  // Whole places only, as many as the 6000 characters leave room for, in embeds of at most 4096.
  const room = EMBED_MAX - 100 - size(first) - size(rest);
  let shown = 0;
  let length = 0;
  while (shown < places.length && length + places[shown]!.length + 1 <= room)
    length += places[shown++]!.length + 1;
  const left = places.length - shown;
  const lines = [
    ...places.slice(0, shown),
    ...(left > 0
      ? [`${left} more ${left === 1 ? 'place' : 'places'} did not fit here; ask for fewer with top.`]
      : []),
  ];
  const chunks: string[][] = [[]];
  for (const line of lines) {
    const chunk = chunks.at(-1)!;
    if (chunk.join('\n').length + line.length + 1 > DESCRIPTION_MAX) chunks.push([line]);
    else chunk.push(line);
  }
  // The list's title on its first part; the sections and the small print on its last.
  const { fields: lastFields, footer: lastFooter, ...listHead } = rest;
  const parts = chunks.map(
    (chunk, i): EmbedJson => ({
      ...(i === 0 ? listHead : { title: '\u200b', color: colour }),
      ...(chunk.length ? { description: chunk.join('\n') } : {}),
      ...(i === chunks.length - 1 && lastFields ? { fields: lastFields } : {}),
      ...(i === chunks.length - 1 && lastFooter ? { footer: lastFooter } : {}),
    }),
  );
  return [first, ...parts];
}

/** What an embed counts against the 6000 characters: its title, description, fields and footer. */
const size = (e: EmbedJson) =>
  e.title.length +
  (e.description?.length ?? 0) +
  (e.footer?.text.length ?? 0) +
  (e.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);

export const customId = (action: string, value: string) => `${action}:${value}`;

/** Components: buttons whose custom_id (the action, a colon, the value) holds 100 characters. */
export const DISCORD_CAPABILITIES: ChatCapabilities = {
  buttons: true,
  privateFiles: true,
  buttonValueMax: 100 - 'share:'.length,
};

export function toComponents(message: Message) {
  const buttons = (message.buttons ?? []).filter((b) => customId(b.action, b.value).length <= 100);
  if (buttons.length === 0) return [];
  return [
    {
      type: ComponentType.ActionRow,
      components: buttons.slice(0, 5).map((b) => ({
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: cut(b.label, 80),
        custom_id: customId(b.action, b.value),
      })),
    },
  ];
}

const OPTION_TYPES = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  boolean: ApplicationCommandOptionType.Boolean,
} as const;

function optionJson(o: OptionSpec) {
  return {
    type: OPTION_TYPES[o.type],
    name: o.name,
    description: cut(o.description, 100),
    required: o.required ?? false,
    ...(o.type === 'string' && o.autocomplete ? { autocomplete: true } : {}),
    ...(o.type === 'string' && o.choices && !o.autocomplete
      ? { choices: o.choices.slice(0, 25).map((c) => ({ name: c, value: c })) }
      : {}),
    ...(o.type === 'string' && o.maxLength ? { max_length: o.maxLength } : {}),
    ...(o.type === 'integer' ? { min_value: o.min, max_value: o.max } : {}),
  };
}

// Discord requires required options before optional ones.
const optionsJson = (action: CommandAction<unknown>) =>
  [...action.options]
    .sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false))
    .map(optionJson);

/** The command as Discord registers it; `prefix` goes before its name ("pc-hotspots"). */
export function commandJson(spec: CommandSpec<unknown>, prefix = '') {
  const options = spec.action
    ? optionsJson(spec.action)
    : Object.entries(spec.subcommands).map(([name, action]) => ({
        type: ApplicationCommandOptionType.Subcommand,
        name,
        description: cut(action.description, 100),
        options: optionsJson(action),
      }));
  return {
    type: ApplicationCommandType.ChatInput,
    name: `${prefix}${spec.name}`,
    description: cut(spec.description, 100),
    options,
  };
}
