// The API as the tests drive it: real routes over a real database, settings chosen per test.
import { type ApiDeps, createApi } from '../../src/api/app.ts';
import type { Database } from '../../src/db/client.ts';
import type { ForecastSettings } from '../../src/forecast/settings.ts';
import { parseShifts } from '../../src/forecast/windows.ts';
import { silentLogger } from '../../src/log.ts';

export const TEST_FORECAST_SETTINGS: ForecastSettings = {
  timeZone: 'America/Chicago',
  shifts: parseShifts('06:00-14:00,14:00-22:00,22:00-06:00'),
  h3Resolution: 9,
  trainOrigins: ['reported', 'unknown'],
  excludedCategories: ['drugs', 'traffic'],
  trainDays: 400,
  promotionTolerance: 0.01,
  staleDays: 7,
  fairness: { maxGini: 0.95, maxPersistence: 0.9, maxDistrictRatio: 2 },
  mlForestMaxRows: 20_000,
  unitRadiusM: 1500,
  visitMinutes: 15,
  units: 3,
};

export const TEST_TOKEN = 'test-token-0123456789abcdef0123';

export function testApi(database: Database, overrides: Partial<ApiDeps> = {}) {
  return createApi({
    database,
    log: silentLogger(),
    importSettings: {
      timeZone: 'America/Chicago',
      h3Resolution: 9,
      limits: { maxExpandedBytes: 64 * 1024 * 1024 },
    },
    apiToken: TEST_TOKEN,
    maxBodyBytes: 10 * 1024 * 1024,
    forecastSettings: TEST_FORECAST_SETTINGS,
    ...overrides,
  });
}

export const authorised = (headers: Record<string, string> = {}) => ({
  authorization: `Bearer ${TEST_TOKEN}`,
  ...headers,
});

/** A response's JSON body, typed loosely enough to assert on. */
export const bodyOf = async (response: Response) =>
  (await response.json()) as Record<string, unknown> & { error?: string };
