// Polygons for boundary files made up in tests.

/** A GeoJSON polygon's coordinates: a square of half-side d degrees around a point. */
export const square = (lon: number, lat: number, d: number) => [
  [
    [lon - d, lat - d],
    [lon + d, lat - d],
    [lon + d, lat + d],
    [lon - d, lat + d],
    [lon - d, lat - d],
  ],
];
