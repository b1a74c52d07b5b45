// An export from a German police force, as a spreadsheet saves it: a byte-order mark, semicolons,
// decimal commas, dates with dots, the time of day in a column of its own, and German column and
// offence names, compounds among them (Wohnungseinbruchdiebstahl is a burglary, not a theft).
import { expect, test } from 'vitest';
import { classify } from '../../src/ingest/category-rules.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { count, importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const OFFENCES = [
  'Wohnungseinbruchdiebstahl',
  'Diebstahl aus Kfz',
  'Gefährliche Körperverletzung',
  'Straßenraub',
];

function exportFile(): string {
  const lines = ['Vorgangsnummer;Tatdatum;Tatzeit;Delikt;Straße;Stadtteil;Breitengrad;Längengrad'];
  for (let i = 0; i < 40; i++) {
    const date = `${String(1 + (i % 28)).padStart(2, '0')}.0${1 + (i % 9)}.2025`;
    const time = `${String((i * 5) % 24).padStart(2, '0')}:${String((i * 11) % 60).padStart(2, '0')}`;
    const lat = (50.11 + (i % 9) * 0.004).toFixed(5).replace('.', ',');
    const lon = (8.68 + (i % 7) * 0.005).toFixed(5).replace('.', ',');
    lines.push(`2025/${i};${date};${time};${OFFENCES[i % 4]};Bahnhofstraße;Sachsenhausen;${lat};${lon}`);
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

test('a German export is read with no flag: its ids, days and times, offences, streets and districts', async () => {
  const database = await freshDatabase('pglite');
  // As the command line reads a file where the agency set no zone: in the zone of its incidents' place.
  const read = await importPath(
    database,
    tempFile('polizei-export.csv', exportFile()),
    {},
    { inferTimeZone: true },
  );
  expect(read).toMatchObject({ accepted: 40, rejected: 0, timeZone: 'Europe/Berlin' });
  expect(read.categories).toEqual({ burglary: 10, theft: 10, assault: 10, robbery: 10 });
  expect(await count(database, "time_precision = 'minute'")).toBe(40);
  const [first] = await rowsOf<{ external_id: string; occurred_at: Date; block: string; district: string }>(
    database,
    "select external_id, occurred_at, block, district from incidents where external_id = '2025/1'",
  );
  // 02.02.2025 05:11 in Frankfurt is 04:11 UTC.
  expect(first).toEqual({
    external_id: '2025/1',
    occurred_at: new Date('2025-02-02T04:11:00Z'),
    block: 'Bahnhofstraße',
    district: 'Sachsenhausen',
  });
});

test('German offence names are filed by the offence their compound names first', () => {
  expect(classify('Wohnungseinbruchdiebstahl')).toBe('burglary');
  expect(classify('Kfz-Diebstahl')).toBe('vehicle_theft');
  expect(classify('Diebstahl von Kraftfahrzeugen')).toBe('vehicle_theft');
  expect(classify('Diebstahl aus Kfz')).toBe('theft');
  expect(classify('Ladendiebstahl')).toBe('theft');
  expect(classify('Straßenraub')).toBe('robbery');
  expect(classify('Gefährliche und schwere Körperverletzung')).toBe('assault');
  expect(classify('Sachbeschädigung an Kfz')).toBe('vandalism');
  expect(classify('Mord')).toBe('homicide');
  expect(classify('Betrug')).toBe('fraud');
  expect(classify('Brandstiftung')).toBe('arson');
  expect(classify('Verstoß gegen das Betäubungsmittelgesetz')).toBe('drugs');
  expect(classify('Hausfriedensbruch')).toBe('disorder');
});
