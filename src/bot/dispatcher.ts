// Runs a command the same way whichever platform asked: check the arguments and the role, acknowledge at
// once (platforms give three seconds), then run the handler as a tracked background task. A UserError
// becomes a short reply; anything else is logged with a request id and the user gets one line.

import { randomUUID } from 'node:crypto';
import type { Limiter } from '../auth/rate-limit.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { AuditUnwritable, isUserError, UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { nearest } from '../near-words.ts';
import { checkOptions, type Options, optionsInEitherOrder, pickAction, words } from './arguments.ts';
import type { ChatCapabilities } from './chat-adapter.ts';
import type { ChatUser, CommandAction, CommandSpec } from './command-spec.ts';
import { COMMAND_ACTION, type Message, type Visibility } from './message.ts';
import { commandOfPlainWords, type PlainCommand } from './plain-words.ts';
import { atLeast } from './roles.ts';
import { memoryShares, type Shared, type ShareStore } from './share-store.ts';

export interface Invocation {
  command: string;
  /** Typed options (Discord, a button) or the words after the command (Slack, the console). */
  input: { subcommand?: string; options: Record<string, unknown> } | { text: string };
  user: ChatUser;
  channelId: string;
  /** Set by a "post to channel" button. */
  visibility?: Visibility;
}

/** What an adapter does with the dispatcher's answers, in its platform's terms. */
export interface Conversation {
  /** What the platform answering can show. */
  capabilities: ChatCapabilities;
  /** Within the platform's deadline; the visibility is fixed from here on. */
  acknowledge(visibility: Visibility): Promise<void>;
  reply(message: Message, visibility: Visibility): Promise<void>;
  /** A later message to the channel, e.g. when a long task ends. */
  post(message: Message): Promise<void>;
}

export const SHARE_ACTION = 'share';

export interface CommandRecord {
  user: ChatUser;
  command: string;
  params: Record<string, unknown>;
  /** ok, refused: why, or error */
  outcome: string;
  requestId: string;
}

// Words a supervisor reaches for that name what another command does.
const MEANT = new Map([
  ['plan', 'hotspots'],
  ['patrol', 'hotspots'],
  ['map', 'hotspots'],
  ['forecast', 'hotspots'],
  ['hot', 'hotspots'],
  ['visit', 'visited'],
  ['why', 'explain'],
]);

/** "there is no /plan; did you mean /hotspots?": the command meant, where a slip or a word says it. */
function noSuchCommand(typed: string, commands: readonly { name: string }[]): string {
  const names = commands.map((c) => c.name);
  const word = typed.toLowerCase();
  const said = MEANT.get(word);
  const meant = said && names.includes(said) ? said : nearest(word, names);
  const shown = typed.slice(0, 40);
  return meant
    ? `there is no /${shown}; did you mean /${meant}? (/help lists the commands)`
    : `there is no /${shown}; try /help`;
}

export class Dispatcher<S> {
  private readonly tasks = new Set<Promise<void>>();
  private readonly shares: ShareStore;
  private closing = false;

  constructor(
    readonly commands: readonly CommandSpec<S>[],
    private readonly services: S,
    private readonly log: Logger,
    private readonly options: {
      /** Told of every command and how it ended (the audit log). */
      audit?: (record: CommandRecord) => Promise<void>;
      /** Commands per chat user. */
      limiter?: Limiter;
      /** Where shared answers are kept; in memory unless given. */
      shares?: ShareStore;
    } = {},
  ) {
    this.shares = options.shares ?? memoryShares();
  }

  private recordOf(invocation: Invocation, requestId: string, outcome: string): CommandRecord {
    const input = invocation.input;
    return {
      user: invocation.user,
      command: invocation.command,
      params:
        'text' in input
          ? { text: input.text }
          : { ...input.options, ...(input.subcommand ? { subcommand: input.subcommand } : {}) },
      outcome,
      requestId,
    };
  }

