// Options arrive two ways: typed (Discord sends an integer as a number) or as the text after a slash
// command (Slack, the console). Both end here as values checked against the spec, or a UserError that
// says what was wrong and what is allowed.
import { UserError } from '../errors.ts';
import { nearest, singulars } from '../near-words.ts';
import type { CommandAction, CommandSpec, OptionSpec, OptionValue } from './command-spec.ts';

export type Options = Record<string, OptionValue | undefined>;

/**
 * Splits text into words; double or single quotes keep spaces inside a word, also after an option's
 * name (district:"East Precinct"), and so do the curly quotes a phone's keyboard types.
 */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/([a-z_]+[=:])?(?:["“”]([^"“”]*)["“”]|['‘’]([^'‘’]*)['‘’])|(\S+)/gi))
    out.push(m[4] ?? `${m[1] ?? ''}${m[2] ?? m[3]}`);
  return out;
}

const describe = (o: OptionSpec): string =>
  o.type === 'integer'
    ? `a whole number from ${o.min} to ${o.max}`
    : o.type === 'boolean'
      ? 'true or false'
      : o.choices && !o.autocomplete
        ? `one of ${o.choices.join(', ')}`
        : 'text';

/** The choice a word names: the choice itself (any case, "vehicle theft" for vehicle_theft), or an alias's. */
export function choiceNamed(option: OptionSpec, word: string): string | undefined {
  if (option.type !== 'string' || !option.choices) return undefined;
  const forms = singulars(word.toLowerCase().replaceAll(' ', '_'));
  return (
    option.choices.find((c) => forms.includes(c.toLowerCase())) ??
    forms.map((w) => option.aliases?.[w]).find((c) => c !== undefined)
  );
}

/** One value, checked and converted; strings from text are read as the option's type. */
export function checkValue(option: OptionSpec, value: unknown): OptionValue {
  const bad = () => new UserError(`${option.name} must be ${describe(option)}`);
  if (option.type === 'integer') {
    const n =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && /^-?\d+$/.test(value.trim())
          ? Number(value)
          : Number.NaN;
    if (!Number.isInteger(n) || n < option.min || n > option.max) throw bad();
    return n;
  }
  if (option.type === 'boolean') {
    if (typeof value === 'boolean') return value;
    const v = typeof value === 'string' ? value.trim().toLowerCase() : '';
    if (['true', 'yes', 'on', '1', option.name].includes(v)) return true;
    if (['false', 'no', 'off', '0'].includes(v)) return false;
    throw bad();
  }
  if (typeof value !== 'string') throw bad();
  const text = value.trim();
  if (text === '' || text.length > (option.maxLength ?? 100)) {
    throw new UserError(
      `${option.name} must be ${describe(option)} of at most ${option.maxLength ?? 100} characters`,
    );
  }
  if (option.choices) {
    const match = choiceNamed(option, text);
    if (!match) {
      const shown =
        option.choices.length > 20
          ? `${option.choices.slice(0, 20).join(', ')}, …`
          : option.choices.join(', ');
      throw new UserError(`${option.name} must be one of ${shown}; "${text.slice(0, 40)}" is not`);
    }
    return match;
  }
  return text;
}

/** Typed options (from Discord, or a button): every name known, every value checked. */
export function checkOptions(action: CommandAction<unknown>, given: Record<string, unknown>): Options {
  const out: Options = {};
  for (const [name, value] of Object.entries(given)) {
    const option = action.options.find((o) => o.name === name);
    if (!option) throw new UserError(`there is no option "${name.slice(0, 40)}"`);
    if (value === undefined || value === null) continue;
    out[name] = checkValue(option, value);
  }
  for (const o of action.options) {
    if (o.required && out[o.name] === undefined)
      throw new UserError(`${o.name} is required (${o.description})`);
  }
  return out;
}

/**
 * Options from the words after a command. `name=value` sets an option by name; a bare word goes to the
 * next required option still empty, else to the first option it fits: a choice it names, a number for a
 * number, a boolean's own name, else the next free-text option. So `/hotspots burglary tonight 5` and `/hotspots when=tonight top=5 burglary` agree.
 */
