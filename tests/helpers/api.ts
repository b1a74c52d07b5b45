// The API as the tests drive it: real routes over a real database, settings chosen per test.
import { type ApiDeps, createApi } from '../../src/api/app.ts';
import type { Database } from '../../src/db/client.ts';
import { silentLogger } from '../../src/log.ts';

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
