// H3 hexagonal cells: every incident and every forecast is counted per cell.
import { latLngToCell } from 'h3-js';

export const cellOf = (lat: number, lon: number, resolution: number): string =>
  latLngToCell(lat, lon, resolution);
