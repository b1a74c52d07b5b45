// An export from Mexico City's prosecutors, as its open-data portal publishes it: when the act happened
// (fecha_hecho, hora_hecho) beside when the investigation began (fecha_inicio, hora_inicio, read as
// neither), Spanish offence names where "robo" is any theft, the borough (alcaldía) and the
// neighbourhood (colonia, whose name holds "lon": no longitude).
import { expect, test } from 'vitest';
import { classify } from '../../src/ingest/category-rules.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { count, importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const OFFENCES = [
  'ROBO A NEGOCIO SIN VIOLENCIA',
  'ROBO A TRANSEUNTE EN VIA PUBLICA CON VIOLENCIA',
  'ROBO DE VEHICULO DE SERVICIO PARTICULAR SIN VIOLENCIA',
  'ROBO A CASA HABITACION SIN VIOLENCIA',
  'VIOLENCIA FAMILIAR',
];
const HEADER =
  'anio_inicio,mes_inicio,fecha_inicio,hora_inicio,anio_hecho,mes_hecho,fecha_hecho,hora_hecho,delito,categoria,competencia,fiscalia,agencia,unidad_investigacion,colonia_hecho,alcaldia_hecho,municipio_hecho,latitud,longitud';

function exportFile(): string {
  const lines = [HEADER];
  for (let i = 0; i < 50; i++) {
    const day = String(1 + (i % 27)).padStart(2, '0');
    const reported = String(2 + (i % 27)).padStart(2, '0');
    const hour = String((i * 5) % 24).padStart(2, '0');
    const [colonia, alcaldia] = i % 2 === 0 ? ['ROMA NORTE', 'CUAUHTEMOC'] : ['NARVARTE', 'BENITO JUAREZ'];
    lines.push(
      `2024,Marzo,2024-03-${reported},09:40:00,2024,Marzo,2024-03-${day},${hour}:15:00,${OFFENCES[i % 5]},DELITO DE BAJO IMPACTO,FUERO COMUN,INVESTIGACIÓN EN ${alcaldia},CUH-1,UI-1CD,${colonia},${alcaldia},,${(19.41 + (i % 9) * 0.003).toFixed(6)},${(-99.16 + (i % 7) * 0.004).toFixed(6)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

test("Mexico City's export is read with no flag: the act's day and time, offences, boroughs", async () => {
  const database = await freshDatabase('pglite');
  const read = await importPath(
    database,
    tempFile('carpetas.csv', exportFile()),
    {},
    { inferTimeZone: true },
  );
  expect(read).toMatchObject({ accepted: 50, rejected: 0, timeZone: 'America/Mexico_City' });
  expect(read.categories).toEqual({ theft: 10, robbery: 10, vehicle_theft: 10, burglary: 10, assault: 10 });
  expect(await count(database, "time_precision = 'minute'")).toBe(50);
  expect(await count(database, "district = 'CUAUHTEMOC'")).toBe(25);
  // With no address, a place is named by its neighbourhood.
  expect(await count(database, "block = 'in Roma Norte'")).toBe(25);
  // The third row: the act on 3 March at 10:15 in Mexico City (06:00 behind UTC), reported on the 4th.
  const [third] = await rowsOf<{ occurred_at: Date; raw_type: string }>(
    database,
    "select occurred_at, raw_type from incidents where raw_type like 'ROBO DE VEHICULO%' and occurred_at::date = '2024-03-03'",
  );
  expect(third).toEqual({
    occurred_at: new Date('2024-03-03T16:15:00Z'),
    raw_type: 'ROBO DE VEHICULO DE SERVICIO PARTICULAR SIN VIOLENCIA',
  });
});

test('a file whose place is not found is told to map latitud and longitud, not the colonia', async () => {
  const database = await freshDatabase('pglite');
  const renamed = exportFile()
    .replace(',latitud,longitud', ',lat_hecho,lon_hecho')
    .replace('colonia_hecho', 'colonia');
  await expect(importPath(database, tempFile('renamed.csv', renamed))).rejects.toThrow(
    '--map "lat_hecho=lat" --map "lon_hecho=lon"',
  );
});

test('Spanish offence names: "robo" and "hurto" are any theft, sorted by violence, force, vehicle and home', () => {
  expect(classify('ROBO A NEGOCIO SIN VIOLENCIA')).toBe('theft');
  expect(classify('ROBO DE OBJETOS DEL INTERIOR DE UN VEHICULO')).toBe('theft');
  expect(classify('ROBO A TRANSEUNTE EN VIA PUBLICA CON VIOLENCIA')).toBe('robbery');
  expect(classify('ROBO DE VEHICULO DE SERVICIO PARTICULAR CON VIOLENCIA')).toBe('robbery');
  expect(classify('ROBO DE MOTOCICLETA SIN VIOLENCIA')).toBe('vehicle_theft');
  expect(classify('ROBO A CASA HABITACION SIN VIOLENCIA')).toBe('burglary');
  // Spain's and Colombia's wordings.
  expect(classify('Robo con violencia o intimidación')).toBe('robbery');
  // Armed, it is a robbery; weapons stolen are a theft.
  expect(classify('Robo con arma')).toBe('robbery');
  expect(classify('ROBO A MANO ARMADA')).toBe('robbery');
  expect(classify('Robo con arma blanca a transeúnte')).toBe('robbery');
  expect(classify('Robo de armas')).toBe('theft');
  expect(classify('Robos con fuerza en domicilios')).toBe('burglary');
  expect(classify('Sustracción de vehículos')).toBe('vehicle_theft');
  expect(classify('HURTO AUTOMOTORES')).toBe('vehicle_theft');
  expect(classify('Hurto a personas')).toBe('theft');
  // Violence named is an assault; "sin violencia" names none.
  expect(classify('VIOLENCIA FAMILIAR')).toBe('assault');
  expect(classify('LESIONES INTENCIONALES POR ARMA DE FUEGO')).toBe('assault');
  expect(classify('HOMICIDIO DOLOSO')).toBe('homicide');
  expect(classify('FEMINICIDIO')).toBe('homicide');
  expect(classify('ABUSO SEXUAL')).toBe('sex_offense');
  expect(classify('DAÑO EN PROPIEDAD AJENA INTENCIONAL')).toBe('vandalism');
  expect(classify('NARCOMENUDEO POSESION SIMPLE')).toBe('drugs');
  expect(classify('PORTACION DE ARMA DE FUEGO')).toBe('weapons');
  expect(classify('FRAUDE')).toBe('fraud');
  // A road crash is traffic, also where it injured or killed someone.
  expect(classify('Siniestro Vial', 'Lesiones')).toBe('traffic');
  expect(classify('LESIONES CULPOSAS POR TRANSITO VEHICULAR')).toBe('traffic');
  expect(classify('HOMICIDIO CULPOSO POR TRÁNSITO VEHICULAR')).toBe('traffic');
  expect(classify('Accidente de tránsito con heridos')).toBe('traffic');
  expect(classify('Hurto automotor')).toBe('vehicle_theft');
});

// Buenos Aires's open data: the type (Robo, Lesiones) and its subtype (Robo automotor, Siniestro vial),
// the date and the hour ("franja", 0 to 23) apart, the month and the weekday as words, the barrio.
const BUENOS_AIRES = [
  'id-mapa,anio,mes,dia,fecha,franja,tipo,subtipo,uso_arma,uso_moto,barrio,comuna,latitud,longitud,cantidad',
  'HC-2023-001,2023,ENERO,DOMINGO,2023-01-01,22,Hurto,Hurto automotor,NO,NO,Palermo,14,-34.5889,-58.4306,1',
  'HC-2023-002,2023,ENERO,LUNES,2023-01-02,3,Hurto,Hurto total,NO,NO,Balvanera,3,-34.6090,-58.4030,1',
  'HC-2023-003,2023,ENERO,MARTES,2023-01-03,15,Lesiones,Siniestro Vial,NO,NO,Recoleta,2,-34.5875,-58.3974,1',
  'HC-2023-004,2023,ENERO,MARTES,2023-01-03,9,Homicidios,Doloso,SI,NO,Flores,7,-34.6280,-58.4630,1',
].join('\n');

test("Buenos Aires's export is read with no flag: subtype then type, the date and its hour, the barrio", async () => {
  const database = await freshDatabase('pglite');
  const read = await importPath(
    database,
    tempFile('delitos_2023.csv', BUENOS_AIRES),
    {},
    { inferTimeZone: true },
  );
  expect(read).toMatchObject({ accepted: 4, rejected: 0, timeZone: 'America/Argentina/Buenos_Aires' });
  expect(
    await rowsOf(
      database,
      'select occurred_at, time_precision, category, district from incidents order by occurred_at',
    ),
  ).toEqual([
    // 22:00 in Buenos Aires (03:00 behind UTC); the hour is all the export gives.
    {
      occurred_at: new Date('2023-01-02T01:00:00Z'),
      time_precision: 'hour',
      category: 'vehicle_theft',
      district: 'Palermo',
    },
    {
      occurred_at: new Date('2023-01-02T06:00:00Z'),
      time_precision: 'hour',
      category: 'theft',
      district: 'Balvanera',
    },
    // "Doloso" alone says nothing: its type says homicide.
    {
      occurred_at: new Date('2023-01-03T12:00:00Z'),
      time_precision: 'hour',
      category: 'homicide',
      district: 'Flores',
    },
    // Injuries in a road crash are no assault.
    {
      occurred_at: new Date('2023-01-03T18:00:00Z'),
      time_precision: 'hour',
      category: 'traffic',
      district: 'Recoleta',
    },
  ]);
});
