// Posts each due briefing once, whichever replica gets there first: claim, compose, post (retrying with
// back-off), settle. `tick(now)` takes the clock as an argument, so tests can run any day of the year.
import type { Message } from '../bot/message.ts';
import type { ChannelPoster } from '../bot/poster.ts';
import { PostError } from '../bot/poster.ts';
import { listSubscriptions, type Subscription } from '../briefing/subscriptions.ts';
import { type BriefingDeps, briefingView } from '../briefing/view.ts';
import type { ForecastWindow } from '../forecast/windows.ts';
import { type Category, isCategory } from '../ingest/categories.ts';
import { claimRun, recordMissed, settleRun } from './briefing-runs.ts';
import { dueBriefings } from './due.ts';

export interface SchedulerOptions {
  /** Who this replica is, in leases. */
  owner: string;
  /** Post this long before the shift starts. */
  leadMs: number;
  /** How long a claim holds before another replica may take over. */
  leaseMs: number;
  /** Tries per post, and the first back-off (doubling). */
  attempts: number;
  backoffMs: number;
  /** Posts at once, across channels. */
  concurrency: number;
}

export interface TickReport {
  posted: number;
  failed: number;
  missed: number;
  /** Due, but claimed by another replica or already settled. */
  others: number;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds the message for one subscription and shift. */
export type Composer = (
  deps: BriefingDeps,
  subscription: Subscription,
  window: ForecastWindow,
) => Promise<Message>;

/** The shift briefing with its map, as the subscription filters it. */
export const composeForSubscription: Composer = async (deps, subscription, window) => {
  const category: Category | 'all' =
    subscription.category && isCategory(subscription.category) ? subscription.category : 'all';
  const { message } = await briefingView(deps, {
    window,
    category,
    units: subscription.units,
    ...(subscription.district ? { district: subscription.district } : {}),
  });
  return message;
};

export class BriefingScheduler {
  constructor(
    private readonly deps: BriefingDeps,
    private readonly posters: ReadonlyMap<string, ChannelPoster>,
    private readonly options: SchedulerOptions,
    private readonly compose: Composer = composeForSubscription,
  ) {}

  async tick(now: Date): Promise<TickReport> {
    const report: TickReport = { posted: 0, failed: 0, missed: 0, others: 0 };
    // Only subscriptions this replica can post to: another replica may run the other platforms.
    const subscriptions = (await listSubscriptions(this.deps.database)).filter((s) =>
      this.posters.has(s.platform),
    );
    const { due, missed } = dueBriefings(
      subscriptions,
      this.deps.forecasting.shifts,
      now,
      this.options.leadMs,
    );
    for (const m of missed) {
      const recorded = await recordMissed(
        this.deps.database,
        { subscriptionId: m.subscription.id, shiftStart: m.window.start },
        'the shift ended before its briefing could be posted',
        now,
      );
      if (recorded) report.missed++;
    }
    const queue = [...due];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const outcome = await this.deliver(next.subscription, next.window, next.late, now);
        report[outcome]++;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.options.concurrency) }, worker));
    return report;
  }

  private async deliver(
    subscription: Subscription,
    window: ForecastWindow,
    late: boolean,
    now: Date,
  ): Promise<'posted' | 'failed' | 'others'> {
    const { database, log } = this.deps;
    const claim = await claimRun(
      database,
      { subscriptionId: subscription.id, shiftStart: window.start, late },
      this.options.owner,
      now,
      this.options.leaseMs,
    );
    if (!claim) return 'others';
    const poster = this.posters.get(subscription.platform)!;
    let attempts = 0;
    let reason = '';
    try {
      const message = await this.compose(this.deps, subscription, window);
      if (late) message.title = `Late: ${message.title}`;
      for (attempts = 1; attempts <= this.options.attempts; attempts++) {
        try {
          const messageId = await poster.post(subscription.channelId, message);
          await settleRun(
            database,
            claim,
            this.options.owner,
            { status: 'posted', messageId, attempts },
            now,
          );
          return 'posted';
        } catch (error) {
          reason = error instanceof Error ? error.message : String(error);
          log.warn({ subscription: subscription.id, attempt: attempts, reason }, 'briefing post failed');
          if (attempts < this.options.attempts) {
            const backoff = this.options.backoffMs * 2 ** (attempts - 1);
            await wait(
              error instanceof PostError && error.retryAfterMs
                ? Math.max(error.retryAfterMs, backoff)
                : backoff,
            );
          }
        }
      }
      attempts = this.options.attempts;
    } catch (error) {
      // Composing failed (no model, no data): nothing was posted.
      reason = error instanceof Error ? error.message : String(error);
      log.error({ subscription: subscription.id, err: error }, 'briefing could not be composed');
    }
    await settleRun(database, claim, this.options.owner, { status: 'failed', reason, attempts }, now);
    return 'failed';
  }
}
