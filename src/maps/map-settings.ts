// What map rendering needs from the configuration.
import type { Config } from '../config.ts';
import type { TileSettings } from './spec.ts';

export interface MapSettings {
  width: number;
  height: number;
  /** District boundaries to outline and name (PATROLCAST_DISTRICTS): GeoJSON or a zipped shapefile. */
  districtsFile?: string;
  tiles?: TileSettings;
  /** Tiles' deadline plus time to draw: past it a render is abandoned. */
  renderTimeoutMs: number;
}

export const mapSettings = (config: Config): MapSettings => ({
  width: config.map.width,
  height: config.map.height,
  ...(config.map.districtsFile ? { districtsFile: config.map.districtsFile } : {}),
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