export function optionsFromWords(
  action: CommandAction<unknown>,
  items: string[],
  /** Where a slip of the thumb taken for the word meant is noted, for the answer to say so. */
  guesses: string[] = [],
  /** Where the options are named that took a word only because it fit no other. */
  leftover: Set<string> = new Set(),
): Options {
  const noted = guesses.length;
  try {
    return readWords(action, items, guesses, leftover, true);
  } catch (error) {
    // "/explain 10 block of Main": a first word that looked whole began a name after all.
    if (!(error instanceof UserError) || !action.options.some((o) => o.type === 'string' && o.whole))
      throw error;
    guesses.length = noted;
    leftover.clear();
    return readWords(action, items, guesses, leftover, false);
  }
}

function readWords(
  action: CommandAction<unknown>,
  items: string[],
  guesses: string[],
  leftover: Set<string>,
  /** Whether a free-text value's first word of its whole shape ends it ("Z1"). */
  wholeEnds: boolean,
): Options {
  const goesOn = (o: OptionSpec, first: string) =>
    o.type === 'string' && o.rest === true && !(wholeEnds && o.whole?.test(first));
  const raw: Record<string, unknown> = {};
  const free = (o: OptionSpec) => raw[o.name] === undefined;
  // The free-text option that took the word before, when it goes on over the words after it.
  let going: OptionSpec | undefined;
  // The free-text option that took the word before at all: a word that fits nothing else goes on its
  // value ("/hotspots East Precinct 5"), where it would otherwise be refused. Not while a place's first
  // word is read as whole, unless the value was named: the refusal is what makes "/visited 10 block of
  // Spruce Ave" be read again as one street.
  const goesOnFreely = !wholeEnds || !action.options.some((o) => o.type === 'string' && o.whole);
  type TextTaken = { option: OptionSpec; named: boolean };
  let lastText: TextTaken | undefined;
  const textGoesOn = (before: TextTaken | undefined, item: string): before is TextTaken =>
    before !== undefined && (before.named || goesOnFreely) && !/^-?\d+$/.test(item);
  for (const item of joinWords(action, items, () => going !== undefined)) {
    const named = /^([a-z_]+)[=:](.*)$/i.exec(item);
    const taking = going;
    going = undefined;
    const before = lastText;
    lastText = undefined;
    if (taking && !named && !fitsAnother(action, raw, item) && fitsOwn(taking, item)) {
      raw[taking.name] = `${raw[taking.name]} ${item}`;
      going = taking;
      continue;
    }
    if (named && action.options.some((o) => o.name === named[1]!.toLowerCase())) {
      const option = action.options.find((o) => o.name === named[1]!.toLowerCase())!;
      raw[option.name] = named[2];
      if (option.type === 'string' && !option.choices && !option.shape) lastText = { option, named: true };
      continue;
    }
    // A name this command does not have ("shift=night", "units:3"): its value is taken where it is one
    // option's choice, and the answer says so; else the user is told the names there are, rather than
    // the word being read as a district.
    if (named && !/^\d/.test(named[2]!)) {
      const value = named[2]!.toLowerCase();
      const owner = action.options.find((o) => free(o) && choiceNamed(o, value));
      if (!owner) throw unknownOption(action, named[1]!);
      raw[owner.name] = choiceNamed(owner, value);
      guesses.push(`Read ${item.slice(0, 40)} as ${owner.name}=${raw[owner.name]}`);
      continue;
    }
    if (named) throw unknownOption(action, named[1]!);
    const lower = item.toLowerCase();
    // Required options take the first bare words, in order, as positional arguments do.
    const required = action.options.find((o) => free(o) && o.required);
    // "/units set East Precinct 3": a word that is no number goes on the district before it.
    if (required?.type === 'integer' && textGoesOn(before, item)) {
      raw[before.option.name] = `${raw[before.option.name]} ${item}`;
      lastText = before;
      continue;
    }
    if (required) {
      raw[required.name] = item;
      if (required.type === 'string' && !required.choices && !required.shape)
        lastText = { option: required, named: false };
      if (goesOn(required, item)) going = required;
      continue;
    }
    const chosen = action.options.find((o) => free(o) && choiceNamed(o, lower));
    if (chosen) {
      raw[chosen.name] = choiceNamed(chosen, lower);
      continue;
    }
    const target =
      action.options.find(
        (o) =>
          free(o) &&
          o.type === 'integer' &&
          /^-?\d+$/.test(item) &&
          !(o.onlyInRange && (Number(item) < o.min || Number(item) > o.max)),
      ) ??
      action.options.find((o) => free(o) && o.type === 'boolean' && o.name === lower) ??
      action.options.find((o) => free(o) && o.type === 'string' && o.shape?.test(item));
    if (target) {
      raw[target.name] = item;
      continue;
    }
    // A slip of the thumb on a known word is taken for the word meant, and the answer says so; it is
    // never taken for a district.
    const known = action.options.flatMap((o) => (o.type === 'string' ? [...(o.choices ?? [])] : []));
    const near = nearest(lower, known);
    if (near) {
      const meant = action.options.find((o) => free(o) && o.type === 'string' && o.choices?.includes(near));
      if (!meant)
        throw new UserError(
          `"${item.slice(0, 40)}" is not a word I know here; did you mean ${near.replaceAll('_', ' ')}?`,
        );
      raw[meant.name] = near;
      guesses.push(`Showing ${near.replaceAll('_', ' ')} (you typed '${item.slice(0, 40)}')`);
      continue;
    }
    const text = action.options.find((o) => free(o) && o.type === 'string' && !o.choices && !o.shape);
    if (!text && textGoesOn(before, item)) {
      raw[before.option.name] = `${raw[before.option.name]} ${item}`;
      lastText = before;
      continue;
    }
    if (!text) {
      throw new UserError(
        `I don't know what "${item.slice(0, 40)}" means here (options: ${optionNames(action)})`,
      );
    }
    raw[text.name] = item;
    leftover.add(text.name);
    lastText = { option: text, named: false };
    if (goesOn(text, item)) going = text;
  }
  // Filler kept inside a name ("block of Main") is dropped at its end ("Z1 for 20 min").
  for (const o of action.options) {
    const value = raw[o.name];
    if (o.type === 'string' && o.rest && typeof value === 'string') {
      const kept = value.split(' ');
      while (kept.length > 1 && FILLER.has(kept.at(-1)!.toLowerCase())) kept.pop();
      raw[o.name] = kept.join(' ');
    }
  }
  return checkOptions(action, raw);
}

