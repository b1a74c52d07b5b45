// What an import needs from the configuration.
import type { Config } from '../config.ts';
import type { ImportSettings } from './importer.ts';

export const importSettings = (config: Config): ImportSettings => ({
  timeZone: config.timeZone,
  inferTimeZone: !config.timeZoneSet,
  h3Resolution: config.h3Resolution,
  jurisdiction: config.jurisdiction,
  limits: { maxExpandedBytes: config.importMaxBytes, maxLineBytes: config.importMaxLineBytes },
  ...(config.map.districtsFile ? { districtsFile: config.map.districtsFile } : {}),
});
