// A subscribed channel whose briefing cannot be made is told so at the shift's start, once, rather than
// hearing nothing: the district its subscription names is gone since the boundaries changed, there is
// no model, or something failed on our side (named by a reference the server log holds).
import { expect, test } from 'vitest';
import { plainText } from '../../src/bot/message.ts';
import { ConflictError } from '../../src/errors.ts';
import { resolveWindow } from '../../src/forecast/windows.ts';
import { listRuns } from '../../src/schedule/briefing-runs.ts';
import { type Composer, composeForSubscription } from '../../src/schedule/briefing-scheduler.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { captureLog } from '../helpers/log-capture.ts';
import { subscribedToNights } from '../helpers/night-subscription.ts';
import { ONE_REPLICA, oneScheduler, RecordingPoster } from '../helpers/one-scheduler.ts';
import { DEMO_NOW, demoBot, trainedDemo } from '../helpers/trained-demo.ts';

describeEachDatabase('a briefing that cannot be made', (kind) => {
  test('a channel subscribed for a district that is gone is told so and how to mend it, once', async () => {
    const database = await trainedDemo(kind);
    const bot = demoBot(database);
    try {
      // Subscribed before the districts were redrawn: no incident names "Old North" now.
      await subscribedToNights(database, 'C0OLD', 2, 'Old North');
      await subscribedToNights(database, 'C0NORTH', 2, 'North');
      const poster = new RecordingPoster();
      const scheduler = oneScheduler(bot.services, poster);
      const tonight = resolveWindow('tonight', DEMO_NOW, bot.services.forecasting);
      const at = new Date(tonight.start.getTime() - 15 * 60_000);

      expect(await scheduler.tick(at)).toMatchObject({ posted: 1, failed: 1, others: 0 });
      const told = poster.sent.find((s) => s.channelId === 'C0OLD')!.message;
      expect(told.title).toBe('No briefing for the night shift · Mon 22:00–06:00');
      expect(told.summary).toBe(
        'This channel is subscribed for district Old North, which no incident names now (the districts have changed). /briefing subscribe with a district of the new boundaries, or none, sets it again.',
      );
      expect(told.tone).toBe('warning');
      expect(told.hotspots).toBeUndefined();
      // The district still known gets its briefing as ever.
      const north = poster.sent.find((s) => s.channelId === 'C0NORTH')!.message;
      expect(plainText(north)).toContain('district North');
      expect(north.hotspots!.length).toBeGreaterThan(0);

      // The run says the briefing failed, why, and which message told the channel.
      const runs = await listRuns(database);
      const failed = runs.find((r) => r.status === 'failed')!;
      expect(failed.reason).toMatch(/^"Old North" is not a district I know/);
      expect(failed.messageId).toBe(`ts-${poster.sent.findIndex((s) => s.channelId === 'C0OLD') + 1}`);

      // Not told again at the next tick of the same shift.
      expect(await scheduler.tick(new Date(at.getTime() + 60_000))).toMatchObject({ posted: 0, failed: 0 });
      expect(poster.sent).toHaveLength(2);
    } finally {
      await bot.close();
    }
  }, 120_000);

  test('a refusal is told in its own words; a fault in one line, by a reference the log holds', async () => {
    const database = await trainedDemo(kind);
    const { lines, log } = captureLog('error');
    const bot = demoBot(database, log);
    try {
      await subscribedToNights(database, 'C0REFUSED', 2);
      await subscribedToNights(database, 'C0FAULT', 3);
      // What the scheduler does with a failure is under test here, not the briefing.
      const tries = new Map<string, number>();
      const failing: Composer = async (_deps, subscription) => {
        tries.set(subscription.channelId, (tries.get(subscription.channelId) ?? 0) + 1);
        if (subscription.channelId === 'C0REFUSED')
          throw new ConflictError('there is no active model yet: `patrolcast train` (or /retrain) makes one');
        throw new Error('socket hang up at 10.0.0.5:5432');
      };
      const poster = new RecordingPoster();
      const scheduler = oneScheduler(bot.services, poster, failing);
      const tonight = resolveWindow('tonight', DEMO_NOW, bot.services.forecasting);
      const report = await scheduler.tick(new Date(tonight.start.getTime() - 5 * 60_000));
      expect(report).toMatchObject({ posted: 0, failed: 2, others: 0 });
      // A refusal is not asked again; a fault is, as often as the scheduler tries a post.
      expect(Object.fromEntries(tries)).toEqual({ C0REFUSED: 1, C0FAULT: ONE_REPLICA.attempts });

      const to = (channel: string) => poster.sent.find((s) => s.channelId === channel)!.message;
      expect(to('C0REFUSED').summary).toBe(
        'There is no active model yet: `patrolcast train` (or /retrain) makes one.',
      );
      const fault = to('C0FAULT').summary!;
      expect(fault).toMatch(
        /^It could not be made on our side\. Reference run \d+: the team can look it up\.$/,
      );
      // The fault's own words stay in the log, beside the reference the channel was given.
      expect(fault).not.toContain('10.0.0.5');
      const reference = /Reference (run \d+)/.exec(fault)![1]!;
      const logged = lines.map(
        (l) => JSON.parse(l) as { reference?: string; msg: string; err?: { message: string } },
      );
      expect(logged.find((l) => l.reference === reference)).toMatchObject({
        msg: 'briefing could not be composed',
        err: { message: 'socket hang up at 10.0.0.5:5432' },
      });
    } finally {
      await bot.close();
    }
  }, 120_000);

  test('a fault that passes (a query dropped once) still gives the channel its briefing', async () => {
    const database = await trainedDemo(kind);
    const bot = demoBot(database);
    try {
      await subscribedToNights(database, 'C0BLIP', 2);
      let tries = 0;
      const blip: Composer = async (deps, subscription, window) => {
        if (++tries === 1) throw new Error('Connection terminated unexpectedly');
        return composeForSubscription(deps, subscription, window);
      };
      const poster = new RecordingPoster();
      const tonight = resolveWindow('tonight', DEMO_NOW, bot.services.forecasting);
      const report = await oneScheduler(bot.services, poster, blip).tick(
        new Date(tonight.start.getTime() - 15 * 60_000),
      );
      expect(report).toMatchObject({ posted: 1, failed: 0 });
      expect(tries).toBe(2);
      expect(poster.sent).toHaveLength(1);
      expect(poster.sent[0]!.message.title).toBe(
        'DEMO DATA · Shift briefing · night shift · Mon 22:00–06:00',
      );
      expect((await listRuns(database)).find((r) => r.status === 'posted')?.attempts).toBe(1);
    } finally {
      await bot.close();
    }
  }, 120_000);
});
