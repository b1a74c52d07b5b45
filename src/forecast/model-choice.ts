// Which method a training keeps: the candidates the history allows (the forest needs half a year, the
// EWMA four weeks), and the choice between them on the same held-out days, the simpler on a tie.
import { UserError } from '../errors.ts';
import type { Metrics } from './metrics.ts';
import { algorithmNamed } from './models/algorithms.ts';
import type { ShiftSummary } from './shift-tally.ts';

export interface ModelChoice {
  candidates: string[];
  chosen: string;
  /** Why this method, in words: the hit rates compared. */
  why: string;
  /** What the data allowed, when they ruled a method out. */
  note?: string;
}

/** From the simplest: a method is chosen over a more complex one it ties with. */
const SIMPLEST_FIRST = ['ewma', 'naive', 'forest', 'ml-random-forest', 'svm'];

/**
 * History each method needs, held-out days included: a learned model half a year before them (three
 * months of warm-up for its features, three of examples), the EWMA four weeks (to choose its half-life).
 */
const needsDays = (name: string, holdoutDays: number) =>
  algorithmNamed(name).learned ? 180 + holdoutDays : 28 + holdoutDays;

/** A learned model's longest features look back a year; with less, they see what there is. */
const FULL_HISTORY_DAYS = 365;

/** The methods a training compares: the one asked for, or the forest and the EWMA when the data allow. */
export function candidatesFor(
  asked: string,
  spanDays: number,
  holdoutDays: number,
): { candidates: string[]; note?: string } {
  const days = Math.floor(spanDays);
  const short =
    spanDays < FULL_HISTORY_DAYS + holdoutDays
      ? `the data cover ${days} days, less than the year the forest's longest features look back: it learns from what there is`
      : undefined;
  if (asked !== 'auto') {
    const need = needsDays(asked, holdoutDays);
    const learned = algorithmNamed(asked).learned;
    if (spanDays < need)
      throw new UserError(
        `${asked} needs at least ${need} days of incidents (${learned ? 'half a year to learn from, and ' : 'four weeks to choose its half-life, and '}${holdoutDays} days held out to judge it); the data cover ${days} days${learned ? `. The ewma needs only ${needsDays('ewma', holdoutDays)}: --algorithm ewma` : ''}`,
      );
    return { candidates: [asked], ...(learned && short ? { note: short } : {}) };
  }
  if (spanDays >= needsDays('forest', holdoutDays))
    return { candidates: ['ewma', 'forest'], ...(short ? { note: short } : {}) };
  if (spanDays >= needsDays('ewma', holdoutDays))
    return {
      candidates: ['ewma'],
      note: `the data cover ${days} days: the forest needs at least ${needsDays('forest', holdoutDays)}, so the EWMA, the strongest simple method, is what these data allow`,
    };
  throw new UserError(
    `the data cover ${days} days: even the simplest method needs ${needsDays('ewma', holdoutDays)} (${holdoutDays} days held out to judge it, and four weeks before them)`,
  );
}

/**
 * The method to keep: the best hit rate at 5% on the held-out days, or a simpler one within the
 * tolerance of it (a tie goes to the method that is easier to explain and cannot overfit).
 */
export function chooseModel(
  evaluation: Record<string, Metrics>,
  candidates: string[],
  givenTolerance: number,
  shifts?: Record<string, ShiftSummary>,
  /** The learned model in use fell behind a simple count in live use: a learned one must now win by twice the margin. */
  behindInLiveUse?: string,
): { chosen: string; why: string } {
  const tolerance = behindInLiveUse ? givenTolerance * 2 : givenTolerance;
  const hr = (name: string) => evaluation[name]!.hr[5];
  const order = [...candidates].sort((a, b) => rankOf(a) - rankOf(b));
  if (order.length === 1) return { chosen: order[0]!, why: `${order[0]} was the only method tried` };
  const best = order.reduce((x, y) => (hr(y) > hr(x) ? y : x));
  const tied = order.filter((name) => hr(name) >= hr(best) - tolerance);
  // For shifts, a tie also asks whether each shift's top places saw what they were told to expect: a
  // method that misjudges one shift's list (a day list scaled down for the night) gives way.
  const honest = shifts ? tied.filter((name) => shiftsHonest(shifts[name])) : tied;
  const chosen = honest[0] ?? tied[0]!;
  const scores = order.map((name) => `${name} ${pct(hr(name))}`).join(', ');
  const passedOver = tied.filter((name) => rankOf(name) < rankOf(chosen));
  const live = behindInLiveUse
    ? `; in live use the model it would replace ${behindInLiveUse}, so a learned method had to win by ${pct(tolerance)}`
    : '';
  const why =
    passedOver.length > 0
      ? `${chosen} is within ${pct(tolerance)} of the best on the held-out days (${scores}), and ${passedOver.join(', ')} misjudged a shift's top ten (observed ÷ expected outside ${HONEST[0]}–${HONEST[1]})`
      : chosen === best
        ? `${chosen} caught the most incidents in the top 5% of places on the held-out days (${scores})`
        : `${chosen} is within ${pct(tolerance)} of ${best} on the held-out days (${scores}): the simpler method wins a tie`;
  return { chosen, why: `${why}${live}` };
}

/** Observed ÷ expected in a shift's top ten that counts as honest. */
const HONEST = [0.8, 1.25] as const;

const shiftsHonest = (summary: ShiftSummary | undefined): boolean =>
  !summary ||
  summary.byShift.every(
    (s) => s.top10ObservedOverExpected >= HONEST[0] && s.top10ObservedOverExpected <= HONEST[1],
  );

const rankOf = (name: string) => {
  const i = SIMPLEST_FIRST.indexOf(name);
  return i < 0 ? SIMPLEST_FIRST.length : i;
};

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
