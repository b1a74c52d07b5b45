// A made-up export of a city the project has never seen, shaped like a real open-data portal's: a date
// over separate columns, hundred-block addresses, local offence names, UTM metres, offences against
// persons published at 0,0, places the source does not know, and a geocoder's dump.
const TYPES = [
  'Theft from Vehicle',
  'Break and Enter Residential/Other',
  'Mischief',
  'Theft of Vehicle',
  'Break and Enter Commercial',
  'Other Theft',
];

/** Rows of a made-up export: UTM zone 10N metres around a downtown at 491,000 E, 5,458,000 N. */
export function newCityExport(): string {
  // Vancouver's columns but for one name's spelling: read as a generic file, not by the vancouver profile.
  const lines = ['TYPE,YEAR,MONTH,DAY,HOUR,MINUTE,HUNDRED_BLOCK,NEIGHBORHOOD,X,Y'];
  for (let i = 0; i < 600; i++) {
    const type = TYPES[i % TYPES.length]!;
    const day = 1 + (i % 28);
    const x = 491_000 + ((i * 37) % 4000);
    const y = 5_458_000 + ((i * 53) % 3000);
    lines.push(
      `${type},2025,${1 + (i % 12)},${day},${i % 24},${(i * 7) % 60},${i}XX W 4TH AVE,Kitsilano,${x},${y}`,
    );
  }
  // Offences against persons are published without a place.
  for (let i = 0; i < 40; i++)
    lines.push(`Offence Against a Person,2025,6,${1 + (i % 28)},,,OFFSET TO PROTECT PRIVACY,,0,0`);
  // Places the source itself does not know, at a stand-in point.
  for (let i = 0; i < 30; i++)
    lines.push(`Other Theft,2025,7,${1 + (i % 28)},12,0,X NK_LOC ST,,492757.73,5458792.49`);
  // The geocoder's dump: one point carrying addresses on many streets, which cannot be one place.
  const streets = ['W 10TH AVE', 'MAIN ST', 'CAMBIE ST', 'E HASTINGS ST', 'GRANVILLE ST', 'FRASER ST'];
  for (let i = 0; i < 30; i++)
    lines.push(
      `Other Theft,2025,8,${1 + (i % 28)},14,0,${i + 1}XX ${streets[i % streets.length]},,490500.00,5457500.00`,
    );
  return `${lines.join('\n')}\n`;
}
