import { describe, expect, test } from 'vitest';
import { WorkerPool } from '../../src/workers/worker-pool.ts';

type Answer = { square: number; thread: number };
const squares = () =>
  new WorkerPool<number, Answer>(new URL('../helpers/square-worker.ts', import.meta.url), 2, 60_000);

describe('a pool of worker threads', () => {
  test('answers every job, on at most its size of threads, kept from one job to the next', async () => {
    const pool = squares();
    const first = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => pool.run(n)));
    expect(first.map((a) => a.square)).toEqual([1, 4, 9, 16, 25, 36]);
    const threads = new Set(first.map((a) => a.thread));
    expect(threads.size).toBeLessThanOrEqual(2);
    // Later jobs reuse the same threads rather than starting new ones.
    const later = await Promise.all([7, 8].map((n) => pool.run(n)));
    expect(later.every((a) => threads.has(a.thread))).toBe(true);
  });

  test('a job whose worker fails is refused with its error, and the pool goes on with a new worker', async () => {
    const pool = squares();
    const before = await pool.run(3);
    await expect(pool.run(-1)).rejects.toThrow('cannot square -1 here');
    const jobs = await Promise.all([4, 5, 6].map((n) => pool.run(n)));
    expect(jobs.map((a) => a.square)).toEqual([16, 25, 36]);
    expect(before.square).toBe(9);
  });
});
