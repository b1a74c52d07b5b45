// The terminal as a chat: `/hotspots tonight` prints the answer and where its map was written.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ChatAdapter, ChatCapabilities } from '../../src/bot/chat-adapter.ts';
import type { Dispatcher } from '../../src/bot/dispatcher.ts';
import { type Message, plainText } from '../../src/bot/message.ts';
import type { ChannelPoster, PostResult } from '../../src/bot/poster.ts';
import type { Role } from '../../src/bot/roles.ts';

export interface ConsoleOptions {
  /** Where maps are written. */
  mapDir: string;
  role: Role;
}

/** A terminal: no buttons (the same command can simply be asked again); maps are written to files. */
export const CONSOLE_CAPABILITIES: ChatCapabilities = {
  buttons: false,
  privateFiles: true,
  buttonValueMax: 0,
};

export class ConsoleAdapter<S> {
  private maps = 0;

  constructor(
    private readonly dispatcher: Dispatcher<S>,
    private readonly options: ConsoleOptions,
    /** Where later messages (a finished training) are printed. */
    private readonly print: (text: string) => void,
  ) {}

  /** One line as the user typed it; resolves with the printed answer. */
  async ask(line: string): Promise<string> {
    const text = line.trim();
    if (!text) return '';
    // "/hotspots tonight", or a plain question: "where should I send units tonight?"
    const slash = /^\/(\S+)\s*(.*)$/s.exec(text);
    const asked = slash
      ? { command: slash[1]!.toLowerCase(), text: slash[2]! }
      : this.dispatcher.plainWords(text);
    if (!asked)
      return `I did not understand "${text.slice(0, 60)}". Try /hotspots tonight, /help, or a question such as "where should units go tonight?"`;
    return new Promise<string>((resolve) => {
      void this.dispatcher.dispatch(
        {
          command: asked.command,
          input: { text: asked.text },
          user: { platform: 'console', id: 'console', role: this.options.role },
          channelId: 'console',
        },
        {
          capabilities: CONSOLE_CAPABILITIES,
          acknowledge: async () => undefined,
          reply: async (message) => resolve(this.render(message)),
          post: async (message) => this.print(this.render(message)),
        },
        // One person at their own terminal: never "a lot of questions at once".
        { limited: false },
      );
    });
  }

  /** The read-eval-print loop, until the input ends. */
  async run(input: NodeJS.ReadableStream, output: { write(text: string): unknown }): Promise<void> {
    const rl = createInterface({ input, terminal: false });
    // Piped input is echoed after the prompt, so that a saved session reads like a conversation.
    const echo = !(input as NodeJS.ReadStream).isTTY;
    output.write('patrolcast chat: try /hotspots tonight, or /help. Ctrl-D leaves.\npatrolcast> ');
    for await (const line of rl) {
      if (echo) output.write(`${line}\n`);
      const answer = await this.ask(line);
      if (answer) output.write(`${answer}\n`);
      output.write('patrolcast> ');
    }
    output.write('\n');
  }

  private render(message: Message): string {
    let text = plainText(message);
    if (message.image) {
      mkdirSync(this.options.mapDir, { recursive: true });
      const file = join(this.options.mapDir, `map-${process.pid}-${++this.maps}.png`);
      writeFileSync(file, message.image.png);
      text += `\nmap: ${file}`;
    }
    return text;
  }
}

/** Scheduled briefings for the terminal's own subscription (`/briefing subscribe` in `patrolcast chat`). */
export class ConsolePoster implements ChannelPoster {
  readonly platform = 'console';
  private posted = 0;

  constructor(private readonly print: (text: string) => void) {}

  async post(_channelId: string, message: Message): Promise<PostResult> {
    this.print(plainText(message));
    return { messageId: `console-${++this.posted}` };
  }
}

/** The terminal as a running adapter: it reads commands until its input ends, and prints briefings. */
export function runConsole<S>(
  dispatcher: Dispatcher<S>,
  options: ConsoleOptions,
  io: { input: NodeJS.ReadableStream; output: { write(text: string): unknown } },
): ChatAdapter {
  const print = (text: string) => io.output.write(`${text}\n`);
  void new ConsoleAdapter(dispatcher, options, print).run(io.input, io.output);
  return {
    platform: 'console',
    capabilities: CONSOLE_CAPABILITIES,
    poster: new ConsolePoster(print),
    stop: async () => undefined,
  };
}
