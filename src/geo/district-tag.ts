// How a district is named beside a place, a unit or its outline on a map.

/**
 * A district as a line names it beside a place or a unit: "19G10", "CENTRAL", but "district 1" where the
 * name is a number alone (Washington's, New York's precincts), which in brackets reads as a count.
 */
export const districtTag = (district: string): string =>
  /^\d+$/.test(district) ? `district ${district}` : district;

// A name that says what it is ("East Precinct", "Central Division", "District 5") needs no "district".
const SAYS_WHAT =
  /\b(precinct|district|division|area|sector|zone|ward|beat|borough|command|region|detachment|station)s?\b/i;

/** A district where a sentence names one: "district 11", "District North", but "East Precinct" as it is. */
export const districtNamed = (district: string, capital = false): string =>
  SAYS_WHAT.test(district) ? district : `${capital ? 'District' : 'district'} ${district}`;
