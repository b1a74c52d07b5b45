// An export in the format Japan's prefectural police publish their open data in (犯罪発生情報): Shift_JIS,
// CRLF, Japanese column names with full-width brackets, dates year first with slashes, the hour alone
// or 不明 (unknown), the method (手口) beside the offence (罪名), the town block (町丁目) as the only
// name of a place, and the victim's age and occupation, which must never be stored. Japan's files
// rarely carry points; this one has 緯度 and 経度, and one without them is refused in readable words.
import { latLngToCell } from 'h3-js';
import { expect, test } from 'vitest';
import { placeNames } from '../../src/geo/place-names.ts';
import { DATABASE_KINDS, freshDatabase } from '../helpers/databases.ts';
import { count, importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const COLUMNS = [
  '罪名',
  '手口',
  '管轄警察署（発生地）',
  '管轄交番・駐在所（発生地）',
  '市区町村コード（発生地）',
  '都道府県（発生地）',
  '市区町村（発生地）',
  '町丁目（発生地）',
  '発生年月日（始期）',
  '発生時（始期）',
  '発生場所',
  '発生場所の詳細',
  '被害者の年齢',
  '被害者の職業',
  '施錠関係',
  '現金被害の有無',
];

/** Three town blocks of Tokyo, each in its own police station's area. */
const PLACES = [
  {
    station: '新宿',
    koban: '歌舞伎町交番',
    code: '131041',
    ward: '新宿区',
    block: '歌舞伎町１丁目',
    lat: 35.6946,
    lon: 139.703,
  },
  {
    station: '渋谷',
    koban: '宇田川町交番',
    code: '131130',
    ward: '渋谷区',
    block: '宇田川町',
    lat: 35.6614,
    lon: 139.6983,
  },
  {
    station: '池袋',
    koban: '池袋駅西口交番',
    code: '131164',
    ward: '豊島区',
    block: '西池袋１丁目',
    lat: 35.7306,
    lon: 139.7087,
  },
] as const;

const METHODS = [
  ['窃盗', '自転車盗'],
  ['窃盗', '車上ねらい'],
  ['窃盗', 'ひったくり'],
  ['窃盗', 'オートバイ盗'],
  ['窃盗', '空き巣'],
  ['強盗', '強盗'],
] as const;

function exportFile(points: boolean): Buffer {
  const lines = [[...COLUMNS, ...(points ? ['緯度', '経度'] : [])].join(',')];
  for (let i = 0; i < 36; i++) {
    const place = PLACES[i % 3]!;
    const [offence, method] = METHODS[i % 6]!;
    const day = String(1 + (i % 28)).padStart(2, '0');
    // Every fourth gives no hour: 不明.
    const hour = i % 4 === 0 ? '不明' : String((i * 7) % 24);
    const cells = [
      offence,
      method,
      place.station,
      place.koban,
      place.code,
      '東京都',
      place.ward,
      place.block,
      `2023/03/${day}`,
      hour,
      i % 2 === 0 ? '駐輪場' : '道路上',
      'その他',
      '20歳代',
      '大学生',
      '施錠せず',
      '',
      ...(points ? [place.lat.toFixed(6), place.lon.toFixed(6)] : []),
    ];
    lines.push(cells.join(','));
  }
  // Node has no Shift_JIS encoder: the file's bytes are made from the characters' own codes.
  return shiftJis(`${lines.join('\r\n')}\r\n`);
}

/** Shift_JIS bytes of a text, by searching the decoder's table once per distinct character. */
function shiftJis(text: string): Buffer {
  const decoder = new TextDecoder('shift_jis');
  const table = new Map<string, number[]>();
  for (const c of new Set(text)) {
    if (c.charCodeAt(0) < 0x80) continue;
    search: for (let lead = 0x81; lead <= 0xfc; lead++) {
      if (lead > 0x9f && lead < 0xe0) continue;
      for (let trail = 0x40; trail <= 0xfc; trail++) {
        if (trail === 0x7f) continue;
        if (decoder.decode(Uint8Array.of(lead, trail)) === c) {
          table.set(c, [lead, trail]);
          break search;
        }
      }
    }
    if (!table.has(c)) throw new Error(`no Shift_JIS code for ${c}`);
  }
  return Buffer.from([...text].flatMap((c) => table.get(c) ?? [c.charCodeAt(0)]));
}

test.each(DATABASE_KINDS)(
  "a Japanese police export is read with no flag: Shift_JIS, the method as the offence, 不明 hours, the station's area, town blocks, and no victim's details (%s)",
  async (kind) => {
    const database = await freshDatabase(kind);
    const read = await importPath(
      database,
      tempFile('hanzai_hassei_2023.csv', exportFile(true)),
      {},
      { inferTimeZone: true },
    );
    expect(read).toMatchObject({ accepted: 36, rejected: 0, timeZone: 'Asia/Tokyo', encoding: 'shift_jis' });
    // The method says more than the offence: a bicycle or a car's contents are thefts, a motorbike a
    // vehicle theft, 空き巣 (a break-in while nobody is home) a burglary.
    expect(read.categories).toEqual({ theft: 18, vehicle_theft: 6, burglary: 6, robbery: 6 });
    expect(await count(database, "raw_type = '自転車盗'")).toBe(6);
    // The district is the station whose area holds the place.
    expect(await count(database, "district = '新宿'")).toBe(12);
    // 11 March at 22:00 in Tokyo (nine hours ahead of UTC); an unknown hour keeps its day.
    const [eleventh] = await rowsOf<{ occurred_at: Date; time_precision: string }>(
      database,
      "select occurred_at, time_precision from incidents where raw_type = '空き巣' and occurred_at >= '2023-03-10' and occurred_at < '2023-03-12'",
    );
    expect(eleventh).toEqual({ occurred_at: new Date('2023-03-11T13:00:00Z'), time_precision: 'hour' });
    expect(await count(database, "time_precision = 'day'")).toBe(9);
    // Nothing of the victim is stored, in any column.
    const stored = JSON.stringify(await rowsOf(database, 'select * from incidents'));
    expect(stored).not.toMatch(/大学生|歳代|施錠/);
    // The town block names the place, with its point, as every name of an area is given.
    const names = await placeNames(database, [latLngToCell(PLACES[0].lat, PLACES[0].lon, 9)]);
    expect([...names.values()]).toEqual([
      expect.stringMatching(/^in 歌舞伎町１丁目 · 35\.69\d+, 139\.70\d+$/),
    ]);

    // The same export without points is refused whole, its columns named as the file writes them.
    await expect(
      importPath(database, tempFile('hanzai_no_points.csv', exportFile(false)), {}, { inferTimeZone: true }),
    ).rejects.toThrow(
      /no column is read as the place \(the file's columns: 罪名, 手口, 管轄警察署（発生地）/,
    );
    expect(await count(database, 'true')).toBe(36);
  },
);
