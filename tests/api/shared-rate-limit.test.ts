// On PostgreSQL, every replica draws on one budget per caller.
import { expect, test } from 'vitest';
import { sharedRateLimiter } from '../../src/auth/shared-rate-limit.ts';
import { createToken } from '../../src/auth/tokens.ts';
import { bodyOf, testApi } from '../helpers/api.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';

describeEachDatabase('the shared rate limit', (kind) => {
  test('a burst, then one per interval, whichever limiter is asked', async () => {
    const database = await freshDatabase(kind);
    let now = Date.parse('2026-11-29T06:00:00Z');
    // 60 a minute with a burst of 2: two at once, then one a second.
    const a = sharedRateLimiter(database, 60, 2, () => now);
    const b = sharedRateLimiter(database, 60, 2, () => now);
    expect(await a.take('token:dashboard')).toBe(0);
    expect(await b.take('token:dashboard')).toBe(0);
    expect(await a.take('token:dashboard')).toBe(1000);
    expect(await b.take('token:other')).toBe(0);
    now += 400;
    expect(await b.take('token:dashboard')).toBe(600);
    now += 600;
    expect(await b.take('token:dashboard')).toBe(0);
    expect(await a.take('token:dashboard')).toBe(1000);
    // A quiet spell refills the burst, no more.
    now += 60_000;
    expect([
      await a.take('token:dashboard'),
      await a.take('token:dashboard'),
      await a.take('token:dashboard'),
    ]).toEqual([0, 0, 1000]);
  });
});

test('two API replicas over one PostgreSQL database share a token’s budget', async () => {
  const database = await freshDatabase('postgres');
  const token = await createToken(database, 'busy-script', ['read']);
  const headers = { authorization: `Bearer ${token}` };
  const one = testApi(database, { apiToken: undefined, ratePerMinute: 6 });
  const two = testApi(database, { apiToken: undefined, ratePerMinute: 6 });
  expect((await one.request('/v1/jobs', { headers })).status).toBe(200);
  const refused = await two.request('/v1/jobs', { headers });
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(5);
  expect(await bodyOf(refused)).toEqual({ error: 'too many requests for this token; slow down' });
});
