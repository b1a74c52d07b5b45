// The demo city's streets: a grid of numbered streets running east–west and named avenues running
// north–south, every 500 m, so that the demo's places read as an agency's do ("2400 block of Elm Ave,
// near 12th St"). Made up, like everything in the demo city.

const SPACING_METRES = 500;
/** The grid's south-west corner, just outside the city limit. */
const ORIGIN = { lat: 39.775, lon: -98.68 };
const METRES_PER_DEGREE_LAT = 110_540;
const METRES_PER_DEGREE_LON = 111_320 * Math.cos((39.83 * Math.PI) / 180);

const AVENUES = [
  'Ash',
  'Birch',
  'Cedar',
  'Dogwood',
  'Elm',
  'Fir',
  'Garden',
  'Hawthorn',
  'Ivy',
  'Juniper',
  'Kingsley',
  'Linden',
  'Maple',
  'Nolan',
  'Oak',
  'Pine',
  'Quarry',
  'Redbud',
  'Spruce',
  'Tamarack',
  'Union',
  'Vine',
  'Walnut',
  'Willow',
  'Yarrow',
  'Zinnia',
  'Aspen',
  'Beech',
  'Cypress',
  'Harbor',
  'Laurel',
  'Mesa',
];

const ordinal = (n: number) => {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
};

/** The hundred block of the street nearest a point, as a source would publish it. */
export function demoBlock(lat: number, lon: number): string {
  const north = (lat - ORIGIN.lat) * METRES_PER_DEGREE_LAT;
  const east = (lon - ORIGIN.lon) * METRES_PER_DEGREE_LON;
  const street = Math.round(north / SPACING_METRES);
  const avenue = Math.round(east / SPACING_METRES);
  const offStreet = Math.abs(north - street * SPACING_METRES);
  const offAvenue = Math.abs(east - avenue * SPACING_METRES);
  // Numbers count 100 per 100 m from the grid's corner: east along a street, north along an avenue.
  if (offStreet <= offAvenue) {
    return `${Math.max(0, Math.floor(east / 100)) * 100} block of ${ordinal(Math.max(1, street))} St`;
  }
  const name = AVENUES[Math.min(AVENUES.length - 1, Math.max(0, avenue))]!;
  return `${Math.max(0, Math.floor(north / 100)) * 100} block of ${name} Ave`;
}