/**
 * As optionsFromWords, and when the words do not fit in the order given but do with the two required
 * options' words the other way round ("/units set 3 west": a count where the district goes, a district
 * where the count goes), they are read that way and the answer says so. Chicago's districts are
 * numbers, so "12 3" fits as given and is never turned round.
 */
export function optionsInEitherOrder(
  action: CommandAction<unknown>,
  items: string[],
  guesses: string[] = [],
  leftover: Set<string> = new Set(),
): Options {
  try {
    return optionsFromWords(action, items, guesses, leftover);
  } catch (error) {
    const required = action.options.filter((o) => o.required);
    const [a, b] = items;
    const bare = (w: string | undefined) => w !== undefined && !/^[a-z_]+[=:]/i.test(w);
    if (required.length !== 2 || required[0]!.type === required[1]!.type || !bare(a) || !bare(b)) throw error;
    try {
      leftover.clear();
      const options = optionsFromWords(action, [b!, a!, ...items.slice(2)], guesses, leftover);
      guesses.push(
        `Read '${b!.slice(0, 40)}' as the ${required[0]!.name} and '${a!.slice(0, 40)}' as the ${required[1]!.name}`,
      );
      return options;
    } catch {
      throw error;
    }
  }
}

/** A word a free-text option going on over the words can take: any, or one of its shape. */
const fitsOwn = (option: OptionSpec, item: string) =>
  option.type !== 'string' || (option.shape?.test(item) ?? true);

/**
 * A word another option still empty would take as its own: a choice it names, its shape, a number in
 * its range ("spruce 6200" is a block, not 6,200 minutes).
 */
