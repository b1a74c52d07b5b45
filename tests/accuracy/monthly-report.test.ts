// The monthly report: on 1 November, October's figures are posted with their chart to the admin
// channel; the API gives the same figures as JSON; a month not over, or not a month, is refused; a
// feed that stops leaves its windows waiting, counted, not scored as misses.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { latLngToCell } from 'h3-js';
import { expect, onTestFinished, test } from 'vitest';
import { liveFigures } from '../../src/accuracy/live-accuracy.ts';
import { scoredWindows } from '../../src/accuracy/live-scores.ts';
import { monthlyReport } from '../../src/accuracy/monthly-report.ts';
import { monthlyMessage } from '../../src/accuracy/monthly-text.ts';
import { DEFAULT_ACCURACY } from '../../src/accuracy/settings.ts';
import { plainText } from '../../src/bot/message.ts';
import { recordVisits } from '../../src/plan/visits.ts';
import { jobsAlertingOps } from '../helpers/admin-jobs.ts';
import { authorised, bodyOf, TEST_FORECAST_SETTINGS as settings, testApi } from '../helpers/api.ts';
import { runCli } from '../helpers/cli.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { demoBot } from '../helpers/demo-city.ts';
import { importRows, madeUpCity, serveMonth } from '../helpers/served-month.ts';
import { SlackFake } from '../helpers/slack-fake.ts';

const OCTOBER = { year: 2026, month: 10, days: 31 };
const OCTOBER_START = new Date('2026-10-01T05:00:00Z');
const NOVEMBER_START = new Date('2026-11-01T05:00:00Z');

