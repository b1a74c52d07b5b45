// An export from a French-speaking agency, as a spreadsheet saves it: Windows-1252 text, semicolons,
// decimal commas, French column and offence names, and the time of day in a column of its own.
import { expect, test } from 'vitest';
import { deleteBatch } from '../../src/ingest/batches.ts';
import { authorised, bodyOf, testApi } from '../helpers/api.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { count, importPath, tempFile } from '../helpers/import.ts';

const OFFENCES = [
  'Introduction par effraction',
  'Vol de véhicule à moteur',
  "Vol à l'étalage",
  'Méfait',
  'Voies de fait',
  'Vols qualifiés',
];

function exportFile(): Buffer {
  const lines = ["N° dossier;Date de l'événement;Heure;Catégorie;Adresse;Latitude;Longitude"];
  for (let i = 0; i < 120; i++) {
    const date = `${String(1 + (i % 28)).padStart(2, '0')}/0${1 + (i % 9)}/2025`;
    const time = `${String((i * 7) % 24).padStart(2, '0')}:${String((i * 13) % 60).padStart(2, '0')}`;
    const lat = (45.5 + (i % 10) * 0.003).toFixed(5).replace('.', ',');
    const lon = (-73.58 + (i % 7) * 0.004).toFixed(5).replace('.', ',');
    lines.push(
      `2025-${i};${date};${time};${OFFENCES[i % OFFENCES.length]};${i}00 rue Saint-Denis;${lat};${lon}`,
    );
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1');
}

test('French offence names are filed, and the unread time column is named with the --map that reads it', async () => {
  const database = await freshDatabase('pglite');
  const file = tempFile('export-montreal.csv', exportFile());
  const maps = ["date_de_l'événement=occurred_at", 'catégorie=raw_type'];
  const first = await importPath(database, file, { maps });
  expect(first.accepted).toBe(120);
  expect(first.categories).toEqual({
    burglary: 20,
    vehicle_theft: 20,
    theft: 20,
    vandalism: 20,
    assault: 20,
    robbery: 20,
  });
  expect(first.warnings).toContainEqual(
    expect.stringContaining(
      `no incident has a time of day (they are dated to the day): shift forecasts cannot be made from this file; its column 'heure' holds times of day: --map "heure=time" reads them`,
    ),
  );
  // Its own ids are in "N° dossier": the summary names the column before ids are made up for good.
  expect(first.warnings).toContainEqual(
    expect.stringContaining(
      `the column 'n°_dossier' looks like the source's ids: --map "n°_dossier=external_id" reads them`,
    ),
  );
  // Imported again as it was: nothing new. Read again with the time before the first import is undone,
  // each row would get another id and every incident would be stored twice: refused, nothing stored.
  const same = await importPath(database, file, { maps });
  expect(same).toMatchObject({ accepted: 0, duplicates: 120 });
  const withTime = [...maps, 'heure=time', 'n°_dossier=external_id'];
  await expect(importPath(database, file, { maps: withTime })).rejects.toThrow(
    `this file was imported before (batch ${first.batchId}, 2026-`,
  );
  await expect(importPath(database, file, { maps: withTime })).rejects.toThrow(
    `120 of its 120 rows would be stored a second time: undo that import first (patrolcast batches delete ${first.batchId}), then import again; nothing was stored`,
  );
  // Nor under another source's name.
  await expect(importPath(database, file, { maps, source: 'spvm-2' })).rejects.toThrow(
    "120 incidents stored under the source 'import'",
  );
  expect(await count(database)).toBe(120);
  // Undone and read again with the time: each incident once, to the minute.
  await deleteBatch(database, first.batchId!);
  const again = await importPath(database, file, { maps: withTime });
  expect(again.accepted).toBe(120);
  expect(again.warnings.join('\n')).not.toMatch(/time of day|external_id/);
  expect(await count(database)).toBe(120);
  expect(await count(database, "time_precision = 'minute'")).toBe(120);
  // Places are named by the Adresse column, no finer than the hundred block.
  expect(await count(database, "block = '1100 block of Rue Saint-Denis'")).toBe(1);
});

test('over the API the same advice names query parameters, not the command line’s flags', async () => {
  const database = await freshDatabase('pglite');
  const api = testApi(database);
  const post = (query: string, body: Buffer) =>
    api.request(`/v1/incidents?${query}`, {
      method: 'POST',
      body,
      headers: authorised({ 'content-type': 'text/csv' }),
    });
  // The command line's own summary says it with its flags (a dry run: nothing stored).
  expect(
    (
      await importPath(database, tempFile('again.csv', exportFile()), {
        maps: ["date_de_l'événement=occurred_at", 'catégorie=raw_type'],
        source: 'spvm',
        dryRun: true,
      })
    ).warnings,
  ).toContainEqual(expect.stringContaining('--map "heure=time" reads them'));
  // Neither the date nor the offence is found without a map: refused whole, with the parameters to add.
  const refused = await post('source=spvm', exportFile());
  expect(refused.status).toBe(400);
  const error = ((await bodyOf(refused)) as { error: string }).error;
  expect(error).toContain("map=date_de_l'%C3%A9v%C3%A9nement=occurred_at");
  expect(error).not.toContain('--');
  const imported = await post(
    `source=spvm&map=${encodeURIComponent("date_de_l'événement=occurred_at")}&map=${encodeURIComponent('catégorie=raw_type')}`,
    exportFile(),
  );
  expect(imported.status).toBe(200);
  const { accepted, warnings, batchId } = (await bodyOf(imported)) as {
    accepted: number;
    warnings: string[];
    batchId: string;
  };
  expect(accepted).toBe(120);
  expect(warnings).toContainEqual(
    expect.stringContaining("its column 'heure' holds times of day: map=heure=time reads them"),
  );
  expect(warnings).toContainEqual(
    expect.stringContaining(
      "the column 'n°_dossier' looks like the source's ids: map=n%C2%B0_dossier=external_id reads them",
    ),
  );
  expect(warnings.join('\n')).not.toContain('--');
  // A timed file whose zone is found from its place says which parameter would name it.
  const zoneless = testApi(database, {
    importSettings: {
      timeZone: 'UTC',
      inferTimeZone: true,
      h3Resolution: 9,
      limits: { maxExpandedBytes: 1024 * 1024 },
    },
  });
  const timed = await zoneless.request('/v1/incidents?source=mtl-timed', {
    method: 'POST',
    body: 'id,occurred_at,offense,lat,lon\nm1,2026-03-14 22:15,vol,45.5150,-73.5600\n',
    headers: authorised({ 'content-type': 'text/csv' }),
  });
  expect(((await bodyOf(timed)) as { warnings: string[] }).warnings).toContainEqual(
    'times read in America/Toronto, the time zone where the incidents are (no tz parameter, and PATROLCAST_TZ is not set); shifts and briefings follow it too (PATROLCAST_TZ=America/Toronto sets it for good)',
  );
  // Read again with its times before that import is undone: refused, with the call that undoes it.
  const withTime = `source=spvm&map=${encodeURIComponent("date_de_l'événement=occurred_at")}&map=${encodeURIComponent('catégorie=raw_type')}&map=heure%3Dtime`;
  const twice = await post(withTime, exportFile());
  expect(twice.status).toBe(400);
  expect(((await bodyOf(twice)) as { error: string }).error).toContain(
    `120 of its 120 rows would be stored a second time: undo that import first (DELETE /v1/ingest/batches/${batchId}), then import again`,
  );
  const undone = await api.request(`/v1/ingest/batches/${batchId}`, {
    method: 'DELETE',
    headers: authorised(),
  });
  expect(undone.status).toBe(200);
  expect(await bodyOf(undone)).toEqual({ batch: batchId, source: 'spvm', removed: 120 });
  const again = await post(withTime, exportFile());
  expect(again.status).toBe(200);
  expect(await bodyOf(again)).toMatchObject({ accepted: 120, duplicates: 0 });
  const gone = await api.request(`/v1/ingest/batches/${batchId}`, {
    method: 'DELETE',
    headers: authorised(),
  });
  expect(gone.status).toBe(400);
  expect(((await bodyOf(gone)) as { error: string }).error).toBe(`batch ${batchId} was deleted already`);
});
