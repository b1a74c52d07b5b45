// Beside the API on start: the chat adapters, one list of ChatAdapter, and the scheduled jobs, which
// post through the adapters' posters.

import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startJobs } from '../jobs/runner.ts';
import { jobWork } from '../jobs/work.ts';
import { accuracySettings } from '../src/accuracy/settings.ts';
import { databaseReplayGuard } from '../src/auth/replay-guard.ts';
import type { ChatAdapter } from '../src/bot/chat-adapter.ts';
import { readDistrictFile } from '../src/ingest/district-file.ts';
import { importSettings } from '../src/ingest/settings.ts';
import type { CompanionContext } from '../src/main.ts';
import { jobSchedule, scheduleSettings } from '../src/schedule/job-schedule.ts';
import { type Bot, createBot } from './bot.ts';
import { runConsole } from './console/console-adapter.ts';
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

/** Every configured platform's adapter, started. */
async function startAdapters(context: CompanionContext, bot: Bot): Promise<ChatAdapter[]> {
  const { database, config, log } = context;
  const adapters: ChatAdapter[] = [];
  const replays = databaseReplayGuard(database);
  try {
    if (config.chat.slack)
      adapters.push(
        await runSlack(bot.dispatcher, config.chat.slack, config.chat.defaultRole, log, { replays }),
      );
    if (config.chat.discord) {
      const { discord: settings, defaultRole } = config.chat;
      adapters.push(
        settings.mode === 'http'
          ? await runDiscordHttp(bot.dispatcher, settings, defaultRole, log, { replays })
          : await runDiscord(bot.dispatcher, settings, defaultRole, log),
      );
    }
  } catch (error) {
    for (const adapter of adapters) await adapter.stop();
    throw error;
  }
  const wantConsole =
    config.chat.console === 'on' ||
    (config.chat.console === 'auto' && adapters.length === 0 && process.stdin.isTTY);
  if (wantConsole) {
    adapters.push(
      runConsole(
        bot.dispatcher,
        { mapDir: mapDir(), role: 'admin' },
        { input: process.stdin, output: process.stdout },
      ),
    );
  } else if (adapters.length === 0) {
    log.info(
      'no chat platform is configured (SLACK_BOT_TOKEN, DISCORD_TOKEN); `patrolcast chat` talks in a terminal',
    );
  }
  return adapters;
}

/** The scheduled jobs (briefings, retraining, retention), posting through the adapters. */
function startScheduledJobs(context: CompanionContext, bot: Bot, adapters: ChatAdapter[]) {
  const { database, config, log } = context;
  // One name for this process in every lease it takes: job runs and briefing claims alike.
  const replica = `replica-${randomUUID().slice(0, 8)}`;
  return startJobs(
    database,
    jobSchedule(scheduleSettings(config)),
    jobWork(
      {
        briefing: bot.services,
        posters: new Map(adapters.map((a) => [a.platform, a.poster])),
        scheduler: schedulerSettings(config.schedule.briefingLeadMs),
        retrain: bot.services.retrain,
        retention: { years: config.schedule.retentionYears, auditDays: config.schedule.auditRetentionDays },
        importing: importSettings(config),
        adminChannel: config.schedule.adminChannel,
        accuracy: accuracySettings(config),
      },
      replica,
    ),
    log,
    { replica },
  );
}

export async function startChat(context: CompanionContext) {
  // A districts file that cannot be read stops the start, not every map after it.
  if (context.config.map.districtsFile) await readDistrictFile(context.config.map.districtsFile);
  const bot = createBot(context.database, context.config, context.log, { retrain: context.retrain });
  const adapters = await startAdapters(context, bot);
  const jobs = context.config.schedule.enabled ? startScheduledJobs(context, bot, adapters) : undefined;
  return {
    async stop() {
      // Jobs stop first: a briefing in flight finishes through adapters that are still running.
      await jobs?.stop();
      for (const adapter of adapters) await adapter.stop();
      await bot.close();
    },
  };
}