  private async record(invocation: Invocation, requestId: string, outcome: string): Promise<void> {
    try {
      await this.options.audit?.(this.recordOf(invocation, requestId, outcome));
    } catch (error) {
      this.log.error({ requestId, err: error }, 'could not write the audit entry');
    }
  }

  /** Resolves once the platform has its acknowledgement; the answer follows from a tracked task. */
  async dispatch(
    invocation: Invocation,
    conversation: Conversation,
    options: { limited: boolean } = { limited: true },
  ): Promise<void> {
    const requestId = randomUUID().slice(0, 8);
    let resolved: {
      action: CommandAction<S>;
      subcommand?: string;
      options: Options;
      visibility: Visibility;
      guesses?: string[];
      leftover?: ReadonlySet<string>;
    };
    try {
      if (this.closing) throw new UserError('patrolcast is restarting; ask again in a minute');
      const waitMs = options.limited
        ? ((await this.options.limiter?.take(`${invocation.user.platform}:${invocation.user.id}`)) ?? 0)
        : 0;
      if (waitMs > 0) {
        throw new UserError(`that is a lot of questions at once; ask again in ${Math.ceil(waitMs / 1000)} s`);
      }
      resolved = this.resolve(invocation);
    } catch (error) {
      await conversation.acknowledge('ephemeral');
      this.track(this.fail(error, requestId, invocation, conversation));
      return;
    }
    await conversation.acknowledge(resolved.visibility);
    this.track(this.run(resolved, requestId, invocation, conversation));
  }

  /**
   * A button press: sharing re-runs the command for the channel; a command button runs its command
   * for the one who pressed it, checked like anything typed.
   */
  async press(
    action: string,
    value: string,
    user: ChatUser,
    channelId: string,
    conversation: Conversation,
  ): Promise<void> {
    if (action === COMMAND_ACTION) {
      const [command = '', ...rest] = value.trim().split(/\s+/);
      await this.dispatch({ command, input: { text: rest.join(' ') }, user, channelId }, conversation);
      return;
    }
    let shared: Shared | undefined;
    try {
      shared = action === SHARE_ACTION ? await this.shares.load(value) : undefined;
    } catch (error) {
      this.log.warn({ reason: String(error) }, 'could not read a shared answer');
      shared = undefined;
    }
    if (!shared) {
      await conversation.acknowledge('ephemeral');
      await conversation.reply(errorMessage('That button no longer works; ask again.'), 'ephemeral');
      return;
    }
    const input = {
      options: shared.options,
      ...(shared.subcommand ? { subcommand: shared.subcommand } : {}),
    };
    await this.dispatch(
      { command: shared.command, input, user, channelId, visibility: 'channel' },
      conversation,
      { limited: false },
    );
  }

  /** Completions for an option as the user types; never throws. */
  async complete(
    command: string,
    subcommand: string | undefined,
    option: string,
    typed: string,
  ): Promise<string[]> {
    try {
      const spec = this.commands.find((c) => c.name === command);
      if (!spec) return [];
      const { action } = pickAction(spec, subcommand);
      const o = action.options.find((x) => x.name === option);
      if (!o) return [];
      const all =
        action.complete !== undefined
          ? await action.complete(option, typed, this.services)
          : o.type === 'string'
            ? [...(o.choices ?? [])]
            : [];
      const t = typed.trim().toLowerCase();
      return all.filter((v) => v.toLowerCase().includes(t)).slice(0, 25);
    } catch (error) {
      this.log.warn({ command, option, reason: String(error) }, 'autocomplete failed');
      return [];
    }
  }

  /** A question typed without a slash, as the command it asks for; undefined when it names none. */
  plainWords(text: string): PlainCommand | undefined {
    return commandOfPlainWords(text, this.commands as readonly CommandSpec<unknown>[]);
  }

