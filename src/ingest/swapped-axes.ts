// An export whose latitude column holds longitudes and the other way round (a mislabelled header, or
// x and y taken for each other) put every incident of the Americas in Antarctica or off the globe.
// Read as written, no police force's incidents lie south of 60°S or beyond the poles; read the
// other way round, they fall where people live: the columns are then read swapped, and the summary
// says so.
import { type FieldMaps, fieldColumn } from './field-columns.ts';
import { isRawError, type RawEvent } from './formats/record.ts';
import type { Profile } from './profiles.ts';

/** No police force records incidents south of this latitude (Antarctica's). */
export const SOUTHERNMOST_LATITUDE = -60;

const nowhere = (lat: number) => lat < SOUTHERNMOST_LATITUDE || Math.abs(lat) > 90;

/** The maps that read the sample's points where they are, and a note, when its columns are swapped. */
export function swappedAxes(
  profile: Profile,
  maps: FieldMaps,
  first: readonly RawEvent[],
): { maps: FieldMaps; note: string } | undefined {
  // The analyst's own --map of either is kept as said.
  if (maps.lat || maps.lon) return undefined;
  let latName: string | undefined;
  let lonName: string | undefined;
  let points = 0;
  let swapped = 0;
  for (const e of first) {
    if (isRawError(e)) continue;
    const latAt = fieldColumn(profile, maps, e.columns, 'lat');
    const lonAt = fieldColumn(profile, maps, e.columns, 'lon');
    if (latAt < 0 || lonAt < 0) continue;
    const lat = Number(e.values[latAt]);
    const lon = Number(e.values[lonAt]);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || (lat === 0 && lon === 0)) continue;
    latName ??= e.columns.names[latAt];
    lonName ??= e.columns.names[lonAt];
    points++;
    if (nowhere(lat) && !nowhere(lon) && Math.abs(lat) <= 180) swapped++;
  }
  // Nearly all of them, so that a few stray points never turn a file over.
  if (!latName || !lonName || points < 3 || swapped < 0.9 * points) return undefined;
  return {
    maps: { ...maps, lat: [lonName], lon: [latName] },
    note: `the column '${latName}' holds longitudes and '${lonName}' latitudes (read as written, ${swapped} of the first ${points} points lie south of 60°S or past a pole): each is read as the other`,
  };
}
