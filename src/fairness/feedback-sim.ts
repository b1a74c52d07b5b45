// A feedback-loop simulation in the style of Ensign et al. (2018), "Runaway feedback loops in
// predictive policing": areas with known true crime rates; each day patrol units go where the model
// points; some crime is reported whatever the patrols do, the rest is found only where patrols are,
// and patrols also make enforcement-driven records (drugs). A model that learns from what patrols find
// sends more patrols where it sent them before; one that learns from reported crime does not.
import { learnsFrom, type TrainingFilter } from '../forecast/history.ts';
import { createRandom } from '../random.ts';

export interface FeedbackScenario {
  /** True crimes per day in each area. */
  rates: number[];
  /** The chance a crime is reported by the public. */
  reportProbability: number;
  /** Patrol units each day; each goes to one area. */
  units: number;
  /** The chance one unit in an area finds a crime that was not reported. */
  discoveryPerUnit: number;
  /** Enforcement-driven records (drug stops) a unit makes in a day. */
  enforcementPerUnit: number;
  /** Days simulated with patrols following the model, after a year of evenly spread patrols. */
  days: number;
  /** Days of records the model counts (patrolcast's naive forecast: the last year's count). */
  memoryDays: number;
  seed: number;
}

export const DEFAULT_SCENARIO: FeedbackScenario = {
  rates: [8, 7, 6, 5, 4, 3, 3, 2, 1, 1],
  reportProbability: 0.5,
  units: 50,
  discoveryPerUnit: 0.1,
  enforcementPerUnit: 0.6,
  days: 365,
  // The forest leans most on the last three months' counts.
  memoryDays: 91,
  seed: 2018,
};

/** The two policies compared: learning from every record, and patrolcast's defaults. */
export const POLICIES: { name: string; filter: TrainingFilter }[] = [
  {
    name: 'train on everything',
    filter: { origins: ['reported', 'discovered', 'unknown'], excludedCategories: [] },
  },
  {
    name: 'patrolcast default',
    filter: { origins: ['reported', 'unknown'], excludedCategories: ['drugs', 'traffic'] },
  },
];

export interface FeedbackResult {
  trueShare: number[];
  /** Each area's share of patrols over the last 30 days. */
  patrolShare: number[];
  /** Total variation distance between patrol share and true share over the last 30 days: 0 is none, 1 all. */
  drift: number;
  /** The same, for each 30-day stretch from the start. */
  driftByMonth: number[];
  /** Areas with crime that got no patrol at all in the last 30 days. */
  forgotten: number;
}

const RECORD_KINDS = [
  { origin: 'reported', category: 'theft' },
  { origin: 'discovered', category: 'theft' },
  { origin: 'discovered', category: 'drugs' },
] as const;

/**
 * Units in proportion to the forecast, as a supervisor spreads them over ranked places: each next unit
 * goes where the forecast per unit already sent is highest (D'Hondt), so there is no dice in it.
 */
export function allocate(forecast: readonly number[], units: number): Float64Array {
  const sent = new Float64Array(forecast.length);
  for (let u = 0; u < units; u++) {
    let best = 0;
    for (let a = 1; a < forecast.length; a++)
      if (forecast[a]! / (sent[a]! + 1) > forecast[best]! / (sent[best]! + 1)) best = a;
    sent[best]!++;
  }
  return sent;
}

const tv = (a: number[], b: number[]) => a.reduce((s, x, i) => s + Math.abs(x - b[i]!), 0) / 2;

export function simulateFeedback(scenario: FeedbackScenario, filter: TrainingFilter): FeedbackResult {
  const random = createRandom(scenario.seed);
  const n = scenario.rates.length;
  const total = scenario.rates.reduce((a, b) => a + b, 0);
  const trueShare = scenario.rates.map((r) => r / total);
  const counted = RECORD_KINDS.map((k) => learnsFrom(filter, k));
  // Each day's records the model learns from, per area, for the last memoryDays days.
  const memory: Float64Array[] = [];
  const known = new Float64Array(n);
  const patrolDays: Float64Array[] = [];
  const warmup = scenario.memoryDays;
  for (let day = 0; day < warmup + scenario.days; day++) {
    // Before the model has a year of records, patrols are spread evenly.
    const weights = day < warmup ? new Array<number>(n).fill(1) : [...known].map((k) => k + 1);
    const units = allocate(weights, scenario.units);
    const today = new Float64Array(n);
    for (let a = 0; a < n; a++) {
      const crimes = random.poisson(scenario.rates[a]!);
      const find = 1 - (1 - scenario.discoveryPerUnit) ** units[a]!;
      let reported = 0;
      let found = 0;
      for (let c = 0; c < crimes; c++) {
        if (random.next() < scenario.reportProbability) reported++;
        else if (random.next() < find) found++;
      }
      const enforcement = random.poisson(scenario.enforcementPerUnit * units[a]!);
      today[a] = (counted[0] ? reported : 0) + (counted[1] ? found : 0) + (counted[2] ? enforcement : 0);
    }
    memory.push(today);
    for (let a = 0; a < n; a++) known[a]! += today[a]!;
    if (memory.length > scenario.memoryDays) {
      const old = memory.shift()!;
      for (let a = 0; a < n; a++) known[a]! -= old[a]!;
    }
    if (day >= warmup) patrolDays.push(units);
  }
  const shareOf = (days: Float64Array[]) => {
    const sum = new Array<number>(n).fill(0);
    for (const d of days) for (let a = 0; a < n; a++) sum[a]! += d[a]!;
    const all = sum.reduce((x, y) => x + y, 0);
    return sum.map((s) => s / all);
  };
  const driftByMonth: number[] = [];
  for (let start = 0; start + 30 <= patrolDays.length; start += 30)
    driftByMonth.push(tv(shareOf(patrolDays.slice(start, start + 30)), trueShare));
  const patrolShare = shareOf(patrolDays.slice(-30));
  return {
    trueShare,
    patrolShare,
    drift: tv(patrolShare, trueShare),
    driftByMonth,
    forgotten: patrolShare.filter((s, a) => s === 0 && scenario.rates[a]! > 0).length,
  };
}
