// Every count of a cell's events starts with a search of its sorted times; the galloping search from
// the end must find exactly what the binary search finds, duplicates and edges included.
import { expect, test } from 'vitest';
import { lowerBound, lowerBoundBack } from '../../src/forecast/history.ts';
import { createRandom } from '../../src/random.ts';

test('the search from the end finds the first time at or after the bound, as the binary search does', () => {
  const random = createRandom(11);
  for (let trial = 0; trial < 300; trial++) {
    const n = Math.floor(random.next() * 40);
    // Whole numbers from a small range: runs of equal times, as incidents at the same minute make.
    const values = Float64Array.from({ length: n }, () => Math.floor(random.next() * 20)).sort();
    const lo = Math.floor(random.next() * (n + 1));
    const hi = lo + Math.floor(random.next() * (n - lo + 1));
    for (let x = -1; x <= 21; x++)
      expect(lowerBoundBack(values, lo, hi, x)).toBe(lowerBound(values, lo, hi, x));
  }
});