describeEachDatabase('monthly report', (kind) => {
  test("October's report: posted with its chart on the 1st, the same figures over the API, visits compared with care", async () => {
    const database = await freshDatabase(kind);
    const city = madeUpCity(OCTOBER_START, OCTOBER.days, 11);
    const served = await serveMonth(database, settings, city, OCTOBER);
    // Officers visited each day's first two places; the next places of the same band were not visited.
    await recordVisits(
      database,
      served.flatMap(({ window, forecast }) =>
        forecast.cells.slice(0, 2).map((c) => ({
          platform: 'slack',
          userId: 'U1',
          cell: c.cell,
          district: null,
          unit: 1,
          windowStart: window.start,
          windowEnd: window.end,
          visitedAt: new Date(window.start.getTime() + 3_600_000),
          minutes: 15,
        })),
      ),
    );
    const slack = new SlackFake();
    await slack.start();
    const bot = demoBot(database);
    try {
      // 08:00 on 1 November in Chicago.
      const run = await jobsAlertingOps(bot, slack)['monthly-report']!(new Date('2026-11-01T13:00:00Z'));
      expect(run).toMatchObject({ month: '2026-10', posted: 'slack:C0OPS' });
      const posts = slack.calls.filter((c) => c.method === 'chat.postMessage');
      expect(posts).toHaveLength(1);
      const text = JSON.stringify(posts[0]!.body);
      expect(text).toMatch(/Forecast accuracy, 2026-10/);
      expect(text).toMatch(/observational comparison, not proof of an effect/);
      expect(slack.calls.some((c) => c.method === 'files.completeUploadExternal')).toBe(true);

      // The API's figures are the stored scores pooled: 30 days scored (the 31st awaits its incidents).
      const response = await testApi(database).request('/v1/reports/monthly?month=2026-10', {
        headers: authorised(),
      });
      expect(response.status).toBe(200);
      const body = (await bodyOf(response)) as unknown as {
        byCategory: {
          category: string;
          kind: string;
          figures: { windows: number; served: { ratio: number } };
        }[];
        coverage: { daysServed: number; days: number };
        visits: { visited: Record<string, number>; comparison: Record<string, number> };
        series: unknown[];
      };
      const windows = await scoredWindows(database, { from: OCTOBER_START, to: NOVEMBER_START });
      const pooled = liveFigures(windows, settings.timeZone)!;
      expect(body.byCategory).toHaveLength(1);
      expect(body.byCategory[0]).toMatchObject({ category: 'all', kind: 'day' });
      expect(body.byCategory[0]!.figures.windows).toBe(windows.length);
      expect(body.byCategory[0]!.figures.served.ratio).toBe(pooled.served.ratio);
      const hits = windows.reduce((s, w) => s + w.methods.served!.tallies[5].hits, 0);
      const incidents = windows.reduce((s, w) => s + w.incidents, 0);
      expect(pooled.served.ratio).toBeCloseTo(hits / incidents, 3);
      expect(body.coverage.days).toBe(31);
      // Worked out here: the two visited places of each day against the rest of its top ten (the same
      // rank band; the made-up city has no districts), by incidents in the day and week after.
      const cellOf = city.map((r) => ({ at: r.at.getTime(), cell: latLngToCell(r.lat, r.lon, 9) }));
      const after = (cell: string, from: Date, hours: number) =>
        cellOf.filter(
          (r) => r.cell === cell && r.at >= from.getTime() && r.at < from.getTime() + hours * 3_600_000,
        ).length;
      const sums = { visited: [0, 0, 0], comparison: [0, 0, 0] };
      for (const { window, forecast } of served) {
        const ranked = [...forecast.cells].sort((a, b) => a.rank - b.rank);
        for (const [group, cells] of [
          ['visited', ranked.slice(0, 2)],
          ['comparison', ranked.slice(2, 10)],
        ] as const)
          for (const c of cells) {
            sums[group][0]!++;
            sums[group][1]! += after(c.cell, window.end, 24);
            sums[group][2]! += after(c.cell, window.end, 24 * 7);
          }
      }
      const perPlace = ([n, day, week]: number[]) => ({
        places: n,
        perPlaceDay: Number((day! / n!).toFixed(3)),
        perPlaceWeek: Number((week! / n!).toFixed(3)),
      });
      expect(body.visits.visited).toEqual(perPlace(sums.visited));
      expect(body.visits.comparison).toEqual(perPlace(sums.comparison));
      expect(body.series.length).toBe(body.coverage.daysServed);

      for (const month of ['2026-13', 'October', '2099-01']) {
        const refused = await testApi(database).request(`/v1/reports/monthly?month=${month}`, {
          headers: authorised(),
        });
        expect(refused.status, month).toBe(400);
        expect((await bodyOf(refused)).error, month).toMatch(/month|not ended/);
      }
    } finally {
      await bot.close();
      await slack.stop();
    }
  });

  test('a feed that stops: the windows after its last incident wait, the report counts them, and they are scored once incidents come', async () => {
    const database = await freshDatabase(kind);
    const city = madeUpCity(OCTOBER_START, OCTOBER.days, 12);
    // Nothing is published after midnight of 19 October: the forecasts go on being served.
    const stop = new Date('2026-10-20T05:00:00Z');
    await serveMonth(
      database,
      settings,
      city.filter((r) => r.at < stop),
      OCTOBER,
    );
    const now = new Date('2026-11-10T12:00:00Z');
    const stale = await monthlyReport(database, settings, DEFAULT_ACCURACY, '2026-10', now);
    // 1–18 October scored; the 19th ends at the stop with nothing later stored, so it waits with the rest.
    expect(stale.coverage.windowsScored).toBe(18);
    expect(stale.waiting?.windows).toBe(13);
    const text = plainText(await monthlyMessage(stale, settings.fairness));
    expect(text).toMatch(
      /13 more windows were served but wait for their incidents: the newest incident stored is of 2026-10-19 \d\d:\d\d/,
    );
    expect(text).not.toMatch(/NaN/);

    // The feed comes back: every window is scored but the 31st, which nothing later follows yet.
    await importRows(
      database,
      city.filter((r) => r.at >= stop),
    );
    const caught = await monthlyReport(database, settings, DEFAULT_ACCURACY, '2026-10', now);
    expect(caught.coverage.windowsScored).toBe(30);
    expect(caught.waiting?.windows).toBe(1);
  });
});

test('the command line: a month that is not one, or not over, is refused; a month with nothing served says so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'patrolcast-report-cli-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const env = { PATROLCAST_DATA_DIR: join(dir, 'db'), LOG_LEVEL: 'warn' };
  const wrong = await runCli(['report', '--month', '2026-1'], env);
  expect(wrong.code).not.toBe(0);
  expect(wrong.stderr).toMatch(/the month must be written YYYY-MM, e.g\. 2026-11/);
  const early = await runCli(['report', '--month', '2099-01'], env);
  expect(early.code).not.toBe(0);
  expect(early.stderr).toMatch(/2099-01 has not ended yet/);
  // No month: the last one that ended.
  const last = await runCli(['report', '--json'], env);
  expect(last.code).toBe(0);
  const month = (JSON.parse(last.stdout) as { month: string }).month;
  expect(month).toMatch(/^\d{4}-\d{2}$/);
  expect(month < new Date().toISOString().slice(0, 7)).toBe(true);
  const empty = await runCli(['report', '--month', '2026-10', '--chart', join(dir, 'chart.png')], env);
  expect(empty.code).toBe(0);
  expect(empty.stdout).toMatch(/Forecast accuracy, 2026-10/);
  expect(empty.stdout).toMatch(/No served forecast of this month has been scored/);
  expect(empty.stdout).toMatch(/No chart: nothing was scored this month/);
});
