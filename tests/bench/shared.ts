// What the benchmarks share: the public data files and the settings they run with.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tableFromFile } from '../../src/forecast/table-from-file.ts';
import { parseShifts } from '../../src/forecast/windows.ts';

export function sharedData(): string {
  let dir = resolve(import.meta.dirname, '../..');
  for (;;) {
    const candidate = join(dirname(dir), 'shared', 'data');
    if (existsSync(join(candidate, 'README.md'))) return candidate;
    if (dirname(dir) === dir) throw new Error('cannot find ../shared/data');
    dir = dirname(dir);
  }
}

export const CHICAGO = () =>
  join(sharedData(), 'chicago-aggravated-assaults-2010-2019/chicago_aggravated_assaults.csv.gz');
export const HOUSTON = () => join(sharedData(), 'houston-hpd-2010/incidents.csv.gz');

export const SETTINGS = {
  timeZone: 'America/Chicago',
  shifts: parseShifts('06:00-14:00,14:00-22:00,22:00-06:00'),
};

export async function loadTable(path: string, profile: string) {
  const { table, districts } = await tableFromFile(
    { path, profile, origins: ['reported', 'unknown'], excludedCategories: ['drugs', 'traffic'] },
    { timeZone: SETTINGS.timeZone, h3Resolution: 9, limits: { maxExpandedBytes: 4 * 1024 ** 3 } },
  );
  return { table, districts };
}

export const line = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
