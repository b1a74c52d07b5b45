// Which briefings are due at a moment: each subscribed shift is posted from a lead time before it
// starts until it ends (late once it has started); one that ended unposted is missed.
import type { Subscription } from '../briefing/subscriptions.ts';
import { type ForecastWindow, type ShiftDefinition, windowsBetween } from '../forecast/windows.ts';
import { addDays, toLocal } from '../time/zone.ts';

export interface DueBriefing {
  subscription: Subscription;
  window: ForecastWindow;
  /** The shift has started: post it marked late. */
  late: boolean;
}

export interface DueSet {
  due: DueBriefing[];
  /** Shifts that ended in the last day without being posted (unless a run says otherwise). */
  missed: DueBriefing[];
}

/** The subscription's shifts in its own zone, from the day before to the day after `now`. */
function shiftsAround(
  subscription: Subscription,
  shifts: readonly ShiftDefinition[],
  now: Date,
): ForecastWindow[] {
  const chosen = shifts.filter((s) => subscription.shifts.includes(s.name));
  if (chosen.length === 0) return [];
  const local = toLocal(now, subscription.timeZone);
  const today = { year: local.year, month: local.month, day: local.day };
  const all = windowsBetween('shift', addDays(today, -1), addDays(today, 1), {
    timeZone: subscription.timeZone,
    shifts: [...shifts],
  });
  const names = new Set(chosen.map((s) => s.name));
  return all.filter((w) => names.has(shifts[w.slot]!.name));
}

export function dueBriefings(
  subscriptions: readonly Subscription[],
  shifts: readonly ShiftDefinition[],
  now: Date,
  leadMs: number,
): DueSet {
  const due: DueBriefing[] = [];
  const missed: DueBriefing[] = [];
  const t = now.getTime();
  for (const subscription of subscriptions) {
    if (!subscription.enabled) continue;
    for (const window of shiftsAround(subscription, shifts, now)) {
      if (window.start <= subscription.createdAt) continue;
      const start = window.start.getTime();
      const end = window.end.getTime();
      if (t >= start - leadMs && t < end) due.push({ subscription, window, late: t > start });
      else if (t >= end && t - end < 24 * 3_600_000) missed.push({ subscription, window, late: true });
    }
  }
  return { due, missed };
}
