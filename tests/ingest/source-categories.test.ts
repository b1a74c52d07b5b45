// A source's own offence codes, filed by the analyst once and remembered for every later import; and
// the summary that shows what each offence name became.
import { expect, test } from 'vitest';
import { hash128 } from '../../src/ingest/fast-hash.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';

const rows = (ids: string[], type: string) =>
  ids.map((id) => `${id},2026-05-01 10:00,${type},41.88,-87.63`).join('\n');

describeEachDatabase('offence names', (kind) => {
  test('the summary shows what each offence name became, most frequent first', async () => {
    const database = await freshDatabase(kind);
    const file = tempFile(
      'names.csv',
      `id,date,offense,lat,lon\n${rows(['a1', 'a2', 'a3'], 'Theft from Vehicle')}\n${rows(['b1', 'b2'], 'Break and Enter Commercial')}\n${rows(['c1'], '1420-HC')}\n`,
    );
    const result = await importPath(database, file, { source: 'names' });
    expect(result.types).toEqual([
      { rawType: 'Theft from Vehicle', category: 'theft', count: 3 },
      { rawType: 'Break and Enter Commercial', category: 'burglary', count: 2 },
      { rawType: '1420-HC', category: 'other', count: 1 },
    ]);
    expect(result.categories).toEqual({ theft: 3, burglary: 2, other: 1 });
  });

  test('--categories files local codes, and later imports from the source use them without it', async () => {
    const database = await freshDatabase(kind);
    const codes = tempFile('codes.csv', 'offence,category\n1420-HC,vandalism\n0860 - THEFT ARTICLE,theft\n');
    const first = tempFile('first.csv', `id,date,offense,lat,lon\n${rows(['x1', 'x2'], '1420-HC')}\n`);
    const filed = await importPath(database, first, { source: 'rms', categoriesFile: codes });
    expect(filed.types).toEqual([{ rawType: '1420-HC', category: 'vandalism', count: 2 }]);

    const later = tempFile('later.csv', `id,date,offense,lat,lon\n${rows(['y1'], '1420-hc ')}\n`);
    const again = await importPath(database, later, { source: 'rms' });
    expect(again.types).toEqual([{ rawType: '1420-hc', category: 'vandalism', count: 1 }]);
    // Another source has its own codes.
    const elsewhere = tempFile('elsewhere.csv', `id,date,offense,lat,lon\n${rows(['e1'], '1420-hc ')}\n`);
    const other = await importPath(database, elsewhere, { source: 'elsewhere' });
    expect(other.types).toEqual([{ rawType: '1420-hc', category: 'other', count: 1 }]);
  });

  test('a category named later does not make the rows of an export with no ids new', async () => {
    const database = await freshDatabase(kind);
    const idless = (days: number[]) =>
      `date,offense,lat,lon\n${days.map((d) => `2026-05-0${d} 10:00,Zorg,41.8${d},-87.63`).join('\n')}\n`;
    const first = await importPath(database, tempFile('april.csv', idless([1, 2, 3])), { source: 'rms' });
    expect(first).toMatchObject({ accepted: 3, categories: { other: 3 } });
    // The next export overlaps the first by two days; the analyst now names the offence.
    const codes = tempFile('codes.csv', 'offence,category\nZorg,theft\n');
    const next = await importPath(database, tempFile('may.csv', idless([2, 3, 4])), {
      source: 'rms',
      categoriesFile: codes,
    });
    // The two days already stored are the same incidents, not new ones; the new day is a theft.
    expect(next).toMatchObject({ accepted: 1, duplicates: 2 });
    expect(
      await database.query(
        'select category, count(*)::int as n from incidents group by category order by category',
      ),
    ).toEqual([
      { category: 'other', n: 3 },
      { category: 'theft', n: 1 },
    ]);
  });

  test('a source that held made-up ids before they left the category out keeps making them so', async () => {
    const database = await freshDatabase(kind);
    await database.query("insert into category_in_made_up_ids (source) values ('older')");
    const file = tempFile('older.csv', 'date,offense,lat,lon\n2026-05-01 10:00,Zorg,41.88,-87.63\n');
    await importPath(database, file, { source: 'older' });
    // As such ids were made: the category among the hashed fields, so those stored still match.
    const canonical = ['older', '2026-05-01T10:00', 'minute', '41.880000', '-87.630000', 'other', 'Zorg'];
    expect(await database.query('select external_id from incidents')).toEqual([
      { external_id: `h:${hash128(canonical.join('\u001f'))}` },
    ]);
  });

  test('a categories file with a wrong category is refused whole: nothing imported, nothing remembered', async () => {
    const database = await freshDatabase(kind);
    const bad = tempFile('bad-codes.csv', '1420-HC,vandalism\n0860,pickpocketing\n');
    const file = tempFile('some.csv', `id,date,offense,lat,lon\n${rows(['z1'], '1420-HC')}\n`);
    await expect(importPath(database, file, { source: 'rms', categoriesFile: bad })).rejects.toThrow(
      /--categories: line 2: 'pickpocketing' is not a category/,
    );
    expect(await database.query('select 1 from incidents')).toEqual([]);
    expect(await database.query('select 1 from source_categories')).toEqual([]);
  });
});
