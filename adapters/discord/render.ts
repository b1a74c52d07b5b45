// The neutral message and command specs in Discord's terms: an embed with the map as an attachment,
// buttons as components, and application commands (with subcommands and autocomplete) from the specs.
import type { CommandAction, CommandSpec, OptionSpec } from '../../src/bot/command-spec.ts';
import { formatExpected, type Message } from '../../src/bot/message.ts';

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

export function toEmbed(message: Message): EmbedJson {
  const lines: string[] = [];
  if (message.summary) lines.push(escapeMarkdown(message.summary));
  for (const h of message.hotspots ?? []) {
    const place = h.url ? `[${escapeMarkdown(h.label)}](${h.url})` : escapeMarkdown(h.label);
    lines.push(`**${h.rank}.** ${place}: **${h.risk}** risk, ${formatExpected(h.expected)} expected`);
    for (const r of h.reasons) lines.push(`  • ${escapeMarkdown(r)}`);
  }
  const fields = (message.sections ?? []).slice(0, 25).map((s) => ({
    name: cut(s.title ?? '\u200b', 256),
    value: cut(s.lines.map(escapeMarkdown).join('\n') || '\u200b', 1024),
  }));
  const embed: EmbedJson = {
    title: cut(message.title, 256),
    color: COLOURS[message.tone ?? 'info'],
    ...(lines.length ? { description: cut(lines.join('\n'), 4096) } : {}),
    ...(fields.length ? { fields } : {}),
    ...(message.footer?.length ? { footer: { text: cut(message.footer.join('\n'), 2048) } } : {}),
    ...(message.image ? { image: { url: `attachment://${message.image.filename}` } } : {}),
  };
  // The whole embed may hold 6000 characters: shorten the description first.
  const size = JSON.stringify(embed).length;
  if (size > 5800 && embed.description)
    embed.description = cut(embed.description, Math.max(200, embed.description.length - (size - 5800)));
  return embed;
}

export const customId = (action: string, value: string) => `${action}:${value}`;

export function toComponents(message: Message) {
  const buttons = (message.buttons ?? []).filter((b) => customId(b.action, b.value).length <= 100);
  if (buttons.length === 0) return [];
  return [
    {
      type: 1,
      components: buttons
        .slice(0, 5)
        .map((b) => ({ type: 2, style: 2, label: cut(b.label, 80), custom_id: customId(b.action, b.value) })),
    },
  ];
}

const OPTION_TYPES = { string: 3, integer: 4, boolean: 5 } as const;

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

export function commandJson(spec: CommandSpec<unknown>) {
  const options = spec.action
    ? optionsJson(spec.action)
    : Object.entries(spec.subcommands).map(([name, action]) => ({
        type: 1,
        name,
        description: cut(action.description, 100),
        options: optionsJson(action),
      }));
  return { type: 1, name: spec.name, description: cut(spec.description, 100), options };
}
