// Posts each due briefing once, whichever replica gets there first: claim, compose, post (retrying with
// back-off), settle. `tick(now)` takes the clock as an argument, so tests can run any day of the year.
import type { Message } from '../bot/message.ts';
import type { ChannelPoster } from '../bot/poster.ts';
import { PostError } from '../bot/poster.ts';
import { listSubscriptions, type Subscription } from '../briefing/subscriptions.ts';
import { type BriefingDeps, briefingView } from '../briefing/view.ts';
import { isUserError } from '../errors.ts';
import { answerableWindow } from '../forecast/model-window.ts';
import type { ForecastWindow } from '../forecast/windows.ts';
import { type Category, isCategory } from '../ingest/categories.ts';
import { briefingNotice } from './briefing-notice.ts';
import { type Claim, claimRun, type Outcome, recordMissed, settleRun } from './briefing-runs.ts';
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

/** Tries at recording a run's outcome in the database. */
const SETTLE_ATTEMPTS = 4;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Builds the message for one subscription and shift. With `shareKey`, subscriptions of one key get one
 * message per tick: 200 channels that ask for the same shift share one briefing and one map image.
 */
export type Composer = ((
  deps: BriefingDeps,
  subscription: Subscription,
  window: ForecastWindow,
) => Promise<Message>) & {
  shareKey?: (subscription: Subscription, window: ForecastWindow) => string;
};

/** The shift briefing with its map, as the subscription filters it. */
export const composeForSubscription: Composer = async (deps, subscription, window) => {
  const category: Category | 'all' =
    subscription.category && isCategory(subscription.category) ? subscription.category : 'all';
  const { message } = await briefingView(deps, {
    // The shift, or the day or month holding it when the data have no finer times.
    window: await answerableWindow(deps.database, window, deps.forecasting),
    category,
    units: subscription.units,
    ...(subscription.district ? { district: subscription.district } : {}),
  });
  return message;
};
// What the message depends on: nothing of the channel's own.
composeForSubscription.shareKey = (s, window) =>
  JSON.stringify([window.start.getTime(), window.kind, s.category, s.units, s.district]);

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
    // One message per distinct briefing this tick, dropped with the tick so its image goes with it.
    const shared = new Map<string, Promise<Message>>();
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const outcome = await this.deliver(next.subscription, next.window, next.late, now, shared);
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
    shared: Map<string, Promise<Message>>,
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
    // The whole attempt fits well inside the lease, so no other replica takes over a post in flight.
    const giveUpAt = Date.now() + this.options.leaseMs / 2;
    let message: Message;
    // Why the briefing itself could not be made; the channel is told so instead of hearing nothing.
    let composeFailure: string | undefined;
    try {
      // A copy: a late post retitles its own.
      message = { ...(await this.composed(subscription, window, shared, giveUpAt)) };
    } catch (error) {
      composeFailure = error instanceof Error ? error.message : String(error);
      const reference = `run ${claim.id}`;
      log.error({ subscription: subscription.id, reference, err: error }, 'briefing could not be composed');
      message = await briefingNotice(database, subscription, window, error, reference);
    }
    if (late) message.title = `Late: ${message.title}`;
    const poster = this.posters.get(subscription.platform)!;
    let reason = '';
    let attempts = 0;
    // Only the platform call is retried: a post throws only when nothing was posted.
    while (attempts < this.options.attempts) {
      attempts++;
      try {
        const posted = await poster.post(subscription.channelId, message);
        if (composeFailure !== undefined) {
          // The notice went out; the briefing did not.
          await this.settle(
            claim,
            { status: 'failed', reason: composeFailure, attempts, messageId: posted.messageId },
            now,
          );
          return 'failed';
        }
        if (posted.incomplete)
          log.warn({ subscription: subscription.id, note: posted.incomplete }, 'briefing posted incomplete');
        await this.settle(
          claim,
          { status: 'posted', messageId: posted.messageId, attempts, note: posted.incomplete },
          now,
        );
        return 'posted';
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
        log.warn({ subscription: subscription.id, attempt: attempts, reason }, 'briefing post failed');
        const backoff = this.options.backoffMs * 2 ** (attempts - 1);
        const pause =
          error instanceof PostError && error.retryAfterMs ? Math.max(error.retryAfterMs, backoff) : backoff;
        if (attempts >= this.options.attempts || Date.now() + pause > giveUpAt) break;
        await wait(pause);
      }
    }
    await this.settle(claim, { status: 'failed', reason: composeFailure ?? reason, attempts }, now);
    return 'failed';
  }

  /**
   * The briefing, composed once per share key this tick. A fault (the database dropping a query) is
   * tried again with back-off while the lease allows; a refusal (no model, a district gone) is not.
   */
  private async composed(
    subscription: Subscription,
    window: ForecastWindow,
    shared: Map<string, Promise<Message>>,
    giveUpAt: number,
  ): Promise<Message> {
    const key = this.compose.shareKey?.(subscription, window);
    for (let attempt = 1; ; attempt++) {
      let composing = key === undefined ? undefined : shared.get(key);
      if (!composing) {
        composing = this.compose(this.deps, subscription, window);
        if (key !== undefined) shared.set(key, composing);
      }
      try {
        return await composing;
      } catch (error) {
        // The next try, this subscription's or another's of the same key, composes afresh.
        if (key !== undefined && shared.get(key) === composing) shared.delete(key);
        const pause = this.options.backoffMs * 2 ** (attempt - 1);
        if (isUserError(error) || attempt >= this.options.attempts || Date.now() + pause > giveUpAt)
          throw error;
        this.deps.log.warn(
          { subscription: subscription.id, attempt, err: error },
          'briefing could not be composed; trying again',
        );
        await wait(pause);
      }
    }
  }

  /**
   * Records how the run ended, trying the database again if it fails: never by posting again. A run
   * that cannot be recorded at all stays claimed until its lease ends, and is then marked missed.
   */
  private async settle(claim: Claim, outcome: Outcome, now: Date): Promise<void> {
    const { database, log } = this.deps;
    for (let attempt = 1; attempt <= SETTLE_ATTEMPTS; attempt++) {
      try {
        await settleRun(database, claim, this.options.owner, outcome, now);
        return;
      } catch (error) {
        log.warn({ run: claim.id, attempt, err: error }, 'could not record how a briefing run ended');
        if (attempt < SETTLE_ATTEMPTS) await wait(this.options.backoffMs * 2 ** (attempt - 1));
      }
    }
    log.error(
      {
        run: claim.id,
        status: outcome.status,
        ...(outcome.status === 'posted' ? { messageId: outcome.messageId } : {}),
      },
      'a briefing run could not be recorded',
    );
  }
}