  /** Refuses new commands and waits for those in flight. */
  async drain(): Promise<void> {
    this.closing = true;
    await this.idle();
  }

  /** Waits until no command is in flight (answered and audited). */
  async idle(): Promise<void> {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }

  get inFlight(): number {
    return this.tasks.size;
  }

  private resolve(invocation: Invocation) {
    const spec = this.commands.find((c) => c.name === invocation.command);
    if (!spec) throw new UserError(noSuchCommand(invocation.command, this.commands));
    let subcommand: string | undefined;
    let options: Options;
    let action: CommandAction<S>;
    const guesses: string[] = [];
    const leftover = new Set<string>();
    if ('text' in invocation.input) {
      const items = words(invocation.input.text);
      const picked = spec.subcommands
        ? (fittingSubcommand(spec, items, guesses) ?? pickAction(spec, items.shift()))
        : pickAction(spec, undefined);
      action = picked.action;
      subcommand = picked.subcommand;
      options = optionsInEitherOrder(action as CommandAction<unknown>, items, guesses, leftover);
    } else {
      const picked = pickAction(spec, invocation.input.subcommand);
      action = picked.action;
      subcommand = picked.subcommand;
      options = checkOptions(action as CommandAction<unknown>, invocation.input.options);
    }
    if (!atLeast(invocation.user.role, action.role)) {
      throw new UserError(
        `/${spec.name}${subcommand ? ` ${subcommand}` : ''} needs the ${action.role} role; yours is ${invocation.user.role}. Ask an administrator if you need it.`,
      );
    }
    // An answer built on a guess goes to the asker alone: the channel sees only what was asked for.
    const visibility =
      guesses.length > 0
        ? 'ephemeral'
        : (invocation.visibility ??
          (typeof action.visibility === 'function' ? action.visibility(options) : action.visibility));
    return { spec, action, subcommand, options, visibility, guesses, leftover };
  }

  private async run(
    resolved: {
      spec?: CommandSpec<S>;
      action: CommandAction<S>;
      subcommand?: string;
      options: Options;
      visibility: Visibility;
      guesses?: string[];
      leftover?: ReadonlySet<string>;
    },
    requestId: string,
    invocation: Invocation,
    conversation: Conversation,
  ): Promise<void> {
    const started = performance.now();
    try {
      // A change is on record before it is made: if the entry cannot be written, it is not made.
      if (resolved.action.changes) await this.options.audit?.(this.recordOf(invocation, requestId, 'asked'));
      const message = await resolved.action.handler({
        options: resolved.options,
        leftover: resolved.leftover ?? new Set(),
        user: invocation.user,
        channelId: invocation.channelId,
        requestId,
        services: this.services,
        post: (m) => conversation.post(m),
      });
      // A share button only where buttons are drawn: without one, no answer is kept for sharing.
      if (
        resolved.action.shareable &&
        resolved.visibility === 'ephemeral' &&
        conversation.capabilities.buttons
      ) {
        // The options as resolved by this answer: a shared copy is the answer the user saw.
        const options: Options = {};
        for (const [name, value] of Object.entries({ ...resolved.options, ...message.pinned }))
          if (value !== null && value !== undefined) options[name] = value;
        try {
          const id = await this.shares.save({
            command: invocation.command,
            ...(resolved.subcommand ? { subcommand: resolved.subcommand } : {}),
            options,
          });
          if (id.length <= conversation.capabilities.buttonValueMax)
            message.buttons = [
              ...(message.buttons ?? []),
              { label: 'Post to channel', action: SHARE_ACTION, value: id },
            ];
        } catch (error) {
          // The answer matters more than its button.
          this.log.warn({ requestId, reason: String(error) }, 'could not keep the answer for sharing');
        }
      }
      const { pinned: _pinned, ...shown } = message;
      if (resolved.guesses?.length)
        shown.summary = [`${resolved.guesses.join('; ')}.`, shown.summary].filter(Boolean).join('\n');
      await conversation.reply(shown, resolved.visibility);
      await this.record(invocation, requestId, 'ok');
      this.log.info(
        {
          requestId,
          command: invocation.command,
          platform: invocation.user.platform,
          ms: Math.round(performance.now() - started),
        },
        'command answered',
      );
    } catch (error) {
      await this.fail(error, requestId, invocation, conversation);
    }
  }

