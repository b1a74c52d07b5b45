// patrolcast chat: the bot in a terminal, as it answers in Slack or Discord.
import type { Command } from 'commander';
import { action, cliContext } from '../src/cli/context.ts';
import { readDistrictFile } from '../src/ingest/district-file.ts';
import { createBot } from './bot.ts';
import { mapDir } from './chat-companion.ts';
import { ConsoleAdapter } from './console/console-adapter.ts';

export function registerChatCommand(program: Command): void {
  program
    .command('chat')
    .description('talk to patrolcast in the terminal, as in Slack or Discord: /hotspots tonight, /help')
    .action(
      action(async () => {
        const ctx = cliContext();
        const { config, log } = ctx;
        if (config.map.districtsFile) await readDistrictFile(config.map.districtsFile);
        const database = await ctx.openDatabase();
        const bot = createBot(database, config, log);
        try {
          // Whoever has the terminal has the machine: the console speaks as an administrator.
          const repl = new ConsoleAdapter(bot.dispatcher, { mapDir: mapDir(), role: 'admin' }, (t) =>
            ctx.out.write(`${t}\n`),
          );
          await repl.run(ctx.stdin, ctx.out);
        } finally {
          await bot.close();
          await database.close();
        }
      }),
    );
}
