// Beside the API on start: the chat adapters, and the scheduled jobs that post through them.
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startJobs } from '../jobs/runner.ts';
import { jobWork } from '../jobs/work.ts';
import { databaseReplayGuard } from '../src/auth/replay-guard.ts';
import type { ChannelPoster } from '../src/bot/poster.ts';
import type { CompanionContext } from '../src/main.ts';
import { jobSchedule, scheduleSettings } from '../src/schedule/job-schedule.ts';
import { createBot } from './bot.ts';
import { ConsoleAdapter, ConsolePoster } from './console/console-adapter.ts';
import { runDiscord } from './discord/discord-adapter.ts';
import { runDiscordHttp } from './discord/http-adapter.ts';
import { runSlack } from './slack/slack-adapter.ts';

export const mapDir = () => join(tmpdir(), 'patrolcast-maps');

const schedulerSettings = (leadMs: number) => ({
  leadMs,
  leaseMs: 5 * 60_000,
  attempts: 4,
  backoffMs: 2000,
  concurrency: 8,
});

export async function startChat(context: CompanionContext) {
  const { database, config, log, retrain } = context;
  const bot = createBot(database, config, log, { retrain });
  const stops: (() => Promise<void>)[] = [];
  const posters = new Map<string, ChannelPoster>();
  const replays = databaseReplayGuard(database);
  if (config.chat.slack) {
    const slack = await runSlack(bot.dispatcher, config.chat.slack, config.chat.defaultRole, log, {
      replays,
    });
    posters.set('slack', slack.poster);
    stops.push(() => slack.stop());
  }
  if (config.chat.discord) {
    const { discord: settings, defaultRole } = config.chat;
    const discord =
      settings.mode === 'http'
        ? await runDiscordHttp(bot.dispatcher, settings, defaultRole, log, { replays })
        : await runDiscord(bot.dispatcher, settings, defaultRole, log);
    posters.set('discord', discord.poster);
    stops.push(() => discord.stop());
  }
  const wantConsole =
    config.chat.console === 'on' ||
    (config.chat.console === 'auto' && posters.size === 0 && process.stdin.isTTY);
  if (wantConsole) {
    const print = (t: string) => process.stdout.write(`${t}\n`);
    void new ConsoleAdapter(bot.dispatcher, { mapDir: mapDir(), role: 'admin' }, print).run(
      process.stdin,
      process.stdout,
    );
    posters.set('console', new ConsolePoster(print));
  } else if (posters.size === 0) {
    log.info(
      'no chat platform is configured (SLACK_BOT_TOKEN, DISCORD_TOKEN); `patrolcast chat` talks in a terminal',
    );
  }
  if (config.schedule.enabled) {
    const jobs = startJobs(
      database,
      jobSchedule(scheduleSettings(config)),
      jobWork(
        {
          briefing: bot.services,
          posters,
          scheduler: schedulerSettings(config.schedule.briefingLeadMs),
          retrain: bot.services.retrain,
          retention: { years: config.schedule.retentionYears, auditDays: config.schedule.auditRetentionDays },
        },
        `replica-${randomUUID().slice(0, 8)}`,
      ),
      log,
    );
    // Jobs stop first: a briefing in flight finishes through adapters that are still running.
    stops.unshift(() => jobs.stop());
  }
  return {
    async stop() {
      for (const stop of stops) await stop();
      await bot.close();
    },
  };
}
