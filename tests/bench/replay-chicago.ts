// npm run replay:chicago -- [--month 2019-07] [--chart file.png]: Chicago's shared file replayed as a
// live city. The feed brings the three years before the month and a model is trained on them; then, day by day
// through the month, the day's shift forecasts are served in the morning and a loopback Socrata
// portal publishes the day before, which the feed brings in. At the end `patrolcast report --month`
// is run on the data directory, as an analyst would, and prints the month's figures and draws its chart.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { addFeed, feedNamed } from '../../src/feeds/feed-store.ts';
import { runFeed } from '../../src/feeds/run-feed.ts';
import { ensureForecast } from '../../src/forecast/forecast-service.ts';
import { forecastSettings } from '../../src/forecast/settings.ts';
import { train } from '../../src/forecast/train.ts';
import { windowsBetween } from '../../src/forecast/windows.ts';
import { addDays, formatDate, fromLocal } from '../../src/time/zone.ts';
import { sharedRows } from '../helpers/shared-rows.ts';
import { type SodaRow, SodaServer } from '../helpers/soda-server.ts';
import { CHICAGO, line } from './shared.ts';

const { values } = parseArgs({
  options: {
    month: { type: 'string', default: '2019-07' },
    chart: { type: 'string' },
    /** Keep the data directory here (to run commands on it afterwards). */
    keep: { type: 'string' },
  },
});
const [year, monthNumber] = values.month!.split('-').map(Number) as [number, number];
const env = { PATROLCAST_TZ: 'America/Chicago', PATROLCAST_H3_RESOLUTION: '9' };
const settings = forecastSettings(parseConfig(env));
const importing = { timeZone: settings.timeZone, h3Resolution: 9, limits: { maxExpandedBytes: 1 << 30 } };

const first = { year, month: monthNumber, day: 1 };
const monthStart = fromLocal({ ...first, hour: 0, minute: 0 }, settings.timeZone);
const historyStart = fromLocal({ ...first, year: year - 3, hour: 0, minute: 0 }, settings.timeZone);
const localDay = (date: string) => date.slice(0, 10);

// The shared file as a portal publishes it: each row with its id and when it was last edited.
const all = (await sharedRows(CHICAGO(), 10_000_000))
  .map((v, i) => ({
    ':id': `row-${i}`,
    id: String(30_000_000 + i),
    date: `${v.date!.replace(' ', 'T')}:00.000`,
    primary_type: 'ASSAULT',
    district: v.district!,
    latitude: v.latitude!,
    longitude: v.longitude!,
  }))
  .filter((r) => r.latitude && r.longitude);
const at = (r: { date: string }) =>
  fromLocal(
    {
      year: Number(r.date.slice(0, 4)),
      month: Number(r.date.slice(5, 7)),
      day: Number(r.date.slice(8, 10)),
      hour: Number(r.date.slice(11, 13)),
      minute: Number(r.date.slice(14, 16)),
    },
    settings.timeZone,
  );
const history = all.filter((r) => at(r) >= historyStart && at(r) < monthStart);

const dir = mkdtempSync(join(tmpdir(), 'patrolcast-replay-'));
const dataDir = values.keep ? resolve(values.keep) : join(dir, 'data');
const portal = new SodaServer();
await portal.start();
const started = performance.now();
try {
  const database = await openDatabase({ dataDir });
  await migrate(database);
  await addFeed(
    database,
    { name: 'chicago', kind: 'socrata', url: portal.resourceUrl, options: { profile: 'chicago' } },
    { actorKind: 'cli', actor: 'replay' },
  );
  // The three years before the month, as the portal had them then: the feed's first run brings them.
  portal.rows.push(...history.map((r) => ({ ...r, ':updated_at': monthStart.toISOString() })));
  const imported = await runFeed(database, await feedNamed(database, 'chicago'), importing, monthStart);
  line({ run: 'history', rows: imported.added, from: formatDate({ ...first, year: year - 3 }) });
  // As an analyst would: the forest and the ewma compared on held-out days, the better kept.
  const trained = await train(database, settings, { kind: 'shift', until: monthStart });
  line({ run: 'train', algorithm: trained.model.algorithm, why: trained.model.metrics.choice });
  const days = windowsBetween('day', first, addDays({ year, month: monthNumber + 1, day: 1 }, -1), settings);
  const publish = async (date: string, now: Date) => {
    const rows: SodaRow[] = all
      .filter((r) => localDay(r.date) === date)
      .map((r) => ({ ...r, ':updated_at': now.toISOString() }));
    portal.rows.push(...rows);
    return runFeed(database, await feedNamed(database, 'chicago'), importing, now);
  };
  for (const day of days) {
    // 05:30 local: the day's shift forecasts are served, then the portal publishes the day before.
    const morning = new Date(day.start.getTime() + 5.5 * 3_600_000);
    const date = { year, month: monthNumber, day: Number(day.date.slice(8)) };
    for (const window of windowsBetween('shift', date, date, settings))
      await ensureForecast(database, settings, { window, category: 'all' });
    const before = formatDate(addDays(date, -1));
    if (before >= formatDate(first)) await publish(before, morning);
  }
  // The month's last day and the days after it arrive in the next month.
  const last = days.at(-1)!.date;
  for (let k = 0; k < 4; k++) {
    const date = formatDate(addDays({ year, month: monthNumber, day: Number(last.slice(8)) }, k));
    await publish(date, new Date(days.at(-1)!.end.getTime() + (k + 0.25) * 86_400_000));
  }
  await database.close();
  line({
    run: 'served and fed',
    days: days.length,
    seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
  });

  const chart = resolve(values.chart ?? join(dir, `accuracy-${values.month}.png`));
  const t0 = performance.now();
  const report = spawnSync(
    process.execPath,
    [
      resolve(import.meta.dirname, '../../adapters/bin.js'),
      'report',
      '--month',
      values.month!,
      '--chart',
      chart,
    ],
    { env: { ...process.env, ...env, PATROLCAST_DATA_DIR: dataDir }, encoding: 'utf8' },
  );
  process.stdout.write(report.stdout);
  process.stderr.write(report.stderr);
  line({
    run: 'report',
    status: report.status,
    seconds: Number(((performance.now() - t0) / 1000).toFixed(1)),
    chart,
  });
} finally {
  await portal.stop();
  rmSync(dir, { recursive: true, force: true });
}
