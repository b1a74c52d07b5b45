// One replica's briefing scheduler over a bot's services, and a platform that keeps what it is sent:
// what the tests of a single scheduled briefing share.
import type { Message } from '../../src/bot/message.ts';
import type { ChannelPoster, PostResult } from '../../src/bot/poster.ts';
import type { BriefingDeps } from '../../src/briefing/view.ts';
import {
  BriefingScheduler,
  type Composer,
  type SchedulerOptions,
} from '../../src/schedule/briefing-scheduler.ts';

/** Posts 15 minutes before each shift; tries twice. */
export const ONE_REPLICA: SchedulerOptions = {
  owner: 'only',
  leadMs: 15 * 60_000,
  leaseMs: 5 * 60_000,
  attempts: 2,
  backoffMs: 1,
  concurrency: 2,
};

export class RecordingPoster implements ChannelPoster {
  readonly platform = 'slack';
  readonly sent: { channelId: string; message: Message }[] = [];
  async post(channelId: string, message: Message): Promise<PostResult> {
    this.sent.push({ channelId, message });
    return { messageId: `ts-${this.sent.length}` };
  }
}

export const oneScheduler = (deps: BriefingDeps, poster: ChannelPoster, compose?: Composer) =>
  new BriefingScheduler(deps, new Map([['slack', poster]]), ONE_REPLICA, compose);
