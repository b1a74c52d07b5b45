// How a district is named beside a place, a unit or its outline on a map.

/**
 * A district as a line names it beside a place or a unit: "19G10", "CENTRAL", but "district 1" where the
 * name is a number alone (Washington's, New York's precincts), which in brackets reads as a count.
 */
export const districtTag = (district: string): string =>
  /^\d+$/.test(district) ? `district ${district}` : district;