function fitsAnother(action: CommandAction<unknown>, raw: Record<string, unknown>, item: string): boolean {
  const lower = item.toLowerCase();
  return action.options.some(
    (o) =>
      raw[o.name] === undefined &&
      (o.type === 'integer'
        ? /^-?\d+$/.test(item) && Number(item) >= o.min && Number(item) <= o.max
        : o.type === 'boolean'
          ? o.name === lower
          : choiceNamed(o, lower) !== undefined || (o.shape?.test(item) ?? false)),
  );
}

const optionNames = (action: CommandAction<unknown>) =>
  action.options.map((o) => o.name).join(', ') || 'none';

const unknownOption = (action: CommandAction<unknown>, name: string) =>
  new UserError(`there is no option "${name.slice(0, 40)}" here (options: ${optionNames(action)})`);

/** Words that carry nothing: "next shift" means next. */
const FILLER = new Set(['shift', 'shifts', 'the', 'for', 'in', 'please', 'show', 'me', 'of']);

/**
 * Words as people type them, joined where they are one value: two words that name a choice together
 * ("vehicle theft"), an option's name and its value ("top 5"); filler words dropped.
 */
/**
 * Two words that together are wholly of an option's shape are one value, as people write a date and a
 * time ("2010-08-20 22:00", also after a name: "at:2010-08-20 22:00").
 */
function joinShapedPairs(action: CommandAction<unknown>, items: string[]): string[] {
  const shapes = action.options.flatMap((o) => (o.type === 'string' && o.shape ? [o.shape] : []));
  const whole = (text: string) => shapes.some((shape) => shape.exec(text)?.[0].length === text.length);
  const out: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const word = items[i]!;
    const next = items[i + 1];
    const value = /^[a-z_]+[=:](.+)$/i.exec(word)?.[1] ?? word;
    if (next !== undefined && whole(`${value} ${next}`)) {
      out.push(`${word} ${next}`);
      i++;
    } else out.push(word);
  }
  return out;
}

/** Yielded one by one, so that a filler word inside a name being typed ("block of Main") is kept. */
function* joinWords(
  action: CommandAction<unknown>,
  given: string[],
  inText: () => boolean,
): Generator<string> {
  const items = joinShapedPairs(action, withoutUnits(action, given));
  const choices = action.options.flatMap((o) => (o.type === 'string' ? [...(o.choices ?? [])] : []));
  for (let i = 0; i < items.length; i++) {
    const word = items[i]!;
    const next = items[i + 1];
    if (next !== undefined) {
      const pair = `${word}_${next}`.toLowerCase();
      if (choices.some((c) => singulars(pair).includes(c.toLowerCase()))) {
        yield pair;
        i++;
        continue;
      }
      if (action.options.some((o) => o.name === word.toLowerCase() && !/[=:]/.test(word))) {
        yield `${word.toLowerCase()}=${next}`;
        i++;
        continue;
      }
    }
    if (!FILLER.has(word.toLowerCase()) || items.length === 1 || inText()) yield word;
  }
}

/** "20 min" and "30m" as "20" and "30", for a number option with those units. */
function withoutUnits(action: CommandAction<unknown>, given: string[]): string[] {
  const units = new Set(action.options.flatMap((o) => (o.type === 'integer' ? [...(o.units ?? [])] : [])));
  if (units.size === 0) return given;
  const out: string[] = [];
  for (const word of given) {
    const attached = /^(\d+)([a-z]+)$/i.exec(word);
    if (attached && units.has(attached[2]!.toLowerCase())) out.push(attached[1]!);
    else if (!(units.has(word.toLowerCase()) && /^\d+$/.test(out.at(-1) ?? ''))) out.push(word);
  }
  return out;
}

/** Which action of a command the words ask for, and the words left for its options. */
export function pickAction<S>(
  spec: CommandSpec<S>,
  subcommand: string | undefined,
): { action: CommandAction<S>; subcommand?: string } {
  if (spec.action) return { action: spec.action };
  const name = subcommand?.toLowerCase();
  // Own names only: "constructor" is no subcommand.
  const action = name && Object.hasOwn(spec.subcommands, name) ? spec.subcommands[name] : undefined;
  if (!action) {
    throw new UserError(`/${spec.name} needs one of: ${Object.keys(spec.subcommands).join(', ')}`);
  }
  return { action, subcommand: name };
}
