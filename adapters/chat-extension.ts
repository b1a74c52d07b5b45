// Chat joins the command line: `patrolcast chat`, and the adapters that run beside the API on start.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { action, cliContext } from '../src/cli/context.ts';
import type { CliExtension } from '../src/cli.ts';
import type { Config } from '../src/config.ts';
import type { Database } from '../src/db/client.ts';
import type { Logger } from '../src/log.ts';
import { openAndMigrate } from '../src/main.ts';
import { createBot } from './bot.ts';
import { ConsoleAdapter } from './console/console-adapter.ts';
import { startDiscord } from './discord/discord-adapter.ts';
import { startSlack } from './slack/slack-adapter.ts';

const mapDir = () => join(tmpdir(), 'patrolcast-maps');

async function startChat(context: { database: Database; config: Config; log: Logger }) {
  const { database, config, log } = context;
  const bot = createBot(database, config, log);
  const stops: (() => Promise<void>)[] = [];
  if (config.chat.slack)
    stops.push(await startSlack(bot.dispatcher, config.chat.slack, config.chat.defaultRole, log));
  if (config.chat.discord) {
    stops.push(await startDiscord(bot.dispatcher, config.chat.discord, config.chat.defaultRole, log));
  }
  const wantConsole =
    config.chat.console === 'on' ||
    (config.chat.console === 'auto' && stops.length === 0 && process.stdin.isTTY);
  if (wantConsole) {
    const repl = new ConsoleAdapter(bot.dispatcher, { mapDir: mapDir(), role: 'admin' }, (t) =>
      process.stdout.write(`${t}\n`),
    );
    void repl.run(process.stdin, process.stdout);
  } else if (stops.length === 0) {
    log.info(
      'no chat platform is configured (SLACK_BOT_TOKEN, DISCORD_TOKEN); `patrolcast chat` talks in a terminal',
    );
  }
  return {
    async stop() {
      for (const stop of stops) await stop();
      await bot.close();
    },
  };
}

export const chatExtension: CliExtension = {
  register(program: Command) {
    program
      .command('chat')
      .description('talk to patrolcast in the terminal, as in Slack or Discord: /hotspots tonight, /help')
      .action(
        action(async () => {
          const { config, log } = cliContext();
          const database = await openAndMigrate(config, log);
          const bot = createBot(database, config, log);
          try {
            // Whoever has the terminal has the machine: the console speaks as an administrator.
            const repl = new ConsoleAdapter(bot.dispatcher, { mapDir: mapDir(), role: 'admin' }, (t) =>
              process.stdout.write(`${t}\n`),
            );
            await repl.run(process.stdin, process.stdout);
          } finally {
            await bot.close();
            await database.close();
          }
        }),
      );
  },
  companions: [startChat],
};
