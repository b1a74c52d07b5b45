// The scheduled jobs of a demo bot: posting nowhere, or their alerts to #ops (C0OPS) on a loopback Slack.
import { webApi } from '@slack/bolt';
import { SlackPoster } from '../../adapters/slack/slack-poster.ts';
import { type JobDeps, jobWork } from '../../jobs/work.ts';
import type { demoBot } from './demo-city.ts';
import { SETTINGS } from './import.ts';
import type { SlackFake } from './slack-fake.ts';

/** The jobs as a replica runs them; `deps` replaces any part (posters, retention, …). */
export function jobsOf(bot: ReturnType<typeof demoBot>, deps: Partial<JobDeps> = {}) {
  return jobWork(
    {
      briefing: bot.services,
      posters: new Map(),
      scheduler: { leadMs: 0, leaseMs: 60_000, attempts: 1, backoffMs: 0, concurrency: 1 },
      retrain: bot.services.retrain,
      retention: { years: 0, auditDays: 0 },
      importing: SETTINGS,
      ...deps,
    },
    'test',
  );
}

export function jobsAlertingOps(bot: ReturnType<typeof demoBot>, slack: SlackFake) {
  const client = new webApi.WebClient('xoxb-test', {
    slackApiUrl: `${slack.url}/api/`,
    retryConfig: { retries: 0 },
  });
  return jobsOf(bot, {
    posters: new Map([['slack', new SlackPoster(client)]]),
    adminChannel: { platform: 'slack', channelId: 'C0OPS' },
  });
}
