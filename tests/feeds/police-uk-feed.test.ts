// A police.uk feed, through the real command against a loopback API: the newest months the first
// time, then each month as it is published; crimes by neighbourhood boundary, an area too full for
// one answer split into quarters with no crime lost or counted twice; the neighbourhood is the district.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { type Crime, PoliceUkServer } from '../helpers/police-uk-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'patrolcast-policeuk-'));
const env = { PATROLCAST_DATA_DIR: join(dir, 'db'), LOG_LEVEL: 'warn', PATROLCAST_TZ: 'Europe/London' };
const api = new PoliceUkServer();

const CATEGORIES = [
  'anti-social-behaviour',
  'burglary',
  'violent-crime',
  'vehicle-crime',
  'shoplifting',
  'criminal-damage-arson',
];
const STREETS = ['On or near Banham Drive', 'On or near High Street', 'On or near Station Road'];

/** A month of made-up crimes: n of them spread over both neighbourhoods, on a fixed pattern. */
function month(m: string, n: number, first: number): Crime[] {
  return Array.from({ length: n }, (_, i) => {
    const id = first + i;
    const category = CATEGORIES[i % CATEGORIES.length]!;
    return {
      id,
      // Anti-social behaviour carries no persistent id, as on police.uk.
      persistent_id:
        category === 'anti-social-behaviour' ? '' : `${id.toString(16).padStart(8, '0')}${'ab'.repeat(28)}`,
      category,
      month: m,
      location: {
        latitude: (51.71 + ((i * 37) % 97) / 500).toFixed(6),
        longitude: (0.41 + ((i * 53) % 89) / 300).toFixed(6),
        street: { id: 1000 + (i % 3), name: STREETS[i % 3]! },
      },
    };
  });
}

beforeAll(async () => {
  api.months = ['2026-07', '2026-08', '2026-09'];
  // Two neighbourhoods sharing an edge at longitude 0.56; the west one is not a rectangle.
  api.neighbourhoods = [
    {
      id: 'CC1',
      name: 'Chelmsford Central',
      boundary: [
        [51.7, 0.4],
        [51.92, 0.4],
        [51.92, 0.56],
        [51.7, 0.56],
        [51.69, 0.48],
      ],
    },
    {
      id: 'CS2',
      name: 'Springfield',
      boundary: [
        [51.7, 0.56],
        [51.92, 0.56],
        [51.92, 0.72],
        [51.7, 0.72],
      ],
    },
  ];
  api.crimes = [...month('2026-07', 90, 1), ...month('2026-08', 90, 1001), ...month('2026-09', 90, 2001)];
  // Fewer than either neighbourhood holds in a month: every area is asked for in quarters.
  api.limit = 30;
  await api.start();
});
afterAll(async () => {
  await api.stop();
  rmSync(dir, { recursive: true, force: true });
});

const run = async (name: string) => {
  const r = await runCli(['feeds', 'run', name, '--json'], env);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Record<string, number | string>;
};

test('a police.uk force is read a month at a time by neighbourhood, each crime once, the neighbourhood its district', async () => {
  const added = await runCli(
    ['feeds', 'add', 'essex', '--police-uk', 'Essex', '--api', api.base, '--months', '2'],
    env,
  );
  expect(added.stderr).toBe('');
  api.refuse = 1;
  const first = await run('essex');
  // The newest two months: every crime of both, none twice though the quarters overlap the boundaries.
  expect(first).toMatchObject({ received: 180, added: 180, rejected: 0, highWater: '2026-09' });
  expect(api.asked.filter((a) => a.status === 503).length).toBeGreaterThanOrEqual(4);
  expect(api.asked.filter((a) => a.status === 429)).toHaveLength(1);
  expect(api.asked.some((a) => a.path.endsWith('all-crime') && a.crimes > 30)).toBe(false);

  // Nothing newer published: nothing read.
  expect(await run('essex')).toMatchObject({ received: 0, added: 0 });
  api.months.push('2026-10');
  api.crimes.push(...month('2026-10', 40, 3001));
  expect(await run('essex')).toMatchObject({ received: 40, added: 40, highWater: '2026-10' });

  // The neighbourhoods are the districts units are set for.
  const units = await runCli(['units', 'set', 'Springfield', '2'], env);
  expect(units.stderr).toBe('');
  const typo = await runCli(['units', 'set', 'Chelmsford Centrel', '2'], env);
  expect(typo.stderr).toContain('Chelmsford Central');
}, 120_000);

test('a force police.uk does not know is a clear error, and stores nothing', async () => {
  await runCli(['feeds', 'add', 'nowhere', '--police-uk', 'nowhere-shire', '--api', api.base], env);
  const r = await runCli(['feeds', 'run', 'nowhere'], env);
  expect([r.code, r.stderr]).toEqual([
    1,
    'patrolcast: police.uk has no force "nowhere-shire" (its ids are like essex, metropolitan)\n',
  ]);
  const bad = await runCli(['feeds', 'add', 'x', '--police-uk', 'Essex Police!'], env);
  expect(bad.stderr).toBe(
    'patrolcast: "Essex Police!" is not a police.uk force id (e.g. essex, metropolitan)\n',
  );
}, 60_000);
