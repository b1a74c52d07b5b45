// What reaches an import in place of an export: a portal's error page saved as the download, a report
// printed to PDF, an XML document. Each is refused by what it is, stores nothing and records no batch,
// from the command line and over the API.
import { expect, test } from 'vitest';
import { authorised, bodyOf, testApi } from '../helpers/api.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { count, importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const ERROR_PAGE = `\ufeff
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in
  | City Open Data</title></head>
<body><form action="/login"><input name="user"></form></body></html>
`;
const PDF = '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n';
const XML =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Incidents><Incident id="1"><Date>2024-01-05</Date></Incident></Incidents>\n';

describeEachDatabase('a file that is no export', (kind) => {
  test('is refused by what it is, and nothing is stored', async () => {
    const database = await freshDatabase(kind);
    await expect(importPath(database, tempFile('crimes.csv', ERROR_PAGE))).rejects.toThrow(
      'a web page ("Sign in | City Open Data"), not an export: the download may have failed or asked for a sign-in; download the export again, and import that',
    );
    await expect(importPath(database, tempFile('january.csv', PDF))).rejects.toThrow(
      /^a PDF document, which is not read: export the incidents from the records system as CSV or Excel/,
    );
    await expect(importPath(database, tempFile('incidents.xml', XML))).rejects.toThrow(
      /^an XML document, which is not read/,
    );

    const response = await testApi(database).request('/v1/incidents?source=portal', {
      method: 'POST',
      body: ERROR_PAGE,
      headers: authorised({ 'content-type': 'text/csv' }),
    });
    expect(response.status).toBe(400);
    expect(await bodyOf(response)).toEqual({
      error:
        'a web page ("Sign in | City Open Data"), not an export: the download may have failed or asked for a sign-in; download the export again, and import that',
    });

    expect(await count(database)).toBe(0);
    expect(await rowsOf(database, 'select count(*)::int as n from ingest_batches')).toEqual([{ n: 0 }]);
  });
});
