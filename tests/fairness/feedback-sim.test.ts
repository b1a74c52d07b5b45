import { expect, test } from 'vitest';
import { allocate, DEFAULT_SCENARIO, POLICIES, simulateFeedback } from '../../src/fairness/feedback-sim.ts';

test('units are spread in proportion to the forecast', () => {
  expect([...allocate([6, 3, 1], 10)]).toEqual([6, 3, 1]);
  expect([...allocate([1, 1], 3)].sort()).toEqual([1, 2]);
});

test('learning from what patrols find drifts away from the true share; the default stays within 0.07', () => {
  const [everything, defaults] = POLICIES.map((p) => simulateFeedback(DEFAULT_SCENARIO, p.filter)) as [
    ReturnType<typeof simulateFeedback>,
    ReturnType<typeof simulateFeedback>,
  ];
  // The default's patrols stay close to where the crime is, month after month.
  expect(Math.max(...defaults.driftByMonth)).toBeLessThanOrEqual(0.07);
  expect(defaults.forgotten).toBe(0);
  // Learning from every record: the drift grows in the second half of the year and ends far larger,
  // and areas with real crime lose their patrols altogether.
  expect(everything.drift).toBeGreaterThan(2 * defaults.drift);
  expect(everything.driftByMonth.at(-1)!).toBeGreaterThan(everything.driftByMonth[5]!);
  expect(everything.forgotten).toBeGreaterThan(0);
  // Patrols pile onto the busiest area beyond its true share.
  expect(everything.patrolShare[0]!).toBeGreaterThan(everything.trueShare[0]! + 0.03);
});
