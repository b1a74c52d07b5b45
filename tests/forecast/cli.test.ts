// train, hotspots and backtest, through the real command.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { generateDemoIncidents } from '../../src/demo/generate.ts';
import { runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'patrolcast-forecast-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { PATROLCAST_DATA_DIR: join(dir, 'db'), PATROLCAST_TRAIN_DAYS: '400', LOG_LEVEL: 'warn' };

test('train, then hotspots, on the demo city', async () => {
  const demo = await runCli(['demo-data', '--days', '430', '--end', '2026-06-01', '--seed', '2'], env);
  expect(demo.code).toBe(0);
  const trained = await runCli(['train', '--until', '2026-06-01', '--json'], env);
  expect(trained.stderr).toBe('');
  const outcome = JSON.parse(trained.stdout);
  // By default the forest and the ewma are scored on the same held-out days and one is kept, with why.
  expect(outcome).toMatchObject({ version: 1, promoted: true, choice: { candidates: ['ewma', 'forest'] } });
  expect(outcome.algorithm).toBe(outcome.choice.chosen);
  expect(outcome.choice.why).toMatch(/held-out days \(ewma \d+\.\d%, forest \d+\.\d%\)/);
  expect(outcome.models.candidate).toEqual(outcome.models[outcome.algorithm]);
  expect(outcome.models.candidate.hr['5']).toBeGreaterThan(0);

  const hotspots = await runCli(['hotspots', '--when', 'next', '--top', '5', '--json'], env);
  expect(hotspots.code).toBe(0);
  const answer = JSON.parse(hotspots.stdout);
  expect(answer.demo).toBe(true);
  expect(answer.hotspots).toHaveLength(5);
  expect(answer.hotspots[0]).toMatchObject({ rank: 1, lat: expect.any(Number), lon: expect.any(Number) });
  expect(answer.zones.length).toBeGreaterThan(0);

  // The demo data end on 2026-05-31; asked about tonight, the answer says first that it is stale.
  expect(answer.stale).toBe(true);
  const text = await runCli(['hotspots', '--when', 'tonight', '--top', '3'], env);
  expect(text.stdout).toMatch(
    /^Stale data: the newest incident on record is \d+ months older than this window \(2026-05-31 \d\d:\d\d\); this forecast reflects that time, not the window\. Import newer incidents, or ask for a date inside the data\.\nDEMO DATA: hotspots for /,
  );
  // A date inside the data: its whole day, from the incidents before it, and not stale.
  const past = await runCli(['hotspots', '--at', '2026-05-20', '--top', '3', '--json'], env);
  expect(JSON.parse(past.stdout)).toMatchObject({
    window: { label: 'Wednesday 2026-05-20', kind: 'day' },
    stale: false,
    hotspots: [{ rank: 1 }, { rank: 2 }, { rank: 3 }],
  });
  // One window, one set of zones: the hotspots and the briefing send units to the same cells.
  const briefing = await runCli(['briefing', '--at', '2026-05-20', '--json'], env);
  const zoneCells = (zones: { cells: string[] }[]) => zones.map((z) => z.cells);
  expect(zoneCells(JSON.parse(briefing.stdout).zones)).toEqual(zoneCells(JSON.parse(past.stdout).zones));
  const shift = await runCli(['hotspots', '--at', '2026-05-20T23:30', '--json'], env);
  expect(JSON.parse(shift.stdout).window.label).toBe('Wednesday 2026-05-20 22:00–06:00');
  const wrong = await runCli(['hotspots', '--at', '2026-02-30'], env);
  expect([wrong.code, wrong.stderr]).toEqual([
    1,
    "error: option '--at <date>' argument '2026-02-30' is invalid. '2026-02-30' is not a date: expected YYYY-MM-DD, YYYY-MM-DDTHH:MM or HH:MM (local time)\n(add --help for usage)\n",
  ]);

  const fairness = await runCli(['fairness', '--from', '2026-05-18', '--to', '2026-05-31'], env);
  expect(fairness.code).toBe(0);
  expect(fairness.stdout).toMatch(
    /^Fairness report: model 1 \((forest|ewma)\), 2026-05-18 to 2026-05-31, shift windows · DEMO DATA\n/,
  );
  expect(fairness.stdout).toMatch(/\ndistrict +flagged hours +incidents +ratio +hit rate\n/);
  const backwards = await runCli(['fairness', '--from', '2026-05-31', '--to', '2026-05-01'], env);
  expect([backwards.code, backwards.stderr]).toEqual([1, 'patrolcast: from must not be after to\n']);
  // Three processes, each training or scoring from scratch: slow on a busy 2-core machine.
}, 180_000);

test('a backtest reads a file straight, with no database, and prints one JSON object', async () => {
  const rows = generateDemoIncidents({
    days: 430,
    seed: 4,
    end: { year: 2026, month: 6, day: 1 },
    timeZone: 'America/Chicago',
  });
  const csv =
    'external_id,occurred_at,category,raw_type,lat,lon,origin\n' +
    rows
      .map(
        (r) =>
          `${r.externalId},${r.occurredAt.toISOString()},${r.category},${r.rawType},${r.lat},${r.lon},${r.origin}`,
      )
      .join('\n');
  const file = join(dir, 'city.csv');
  writeFileSync(file, csv);
  const result = await runCli(
    ['backtest', '--data', file, '--from', '2026-05-20', '--to', '2026-05-26', '--refit', '7', '--json'],
    { ...env, PATROLCAST_DATA_DIR: join(dir, 'never-created') },
  );
  expect(result.stderr).toBe('');
  const out = JSON.parse(result.stdout);
  expect(Object.keys(out.models)).toEqual(['forest', 'naive', 'ewma', 'kde', 'prospective']);
  expect(out.fairness.forest).toMatchObject({ coverage: 5, windows: 7, districts: expect.any(Array) });
  for (const m of Object.values(out.models) as Record<string, Record<string, number>>[]) {
    expect(Object.keys(m)).toEqual(['hr', 'pai', 'pei', 'precision', 'recall']);
    expect(Object.keys(m.hr!)).toEqual(['1', '2', '5', '10']);
  }
  expect(out.days).toBe(7);
  expect(out.incidents).toBeGreaterThan(300);
  expect(out.byCategory.burglary.forest.hr['5']).toBeGreaterThan(0);
  // Every method against the best baseline, with a paired interval over days that holds its ratio.
  const best = ['naive', 'ewma', 'kde', 'prospective'].sort(
    (a, b) => out.models[b].hr['5'] - out.models[a].hr['5'],
  )[0];
  expect(out.intervals.forest.against).toBe(best);
  const { ratio, low, high } = out.intervals.forest;
  expect(low).toBeLessThanOrEqual(ratio);
  expect(high).toBeGreaterThanOrEqual(ratio);
  // Calibration: deciles of expected counts, each cell-day in one, and a deviance per method.
  const calibration = out.calibration.forest;
  expect(calibration.deciles.at(-1).decile).toBe(10);
  const perCell = calibration.deciles.map(
    (d: { predicted: number; cellWindows: number }) => d.predicted / d.cellWindows,
  );
  expect(perCell).toEqual([...perCell].sort((a, b) => a - b));
  expect(calibration.deviance).toBeGreaterThan(0);
  expect(Object.keys(out.seconds)).toEqual(['forest', 'naive', 'ewma', 'kde', 'prospective']);

  const text = await runCli(
    ['backtest', '--data', file, '--from', '2026-05-20', '--to', '2026-05-26', '--algorithm', 'ewma'],
    { ...env, PATROLCAST_DATA_DIR: join(dir, 'never-created') },
  );
  expect(text.stdout).toMatch(/\nat 5% +ratio to the best baseline \(95% interval over days\)\n/);
  expect(text.stdout).toMatch(/\n {2}ewma +\d\.\d{3} × \w+ \(\d\.\d{3}–\d\.\d{3}\)\n/);
  expect(text.stdout).toMatch(
    /\n {2}ewma +d8 \d\.\d\d {2}d9 \d\.\d\d {2}d10 \d\.\d\d {3}deviance \d\.\d{4}\n/,
  );

  // Days the wrong way round, or with no incident, are said so, not scored as a page of zeros.
  const ask = (from: string, to: string) =>
    runCli(['backtest', '--data', file, '--from', from, '--to', to], {
      ...env,
      PATROLCAST_DATA_DIR: join(dir, 'never-created'),
    });
  const backwards = await ask('2026-05-26', '2026-05-20');
  expect([backwards.code, backwards.stdout, backwards.stderr]).toEqual([
    1,
    '',
    'patrolcast: --to 2026-05-20 is before --from 2026-05-26: give the first day first\n',
  ]);
  const empty = await ask('2027-01-01', '2027-01-07');
  expect(empty.code).toBe(1);
  expect(empty.stderr).toMatch(
    /^patrolcast: no incident is stored from 2027-01-01 to 2027-01-07; the data run from 2025-0\d-\d\d to 2026-0[56]-\d\d\n$/,
  );
});
