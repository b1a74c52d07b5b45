// How old the data behind an answer are, in words, and when that is stale.
import { expect, test } from 'vitest';
import { ageInWords, judgeFreshness } from '../../src/forecast/freshness.ts';

test('an age reads at a glance', () => {
  expect([0.04, 1, 1.5, 3, 45, 92, 400, 5900].map(ageInWords)).toEqual([
    '1 hour',
    '24 hours',
    '36 hours',
    '3 days',
    '6 weeks',
    '3 months',
    '13 months',
    '16.2 years',
  ]);
});

test('stale past the limit; an incident dated to its month counts from the end of that month', () => {
  const window = { start: new Date('2025-11-01T00:00:00Z') };
  const october = new Date('2025-09-30T23:00:00Z');
  expect(judgeFreshness(october, window, 7, 'Europe/London', 'minute')).toMatchObject({
    stale: true,
    age: '4 weeks',
    staleNote: expect.stringMatching(
      /^Stale data: the newest incident on record is 4 weeks older than this window \(2025-10-01 00:00\)/,
    ),
  });
  expect(judgeFreshness(october, window, 7, 'Europe/London', 'month')).toMatchObject({
    stale: false,
    staleNote: null,
  });
  expect(judgeFreshness(null, window, 7, 'Europe/London')).toMatchObject({
    stale: true,
    newestIncident: null,
  });
});
