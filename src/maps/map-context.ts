// What a map draws besides the forecast, from the data where no file gives it: district outlines around
// the numbered places, and the streets of the places and the busiest ones in view.
import type { Database } from '../db/client.ts';
import { districtOutlinesAround } from '../geo/district-outlines.ts';
import { streetLines } from '../geo/street-lines.ts';
import { streetOf } from '../ingest/block-address.ts';
import { districtsInUse } from '../ingest/district-file.ts';
import { frameArea, numberedOf } from './frame.ts';
import type { MapSettings } from './map-settings.ts';
import type { MapSpec } from './spec.ts';

/** "Westheimer Rd" from "5800 block of Westheimer Rd, near Hillcroft" or "near 900 block of Gessner Dr". */
const placeStreet = (name: string) => streetOf(name.replace(/^near /, '').split(', near ')[0]!);

/** Sets the spec's districts and streets; call once its cells, numbered places and list are set. */
export async function addMapContext(
  database: Database,
  settings: Pick<MapSettings, 'districtsFile'>,
  spec: MapSpec,
  forecastCells: string[],
): Promise<void> {
  // The boundary file's districts, or, without one, those around each numbered place as the incidents
  // name them; a city's every beat, islands and all, would bury the forecast under outlines.
  spec.districts = settings.districtsFile
    ? (await districtsInUse(settings.districtsFile)).districts
    : await districtOutlinesAround(
        database,
        forecastCells,
        numberedOf(spec).map((c) => c.cell),
      );
  const named = [...new Set((spec.list ?? []).map((p) => placeStreet(p.name)))];
  const streets = await streetLines(database, frameArea(spec), {
    named,
    // Fewer on a phone-sized map, where names would crowd.
    most: spec.width >= 900 ? 16 : 8,
  });
  spec.streets = streets.map(({ name, lines }) => ({ name, lines }));
}
