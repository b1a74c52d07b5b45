// Risk words say what held-out days measured, not only where a place ranks.
import { expect, test } from 'vitest';
import { edgeOverCounting, riskWord } from '../../src/briefing/risk-words.ts';

// A model's metrics as training stores them: held-out scores by method, coverages as string keys.
const metricsWith = (pai1: number, hr5: { candidate: number; ewma: number }) => ({
  models: {
    candidate: { hr: { '1': 0.1, '5': hr5.candidate }, pai: { '1': pai1, '2': 6, '5': 4, '10': 3 } },
    ewma: { hr: { '5': hr5.ewma }, pai: { '1': pai1 } },
  },
});

const place = { typical: 0.02, places: 1000 };

test('a place twenty times a typical one, in a top 1% that caught 15 times its share, is very high', () => {
  const metrics = metricsWith(15, { candidate: 0.3, ewma: 0.25 });
  expect(riskWord({ ...place, expected: 0.4, rank: 3, metrics })).toBe('very high');
});

test('the same place reads lower where the top 1% caught only three times its share on held-out days', () => {
  const metrics = metricsWith(3, { candidate: 0.3, ewma: 0.25 });
  expect(riskWord({ ...place, expected: 0.4, rank: 3, metrics })).toBe('elevated');
});

test('further down the list the wider band speaks: rank 40 of 1000 is in the top 5% (caught 4 times its share)', () => {
  const metrics = metricsWith(15, { candidate: 0.3, ewma: 0.25 });
  expect(riskWord({ ...place, expected: 0.4, rank: 40, metrics })).toBe('elevated');
});

test('a place expecting under 0.1 incidents is never very high, however it ranks', () => {
  // Sixteen times a typical place's 0.005.
  expect(riskWord({ places: 1000, typical: 0.005, expected: 0.08, rank: 1 })).toBe('high');
  expect(riskWord({ places: 1000, typical: 0.005, expected: 0.12, rank: 1 })).toBe('very high');
});

test('without held-out scores the words come from expected counts alone', () => {
  expect(riskWord({ ...place, expected: 0.5, rank: 900 })).toBe('very high');
});

test('a learned model no better than a count on held-out days is told as such; a better one is not', () => {
  expect(edgeOverCounting('forest', metricsWith(15, { candidate: 0.25, ewma: 0.25 }))).toBe(
    'On held-out days this model did no better than a simple count of past incidents.',
  );
  expect(edgeOverCounting('forest', metricsWith(15, { candidate: 0.3, ewma: 0.25 }))).toBeNull();
  expect(edgeOverCounting('ewma', undefined)).toMatch(/^This forecast is a weighted count/);
});
