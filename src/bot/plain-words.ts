// Plain questions typed without a slash: "where should I send units tonight?", "burglaries in East
// tomorrow", "how good is the model". A small grammar of the commands' own words: a question that
// starts with a command's name is that command; otherwise the command whose cue words and option
// words it uses most, the words that carry meaning handed on as typed, for the command to read as it
// reads its own options. A question with none of them is not guessed at.
import { singulars } from '../near-words.ts';
import type { CommandSpec } from './command-spec.ts';

/** Words that ask for a command, by command: what people say instead of its name. */
const CUES: Record<string, readonly string[]> = {
  hotspots: [
    'where',
    'send',
    'units',
    'unit',
    'patrol',
    'patrols',
    'hotspot',
    'hotspots',
    'risk',
    'busy',
    'crime',
  ],
  model: ['model', 'accuracy', 'accurate', 'good', 'reliable', 'trust'],
  briefing: ['briefing', 'brief', 'roll', 'call'],
  help: ['help', 'commands', 'how'],
  // After the others: "why should I trust the model" is about the model.
  explain: ['why', 'explain', 'reason', 'reasons'],
  visited: ['visited'],
};

/** Words of a question that carry nothing for the command. */
const QUESTION = new Set([
  ...Object.values(CUES).flat(),
  'what',
  'which',
  'when',
  'should',
  'could',
  'would',
  'can',
  'will',
  'i',
  'we',
  'you',
  'my',
  'our',
  'us',
  'to',
  'be',
  'are',
  'is',
  'the',
  'a',
  'an',
  'in',
  'for',
  'on',
  'show',
  'me',
  'please',
  'go',
  'going',
  'officers',
  'officer',
  'cars',
  'car',
  'places',
  'place',
  'areas',
  'area',
  'likely',
  'most',
  'do',
  'does',
  'any',
  'there',
  'tell',
  'about',
  'give',
  'list',
  'happen',
  'happening',
  'expect',
  'crimes',
  'today’s',
  // "this morning", "this evening": the shift's word says which.
  'this',
]);

const clean = (text: string) =>
  text
    .replace(/[?!,;]+/g, ' ')
    .replace(/\.(\s|$)/g, ' ')
    .trim();

export interface PlainCommand {
  command: string;
  /** The words the command reads, as typed. */
  text: string;
}

export function commandOfPlainWords(
  text: string,
  commands: readonly CommandSpec<unknown>[],
): PlainCommand | undefined {
  const typed = clean(text).split(/\s+/).filter(Boolean);
  if (typed.length === 0) return undefined;
  const names = new Set(commands.map((c) => c.name));
  const first = typed[0]!.toLowerCase();
  if (names.has(first)) return { command: first, text: typed.slice(1).join(' ') };
  // "subscribe night" is /briefing subscribe night: a word that is one command's subcommand alone and
  // no option's value ("now" is a shift's, "list" two commands').
  const owners = commands.filter((c) => Object.hasOwn(c.subcommands ?? {}, first));
  const isChoice = commands.some((c) =>
    [c.action, ...Object.values(c.subcommands ?? {})].some((a) =>
      a?.options.some((o) => o.type === 'string' && o.choices?.includes(first)),
    ),
  );
  if (owners.length === 1 && !isChoice) return { command: owners[0]!.name, text: typed.join(' ') };
  const lower = typed.map((w) => w.toLowerCase());
  // Each command's own words: the choices of its options (categories, shifts), with their plurals.
  const score = (c: CommandSpec<unknown>) => {
    const actions = c.action ? [c.action] : Object.values(c.subcommands ?? {});
    const choices = new Set(
      actions.flatMap((a) => a.options.flatMap((o) => (o.type === 'string' ? [...(o.choices ?? [])] : []))),
    );
    const cues = new Set(CUES[c.name] ?? []);
    return lower.reduce(
      (n, w) => n + (cues.has(w) ? 2 : 0) + (singulars(w).some((s) => choices.has(s)) ? 1 : 0),
      0,
    );
  };
  let best: { name: string; score: number } | undefined;
  // The commands in the order of the cues first: a tie goes to the one asked for most.
  const ordered = [
    ...Object.keys(CUES).filter((n) => names.has(n)),
    ...[...names].filter((n) => !(n in CUES)),
  ];
  for (const name of ordered) {
    const n = score(commands.find((c) => c.name === name)!);
    if (n > 0 && (!best || n > best.score)) best = { name, score: n };
  }
  if (!best) return undefined;
  const kept = typed.filter((w) => !QUESTION.has(w.toLowerCase()));
  return { command: best.name, text: best.name === 'help' ? '' : kept.join(' ') };
}
