// What map rendering needs from the configuration.
import type { Config } from '../config.ts';
import { type DistrictOutline, readDistrictBoundaries } from '../geo/district-boundaries.ts';
import type { TileSettings } from './spec.ts';

export interface MapSettings {
  width: number;
  height: number;
  /** District boundaries to outline and name (PATROLCAST_DISTRICTS). */
  districts: DistrictOutline[];
  tiles?: TileSettings;
  /** Tiles' deadline plus time to draw: past it a render is abandoned. */
  renderTimeoutMs: number;
}

export const mapSettings = (config: Config): MapSettings => ({
  width: config.map.width,
  height: config.map.height,
  districts: config.map.districtsFile ? readDistrictBoundaries(config.map.districtsFile) : [],
  ...(config.map.tilesFile || config.map.tileUrl
    ? {
        tiles: {
          // The local archive first: it needs no network.
          ...(config.map.tilesFile ? { file: config.map.tilesFile } : { url: config.map.tileUrl }),
          attribution: config.map.attribution,
          deadlineMs: config.map.tileDeadlineMs,
        },
      }
    : {}),
  renderTimeoutMs: config.map.tileDeadlineMs + 15_000,
});
