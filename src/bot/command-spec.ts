// A command is data: name, description, typed options, the role it needs and a handler. The dispatcher
// validates and checks before the handler runs; adapters render the same spec as a Slack slash command
// or a Discord application command.
import type { Message, Visibility } from './message.ts';
import type { Role } from './roles.ts';

interface OptionBase {
  name: string;
  description: string;
  required?: boolean;
}

export interface StringOption extends OptionBase {
  type: 'string';
  /** The only values allowed; matched without regard to case. */
  choices?: readonly string[];
  /** Other words people use for a choice, read as it: "graveyard" is the night shift. */
  aliases?: Readonly<Record<string, string>>;
  /** Offer completions as the user types (Discord); the handler validates the value. */
  autocomplete?: boolean;
  maxLength?: number;
  /** Typed as a bare word (Slack, the console), a word of this shape goes to this option first. */
  shape?: RegExp;
  /**
   * Typed as words, this free-text value goes on over the words after its first that fit no other
   * option: "/visited 2700 block of Yarrow Ave 20" is where="2700 block of Yarrow Ave", minutes=20.
   */
  rest?: boolean;
  /**
   * A first word of this shape is the whole value, and the words after it go to the other options:
   * "/visited Z1 1A20" is where="Z1", district="1A20". Read again without it if they fit none.
   */
  whole?: RegExp;
}

export interface IntegerOption extends OptionBase {
  type: 'integer';
  min: number;
  max: number;
  /** Words of its unit, typed after the number or on it ("20 min", "30m"): read as the number alone. */
  units?: readonly string[];
  /**
   * Typed as a bare word, a number outside the range is not this option's, and goes to a free-text
   * option instead: "/hotspots 822" is Portland's district 822, not 822 places.
   */
  onlyInRange?: boolean;
}

export interface BooleanOption extends OptionBase {
  type: 'boolean';
}

export type OptionSpec = StringOption | IntegerOption | BooleanOption;
export type OptionValue = string | number | boolean;

type ValueOf<O> = O extends { type: 'integer' }
  ? number
  : O extends { type: 'boolean' }
    ? boolean
    : O extends { choices: readonly (infer C)[] }
      ? C
      : string;

/** The handler's view of its options: each typed by its spec, required ones always present. */
export type OptionsOf<T extends readonly OptionSpec[]> = {
  [K in T[number] as K['name']]: K extends { required: true } ? ValueOf<K> : ValueOf<K> | undefined;
};

export interface ChatUser {
  platform: string;
  id: string;
  role: Role;
}

export interface CommandContext<O, S> {
  options: O;
  /**
   * Options that took a typed word only because it fit no other ("/hotspots westsid" fills the
   * district): a refusal of it names the other things it could have meant.
   */
  leftover: ReadonlySet<string>;
  user: ChatUser;
  channelId: string;
  requestId: string;
  services: S;
  /** A later message to the same place, e.g. the result of a long task. */
  post(message: Message): Promise<void>;
}

export interface CommandAction<S> {
  description: string;
  role: Role;
  options: readonly OptionSpec[];
  /** Who sees the answer; fixed before the handler runs (Discord decides it at the acknowledgement). */
  visibility: Visibility | ((options: Record<string, OptionValue | undefined>) => Visibility);
  /** The answer can be re-posted to the channel by whoever asked (a map behind a button). */
  shareable?: boolean;
  /**
   * It changes what is stored (a subscription, a training): the request is written to the audit log
   * before it runs, and it does not run when that cannot be done.
   */
  changes?: boolean;
  handler(context: CommandContext<Record<string, OptionValue | undefined>, S>): Promise<Message>;
  complete?(option: string, typed: string, services: S): Promise<string[]>;
}

/** A command does one thing, or (like `/briefing subscribe …`) offers subcommands, each an action. */
export type CommandSpec<S> = { name: string; description: string } & (
  | { action: CommandAction<S>; subcommands?: undefined }
  | { subcommands: Record<string, CommandAction<S>>; action?: undefined }
);

/** An action declared with its options typed from their specs. */
export interface ActionDefinition<S, T extends readonly OptionSpec[]> {
  description: string;
  role: Role;
  options: T;
  visibility: Visibility | ((options: OptionsOf<T>) => Visibility);
  shareable?: boolean;
  /**
   * It changes what is stored (a subscription, a training): the request is written to the audit log
   * before it runs, and it does not run when that cannot be done.
   */
  changes?: boolean;
  handler(context: CommandContext<OptionsOf<T>, S>): Promise<Message>;
  complete?(option: string, typed: string, services: S): Promise<string[]>;
}

/**
 * `const defineAction = actionsFor<Services>()`, then `defineAction({ options: [...], handler })`: the
 * handler's options are typed from the specs, which the dispatcher checks every value against first.
 */
export const actionsFor =
  <S>() =>
  <const T extends readonly OptionSpec[]>(action: ActionDefinition<S, T>): CommandAction<S> =>
    action as unknown as CommandAction<S>;
