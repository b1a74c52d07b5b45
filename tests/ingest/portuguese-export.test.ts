// An export from São Paulo's public-security portal, as an analyst downloads it: semicolons, Latin-1,
// decimal commas, dates day first, when it happened (data/hora da ocorrência) beside when it was
// registered (data_registro, read as neither), Portuguese offence names where "furto" is a theft and
// "roubo" a robbery, the street alone (its number never read), and two police stations per row: the
// one that registered the report (often the online one) and the one whose area holds the place.
import { latLngToCell } from 'h3-js';
import { expect, test } from 'vitest';
import { placeNames } from '../../src/geo/place-names.ts';
import { classify } from '../../src/ingest/category-rules.ts';
import { DATABASE_KINDS, freshDatabase } from '../helpers/databases.ts';
import { count, importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const HEADER =
  'NOME_DEPARTAMENTO;NOME_SECCIONAL;NOME_DELEGACIA;NOME_MUNICIPIO;NUM_BO;ANO_BO;DATA_REGISTRO;DATA_OCORRENCIA_BO;HORA_OCORRENCIA_BO;DESC_PERIODO;DESCR_SUBTIPOLOCAL;BAIRRO;LOGRADOURO;NUMERO_LOGRADOURO;LATITUDE;LONGITUDE;NOME_DELEGACIA_CIRCUNSCRIÇÃO;RUBRICA;DESCR_CONDUTA;NATUREZA_APURADA;MES_ESTATISTICA;ANO_ESTATISTICA';

const NATURES = [
  ['Furto (art. 155)', 'FURTO - OUTROS'],
  ['Roubo (art. 157)', 'ROUBO - OUTROS'],
  ['Furto de veículo (art. 155)', 'FURTO DE VEICULO'],
  ['Lesão corporal (art. 129)', 'LESÃO CORPORAL DOLOSA'],
  ['Tráfico de entorpecentes (Art. 33)', 'TRÁFICO DE ENTORPECENTES'],
] as const;

/** Two places on Rua dos Pinheiros, 400 m apart, and one on the Praça da Sé. */
const PLACES = [
  {
    street: 'R DOS PINHEIROS',
    bairro: 'PINHEIROS',
    lat: -23.5636,
    lon: -46.6825,
    area: '014 DP - PINHEIROS',
  },
  {
    street: 'R DOS PINHEIROS',
    bairro: 'PINHEIROS',
    lat: -23.5667,
    lon: -46.6852,
    area: '014 DP - PINHEIROS',
  },
  { street: 'PC DA SE', bairro: 'SE', lat: -23.5503, lon: -46.6339, area: '001 DP - SE' },
] as const;

const comma = (x: number) => x.toFixed(6).replace('.', ',');

function exportFile(): Buffer {
  const lines = [HEADER];
  for (let i = 0; i < 45; i++) {
    const place = PLACES[i % 3]!;
    const [rubrica, natureza] = NATURES[i % 5]!;
    const day = String(1 + (i % 28)).padStart(2, '0');
    const registered = String(2 + (i % 27)).padStart(2, '0');
    // Every ninth report gives no hour; a third were registered online, away from the place.
    const hour = i % 9 === 0 ? '' : `${String((i * 5) % 24).padStart(2, '0')}:30:00`;
    const station = i % 3 === 0 ? 'DELEGACIA ELETRONICA' : place.area;
    lines.push(
      `DECAP;1ª SECCIONAL;${station};S.PAULO;${1000 + i};2024;${registered}/03/2024 10:11:12;${day}/03/2024;${hour};A NOITE;Via pública;${place.bairro};${place.street};${120 + i};${comma(place.lat)};${comma(place.lon)};${place.area};${rubrica};Transeunte;${natureza};3;2024`,
    );
  }
  // One report with two natures: two rows under one report number.
  lines.push(
    `DECAP;1ª SECCIONAL;001 DP - SE;S.PAULO;1000;2024;02/03/2024 10:11:12;01/03/2024;;A NOITE;Via pública;SE;PC DA SE;99;${comma(-23.5503)};${comma(-46.6339)};001 DP - SE;Dano (art. 163);;DANO;3;2024`,
  );
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1');
}

test.each(DATABASE_KINDS)(
  "São Paulo's export is read with no flag: the occurrence's day and time, offences, the station's area, streets (%s)",
  async (kind) => {
    const database = await freshDatabase(kind);
    const read = await importPath(
      database,
      tempFile('SPDadosCriminais_2024.csv', exportFile()),
      {},
      { inferTimeZone: true },
    );
    expect(read).toMatchObject({
      accepted: 46,
      rejected: 0,
      timeZone: 'America/Sao_Paulo',
      encoding: 'windows-1252',
    });
    expect(read.categories).toEqual({
      theft: 9,
      robbery: 9,
      vehicle_theft: 9,
      assault: 9,
      drugs: 9,
      vandalism: 1,
    });
    // A report number repeats across a report's rows and across stations: it is no id to read.
    expect(read.warnings.join(' ')).not.toMatch(/num_bo/);
    // The district is the station whose area holds the place, never the online station that took it.
    expect(await count(database, "district = '014 DP - PINHEIROS'")).toBe(30);
    expect(await count(database, "district like '%ELETRONICA%'")).toBe(0);
    // The street names the place; its house number is never stored.
    expect(await count(database, "block = 'R Dos Pinheiros'")).toBe(30);
    expect(await count(database, "block ~ '[0-9]'")).toBe(0);
    // The second row: 2 March at 05:30 in São Paulo (03:00 behind UTC), registered on the 3rd.
    const [second] = await rowsOf<{ occurred_at: Date; raw_type: string; time_precision: string }>(
      database,
      "select occurred_at, raw_type, time_precision from incidents where occurred_at::date = '2024-03-02'",
    );
    expect(second).toEqual({
      occurred_at: new Date('2024-03-02T08:30:00Z'),
      raw_type: 'ROUBO - OUTROS',
      time_precision: 'minute',
    });
    // A report with no hour is dated to its day.
    expect(await count(database, "time_precision = 'day'")).toBe(6);
    // Two places named only by the same street are told apart by where each lies.
    const cells = PLACES.map((p) => latLngToCell(p.lat, p.lon, 9));
    const names = await placeNames(database, cells);
    expect([names.get(cells[0]!), names.get(cells[1]!)]).toEqual([
      'R Dos Pinheiros · north-east',
      'R Dos Pinheiros · south-west',
    ]);
    // A name only one place has stays short.
    expect(names.get(cells[2]!)).toBe('Pc Da Se');
  },
);

test('Portuguese offence names: "furto" is a theft, "roubo" a robbery; sorted by vehicle, home and outcome', () => {
  expect(classify('FURTO - OUTROS')).toBe('theft');
  expect(classify('FURTO DE CELULAR')).toBe('theft');
  expect(classify('Furto de veículo (art. 155)')).toBe('vehicle_theft');
  expect(classify('Furto em residência')).toBe('burglary');
  expect(classify('Roubo (art. 157)')).toBe('robbery');
  // A vehicle taken by force is a robbery, as a carjacking is; one that kills, a homicide.
  expect(classify('ROUBO DE VEICULO')).toBe('robbery');
  expect(classify('Roubo seguido de morte (latrocínio)')).toBe('homicide');
  expect(classify('HOMICÍDIO DOLOSO')).toBe('homicide');
  // An attempt on a life is an assault, not the homicide it did not become.
  expect(classify('Tentativa de homicídio')).toBe('assault');
  expect(classify('LESÃO CORPORAL DOLOSA')).toBe('assault');
  // Hurt or killed at the wheel is a road crash: traffic.
  expect(classify('LESÃO CORPORAL CULPOSA NA DIREÇÃO DE VEÍCULO AUTOMOTOR')).toBe('traffic');
  expect(classify('Homicídio culposo na direção de veículo automotor (Art. 302)')).toBe('traffic');
  expect(classify('Acidente de trânsito com vítima')).toBe('traffic');
  expect(classify('Violência doméstica')).toBe('assault');
  expect(classify('Estupro de vulnerável (art. 217-A)')).toBe('sex_offense');
  expect(classify('Estelionato (art. 171)')).toBe('fraud');
  expect(classify('Dano (art. 163)')).toBe('vandalism');
  expect(classify('Tráfico de entorpecentes (Art. 33)')).toBe('drugs');
  expect(classify('Porte ilegal de arma de fogo de uso permitido')).toBe('weapons');
  expect(classify('Perturbação do sossego')).toBe('disorder');
  // Italian's furto too.
  expect(classify('Furto in abitazione')).toBe('burglary');
  expect(classify('Furti di veicoli')).toBe('vehicle_theft');
});
