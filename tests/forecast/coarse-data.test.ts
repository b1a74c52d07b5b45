// Data dated only to the month (the UK's street-level files, made up here in their shape): forecasts
// and scores come in months, and anything finer is refused with the reason.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { createRandom } from '../../src/random.ts';
import { runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'patrolcast-coarse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = {
  PATROLCAST_DATA_DIR: join(dir, 'db'),
  PATROLCAST_TZ: 'Europe/London',
  PATROLCAST_TRAIN_DAYS: '800',
  LOG_LEVEL: 'warn',
};

const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

/** Two years of a force's months: 40 places, some busier than others, a few hundred crimes a month. */
function streetFile(): { file: string; perMonth: Map<string, number> } {
  const random = createRandom(21);
  const places = Array.from({ length: 40 }, (_, i) => ({
    lat: 52.93 + random.next() * 0.05,
    lon: -1.19 + random.next() * 0.07,
    rate: 1 + 12 * (i % 7 === 0 ? 1 : random.next() * 0.3),
  }));
  const lines = [HEADER];
  const perMonth = new Map<string, number>();
  let id = 0;
  for (let m = 0; m < 24; m++) {
    const month = `${2024 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
    for (const p of places) {
      for (let k = random.poisson(p.rate); k > 0; k--) {
        lines.push(
          `c${(id++).toString(16).padStart(10, '0')},${month},Nottinghamshire Police,Nottinghamshire Police,${p.lon.toFixed(6)},${p.lat.toFixed(6)},On or near High Street,E01033406,Nottingham 039F,Burglary,,`,
        );
        perMonth.set(month, (perMonth.get(month) ?? 0) + 1);
      }
    }
  }
  const file = join(dir, 'street.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, perMonth };
}

test('month-dated data: days are refused with the reason, months are scored, trained and forecast', async () => {
  const { file, perMonth } = streetFile();
  const data = ['--data', file, '--profile', 'uk-police'];
  const days = await runCli(['backtest', ...data, '--from', '2025-07-01', '--to', '2025-07-07'], env);
  expect([days.code, days.stderr]).toEqual([
    1,
    'patrolcast: these incidents are dated only to the month: day windows would be finer than the data; use --window month\n',
  ]);

  const months = await runCli(
    ['backtest', ...data, '--window', 'month', '--from', '2025-10-01', '--to', '2025-12-31', '--json'],
    env,
  );
  expect(months.stderr).toBe('');
  const scored = JSON.parse(months.stdout);
  // Three months, and exactly their incidents: none of another month counted in them.
  expect(scored.windows).toBe(3);
  expect(scored.incidents).toBe(
    perMonth.get('2025-10')! + perMonth.get('2025-11')! + perMonth.get('2025-12')!,
  );

  expect((await runCli(['import', file, '--profile', 'uk-police'], env)).code).toBe(0);
  const trained = await runCli(['train', '--json'], env);
  expect(trained.stderr).toBe('');
  const outcome = JSON.parse(trained.stdout);
  // Month windows without being asked, held out on the data's last three months.
  expect(outcome.holdout).toMatchObject({ from: '2025-10-01', to: '2025-12-31', windows: 3 });
  expect(outcome.promoted).toBe(true);
  const refused = await runCli(['train', '--window', 'shift'], env);
  expect(refused.stderr).toBe(
    'patrolcast: these incidents are dated only to the month: shift windows would be finer than the data; use --window month\n',
  );

  // Asked about a day, the answer is for its month, and says so.
  const hotspots = await runCli(['hotspots', '--at', '2025-11-14', '--top', '3', '--json'], env);
  expect(JSON.parse(hotspots.stdout)).toMatchObject({
    window: {
      label: 'November 2025',
      kind: 'month',
      note: 'The whole month: these records are dated only to the month.',
    },
    stale: false,
    hotspots: [{ rank: 1 }, { rank: 2 }, { rank: 3 }],
  });
}, 180_000);
