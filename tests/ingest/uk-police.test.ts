// The UK's street-level crime files, as published per force and month: no time of day, a snapped
// location, and anti-social behaviour with no crime id. Made up here in their shape.
import { expect, test } from 'vitest';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { count, importPath, tempFile } from '../helpers/import.ts';

const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
const row = (id: string, type: string, lon = -1.1581, lat = 52.9536) =>
  `${id},2024-01,Nottinghamshire Police,Nottinghamshire Police,${lon},${lat},On or near Market Street,E01033406,Nottingham 039F,${type},,`;

function streetFile(): string {
  const lines = [HEADER];
  for (let i = 0; i < 30; i++)
    lines.push(row(`v${i.toString(16).padStart(8, '0')}`, 'Violence and sexual offences'));
  for (let i = 0; i < 5; i++) lines.push(row(`c${i}`, 'Criminal damage and arson'));
  for (let i = 0; i < 4; i++) lines.push(row(`m${i}`, 'Vehicle crime'));
  // Anti-social behaviour: no crime id, the same month, the same snapped point, twelve times over.
  for (let i = 0; i < 12; i++) lines.push(row('', 'Anti-social behaviour'));
  return `${lines.join('\n')}\n`;
}

describeEachDatabase('the UK street-level files', (kind) => {
  test('import with the profile alone, filed by what each type mainly is, every ASB report kept', async () => {
    const database = await freshDatabase(kind);
    const file = tempFile('2024-01-nottinghamshire-street.csv', streetFile());
    const result = await importPath(database, file, { profile: 'uk-police' });
    expect(result).toMatchObject({
      received: 51,
      accepted: 51,
      rejected: 0,
      duplicates: 0,
      timeZone: 'Europe/London',
    });
    expect(result.categories).toEqual({ assault: 30, disorder: 12, vandalism: 5, vehicle_theft: 4 });
    expect(result.dateRange).toEqual({ from: '2024-01-01', to: '2024-01-01' });
    expect(result.warnings).toContain(
      'no incident has a time of day (they are dated to the month): shift forecasts cannot be made from this file',
    );
    expect(await count(database, "time_precision = 'month'")).toBe(51);
    // The same file again: nothing new, the twelve reports without an id included.
    expect(await importPath(database, file, { profile: 'uk-police' })).toMatchObject({
      accepted: 0,
      duplicates: 51,
    });
  });
});