  private async fail(
    error: unknown,
    requestId: string,
    invocation: Invocation,
    conversation: Conversation,
  ): Promise<void> {
    let message: Message;
    if (error instanceof AuditUnwritable) {
      this.log.error(
        { requestId, command: invocation.command, err: error },
        'command not run: no audit entry',
      );
      message = errorMessage(
        `That could not be recorded in the audit log, so nothing was changed; try again shortly. Request id ${requestId}.`,
      );
    } else if (isUserError(error)) {
      message = errorMessage(error.message.charAt(0).toUpperCase() + error.message.slice(1));
    } else if (isDatabaseUnavailable(error)) {
      // An outage, not a fault of ours: the asker learns to wait, the log says which without a stack.
      const code = (error as { code?: unknown }).code;
      this.log.warn(
        { requestId, command: invocation.command, code: typeof code === 'string' ? code : undefined },
        'command not answered: the database is unavailable',
      );
      message = errorMessage(
        `The database is not answering just now, so there is no answer and nothing was changed; try again in a minute. Request id ${requestId}.`,
      );
    } else {
      this.log.error(
        { requestId, command: invocation.command, platform: invocation.user.platform, err: error },
        'command failed',
      );
      message = errorMessage(
        `Sorry, that did not work on our side. Request id ${requestId}: the team can look it up.`,
      );
    }
    try {
      // A refusal or a fault is the asker's business: never announced to the channel.
      await conversation.reply(message, 'ephemeral');
    } catch (replyError) {
      this.log.error({ requestId, err: replyError }, 'could not deliver the error reply');
    }
    await this.record(invocation, requestId, isUserError(error) ? `refused: ${message.title}` : 'error');
  }

  private track(task: Promise<void>): void {
    const tracked = task.catch((error: unknown) => this.log.error({ err: error }, 'command task failed'));
    this.tasks.add(tracked);
    void tracked.finally(() => this.tasks.delete(tracked));
  }
}

/**
 * "/units west 3", typed without its subcommand: the one subcommand whose options take every word
 * ("set"), or one the first word nearly spells ("/units lst"), told as a guess. Undefined when the
 * first word names a subcommand, or when none or several fit.
 */
function fittingSubcommand<S>(
  spec: CommandSpec<S>,
  items: string[],
  guesses: string[],
): { action: CommandAction<S>; subcommand: string } | undefined {
  const [first] = items;
  if (!spec.subcommands || first === undefined || Object.hasOwn(spec.subcommands, first.toLowerCase()))
    return undefined;
  // A slip of the thumb on the subcommand's own name ("/units lst").
  const near = nearest(first, Object.keys(spec.subcommands));
  if (near) {
    items.shift();
    guesses.push(`Showing /${spec.name} ${near} (you typed '${first.slice(0, 40)}')`);
    return { action: spec.subcommands[near]!, subcommand: near };
  }
  const fits = Object.entries(spec.subcommands).filter(([, action]) => {
    if (action.options.length === 0) return false;
    try {
      optionsInEitherOrder(action as CommandAction<unknown>, [...items], []);
      return true;
    } catch {
      return false;
    }
  });
  if (fits.length !== 1) return undefined;
  const [subcommand, action] = fits[0]!;
  guesses.push(`Read as /${spec.name} ${subcommand} ${items.join(' ')}`);
  return { action, subcommand };
}

/** A refusal or fault: one line, shown as a warning, never as a headline. */
export const errorMessage = (text: string): Message => ({ title: text, tone: 'error' });
