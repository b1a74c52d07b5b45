// Words for how likely a place is, and for what the model is worth, from what held-out days measured:
// rank alone called a place expecting 0.08 incidents "very high" because 99% of places expect less.
import { COVERAGES, type Coverage, flaggedCount } from '../forecast/metrics.ts';

/** Held-out scores of one method as a model's metrics keep them (JSON: coverages are string keys). */
interface HeldOutScores {
  hr?: Partial<Record<`${Coverage}`, number>>;
  pai?: Partial<Record<`${Coverage}`, number>>;
}

/** The active model's held-out scores by method: `candidate` is the method it runs. */
export function heldOutScores(metrics: Record<string, unknown> | undefined): Record<string, HeldOutScores> {
  const models = metrics?.models;
  return typeof models === 'object' && models !== null ? (models as Record<string, HeldOutScores>) : {};
}

const WORDS = ['moderate', 'elevated', 'high', 'very high'] as const;
export type RiskWord = (typeof WORDS)[number];

/** ×10 a typical place is very high, ×5 high, ×2 elevated. */
const levelOf = (times: number) => (times >= 10 ? 3 : times >= 5 ? 2 : times >= 2 ? 1 : 0);

export interface RiskInput {
  expected: number;
  /** An average place's expected count in the same forecast. */
  typical: number;
  rank: number;
  /** Places in the forecast. */
  places: number;
  metrics?: Record<string, unknown> | undefined;
}

/**
 * The lower of two words: how many times a typical place's count this place expects, and how many times
 * its share of the city's area the model's places of that rank band (top 1%, 2%, 5%, 10%) actually caught
 * on held-out days (PAI). A forecast that ranks well on paper but caught little in practice says less.
 */
export function riskWord({ expected, typical, rank, places, metrics }: RiskInput): RiskWord {
  let level = levelOf(expected / Math.max(typical, 1e-9));
  // A place expecting less than one incident in ten such shifts is never "very high".
  if (expected < 0.1) level = Math.min(level, 2);
  const band = COVERAGES.find((c) => rank <= flaggedCount(places, c));
  const lift = band ? heldOutScores(metrics).candidate?.pai?.[`${band}`] : undefined;
  if (typeof lift === 'number') level = Math.min(level, levelOf(lift));
  return WORDS[level]!;
}

/** What held-out days said of the model against simple counts, when it did no better than them. */
export function edgeOverCounting(
  algorithm: string,
  metrics: Record<string, unknown> | undefined,
): string | null {
  if (algorithm === 'ewma' || algorithm === 'naive')
    return 'This forecast is a weighted count of past incidents: on held-out days no learned model did better.';
  const models = heldOutScores(metrics);
  const own = models.candidate?.hr?.['5'];
  const counts = ['naive', 'ewma']
    .map((k) => models[k]?.hr?.['5'])
    .filter((x): x is number => typeof x === 'number');
  if (own === undefined || counts.length === 0) return null;
  return own <= Math.max(...counts) * 1.01
    ? 'On held-out days this model did no better than a simple count of past incidents.'
    : null;
}
