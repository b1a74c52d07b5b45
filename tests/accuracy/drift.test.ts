// A forecast that slips is told once: a made-up October whose busy places move across town on the
// 16th raises one alert to the administrators and a line in /model; a steady October raises none.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import { liveSlipping } from '../../src/forecast/live-slipping.ts';
import { jobsAlertingOps } from '../helpers/admin-jobs.ts';
import { TEST_FORECAST_SETTINGS as settings } from '../helpers/api.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { demoBot } from '../helpers/demo-city.ts';
import { madeUpCity, serveMonth } from '../helpers/served-month.ts';
import { SlackFake } from '../helpers/slack-fake.ts';

const OCTOBER = { year: 2026, month: 10, days: 31 };
const OCTOBER_START = new Date('2026-10-01T05:00:00Z');
/** Four mornings of November, when the scoring job runs. */
const MORNINGS = [2, 3, 4, 5].map((d) => new Date(Date.UTC(2026, 10, d, 13, 20)));

async function octoberScored(kind: Parameters<typeof freshDatabase>[0], driftFrom?: Date) {
  const database = await freshDatabase(kind);
  await serveMonth(database, settings, madeUpCity(OCTOBER_START, OCTOBER.days, 7, driftFrom), OCTOBER);
  const slack = new SlackFake();
  await slack.start();
  const bot = demoBot(database, undefined, {}, MORNINGS.at(-1)!);
  const work = jobsAlertingOps(bot, slack);
  const runs = [];
  for (const morning of MORNINGS) runs.push(await work.scoring!(morning));
  const alerts = slack.calls.filter((c) => c.method === 'chat.postMessage').map((c) => String(c.body.text));
  const model = await new ConsoleAdapter(
    bot.dispatcher,
    { mapDir: mkdtempSync(join(tmpdir(), 'pc-drift-')), role: 'viewer' },
    () => {},
  ).ask('/model');
  // What a training reads: whether the forecast is slipping, and why.
  const slipping = await liveSlipping(database, 'all');
  await bot.close();
  await slack.stop();
  return { runs, alerts, model, slipping };
}

describeEachDatabase('drift', (kind) => {
  test('the busy places move mid-month: one alert to the admin channel, and /model says to retrain', async () => {
    const { runs, alerts, model, slipping } = await octoberScored(kind, new Date('2026-10-16T05:00:00Z'));
    expect(slipping).toMatchObject({ kind: 'held-out', reason: expect.stringMatching(/held-out days/) });
    expect(runs[0]).toMatchObject({ scored: 30, slipping: ['all'], alerted: 1 });
    // The next mornings it is still slipping, and nobody is told again.
    for (const run of runs.slice(1)) expect(run).toMatchObject({ slipping: ['all'], alerted: 0 });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatch(/The forecast is slipping/);
    expect(alerts[0]).toMatch(/held-out days/);
    expect(model).toMatch(
      /Over the last 4 weeks \(\d+ days scored\) the forecast caught \d+% of incidents at 5% of places; a simple count would have caught \d+%; on held-out days at training, \d+%\. It is slipping: .*retrain or switch/,
    );
  });

  test('a steady month: no alert, and /model gives the live figures without a warning', async () => {
    const { runs, alerts, model, slipping } = await octoberScored(kind);
    expect(slipping).toBeUndefined();
    expect(runs[0]).toMatchObject({ scored: 30, slipping: [], alerted: 0 });
    expect(alerts).toEqual([]);
    expect(model).toMatch(
      /Over the last 4 weeks \(\d+ days scored\) the forecast caught \d+% of incidents at 5% of places/,
    );
    expect(model).not.toMatch(/slipping/);
  });
});
