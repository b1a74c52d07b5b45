// R writes a value it does not have as NA, pandas as NaN, a database as NULL: a row whose place is
// missing so is refused for having no coordinates, not for coordinates that are not numbers.
import { expect, test } from 'vitest';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';

const EXPORT = [
  'fecha_hecho,hora_hecho,delito,alcaldia_hecho,latitud,longitud',
  '2023-01-01,23:40:00,ROBO A TRANSEUNTE EN VIA PUBLICA CON VIOLENCIA,CUAUHTEMOC,19.43260,-99.13320',
  '2023-01-04,03:30:00,DAÑO EN PROPIEDAD AJENA INTENCIONAL,BENITO JUAREZ,NA,NA',
  '2023-01-04,04:30:00,DAÑO EN PROPIEDAD AJENA INTENCIONAL,BENITO JUAREZ,NULL,NULL',
  '2023-01-04,05:30:00,FRAUDE,BENITO JUAREZ,NaN,NaN',
  '2023-01-04,06:30:00,FRAUDE,BENITO JUAREZ,N/A,n/a',
  '2023-01-04,07:30:00,FRAUDE,BENITO JUAREZ,norte,oeste',
].join('\n');

describeEachDatabase('a place the export does not have', (kind) => {
  test('written as NA, NULL, NaN or N/A is no coordinates; words in their place are not numbers', async () => {
    const database = await freshDatabase(kind);
    const r = await importPath(database, tempFile('carpetas.csv', EXPORT), {
      timeZone: 'America/Mexico_City',
    });
    expect(r).toMatchObject({ accepted: 1, rejected: 5 });
    expect(r.errors.map((e) => [e.line, e.reason])).toEqual([
      [3, 'no coordinates'],
      [4, 'no coordinates'],
      [5, 'no coordinates'],
      [6, 'no coordinates'],
      [7, 'coordinates are not numbers'],
    ]);
  });
});
