import { describe, expect, test } from 'vitest';
import type { Message } from '../../src/bot/message.ts';
import { type ChannelPoster, PostError, type PostResult } from '../../src/bot/poster.ts';
import { subscribe } from '../../src/briefing/subscriptions.ts';
import type { BriefingDeps } from '../../src/briefing/view.ts';
import type { Database } from '../../src/db/client.ts';
import { parseShifts, windowsBetween } from '../../src/forecast/windows.ts';
import { silentLogger } from '../../src/log.ts';
import { MapRenderer } from '../../src/maps/renderer.ts';
import { claimRun, listRuns } from '../../src/schedule/briefing-runs.ts';
import {
  BriefingScheduler,
  type Composer,
  type SchedulerOptions,
} from '../../src/schedule/briefing-scheduler.ts';
import { fromLocal } from '../../src/time/zone.ts';
import { TEST_FORECAST_SETTINGS } from '../helpers/api.ts';
import { DATABASE_KINDS, describeEachDatabase, freshDatabase } from '../helpers/databases.ts';

const MINUTE = 60_000;
const LEAD = 15 * MINUTE;
const SHIFTS = parseShifts('06:00-14:00,14:00-22:00,22:00-06:00');

/** A chat platform that keeps what it is sent, and can be told to fail first. */
class RecordingPlatform implements ChannelPoster {
  readonly platform = 'slack';
  readonly sent: { channelId: string; message: Message }[] = [];
  constructor(private failuresLeft = 0) {}
  async post(channelId: string, message: Message): Promise<PostResult> {
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new PostError('slack answered 503');
    }
    this.sent.push({ channelId, message });
    return { messageId: `ts-${this.sent.length}` };
  }
}

// The scheduling is under test here, not the briefing: each post says which shift it is for.
const composeLabel: Composer = async (_deps, subscription, window) => ({
  title: `${subscription.channelId} ${window.start.toISOString()}`,
});

function deps(database: Database): BriefingDeps {
  return {
    database,
    forecasting: { ...TEST_FORECAST_SETTINGS, shifts: SHIFTS },
    maps: { width: 600, height: 400, renderTimeoutMs: 10_000 },
    renderer: new MapRenderer({ timeoutMs: 10_000, cacheSize: 1 }),
    agencyName: 'Metro PD',
    units: 3,
    briefingTop: 10,
    log: silentLogger(),
  };
}

const options = (owner: string): SchedulerOptions => ({
  owner,
  leadMs: LEAD,
  leaseMs: 2 * MINUTE,
  attempts: 3,
  backoffMs: 1,
  concurrency: 4,
});

async function subscribed(
  database: Database,
  timeZone = 'America/Chicago',
  shifts = SHIFTS.map((s) => s.name),
  since = new Date('2026-01-01T00:00:00Z'),
) {
  const subscription = await subscribe(database, {
    platform: 'slack',
    channelId: 'C0PATROL',
    shifts,
    timeZone,
    district: null,
    category: null,
    units: 2,
    createdBy: 'slack:U1',
  });
  // The clock is simulated: the subscription dates from when the test says.
  await database.query('update subscriptions set created_at = $1 where id = $2', [
    since.toISOString(),
    subscription.id,
  ]);
  return { ...subscription, createdAt: since };
}

/** The shifts starting on these local dates, in a zone. */
const shiftsOn = (timeZone: string, from: string, to: string) => {
  const [a, b] = [from, to].map((d) => {
    const [year, month, day] = d.split('-').map(Number) as [number, number, number];
    return { year, month, day };
  });
  return windowsBetween('shift', a!, b!, { timeZone, shifts: SHIFTS });
};

describe.skipIf(!DATABASE_KINDS.includes('postgres'))('three replicas on one PostgreSQL database', () => {
  test('post each of 100 shifts exactly once', async () => {
    const database = await freshDatabase('postgres');
    const platforms = [new RecordingPlatform(), new RecordingPlatform(), new RecordingPlatform()];
    const replicas = platforms.map(
      (p, i) =>
        new BriefingScheduler(deps(database), new Map([['slack', p]]), options(`replica-${i}`), composeLabel),
    );
    const shifts = shiftsOn('America/Chicago', '2026-03-01', '2026-04-03').slice(0, 100);
    await subscribed(
      database,
      'America/Chicago',
      SHIFTS.map((s) => s.name),
      new Date(shifts[0]!.start.getTime() - LEAD - 5 * MINUTE),
    );
    for (const shift of shifts) {
      // Every replica ticks at the same minute, and again a minute later.
      for (const offset of [LEAD - MINUTE, LEAD - 2 * MINUTE]) {
        const now = new Date(shift.start.getTime() - offset);
        await Promise.all(replicas.map((r) => r.tick(now)));
      }
    }
    const sent = platforms.flatMap((p) => p.sent.map((s) => s.message.title));
    expect(sent).toHaveLength(100);
    expect(new Set(sent).size).toBe(100);
    expect(sent.sort()).toEqual(shifts.map((s) => `C0PATROL ${s.start.toISOString()}`).sort());
    // The work was shared, not done by one replica alone.
    expect(platforms.filter((p) => p.sent.length > 0).length).toBeGreaterThan(1);
    const runs = await listRuns(database);
    expect(runs.map((r) => r.status)).toEqual(Array(100).fill('posted'));
  }, 120_000);

  test('a replica that dies between claim and post is covered by another once its lease runs out', async () => {
    const database = await freshDatabase('postgres');
    const [shift] = shiftsOn('America/Chicago', '2026-05-04', '2026-05-04');
    const at = new Date(shift!.start.getTime() - LEAD);
    const subscription = await subscribed(database, 'America/Chicago', ['06:00-14:00']);
    expect(
      await claimRun(
        database,
        { subscriptionId: subscription.id, shiftStart: shift!.start, late: false },
        'dead',
        at,
        2 * MINUTE,
      ),
    ).toBeDefined();
    const platform = new RecordingPlatform();
    const survivor = new BriefingScheduler(
      deps(database),
      new Map([['slack', platform]]),
      options('survivor'),
      composeLabel,
    );
    expect((await survivor.tick(new Date(at.getTime() + MINUTE))).others).toBe(1);
    expect(platform.sent).toHaveLength(0);
    await survivor.tick(new Date(at.getTime() + 2 * MINUTE));
    expect(platform.sent.map((s) => s.message.title)).toEqual([`C0PATROL ${shift!.start.toISOString()}`]);
    const [run] = await listRuns(database);
    expect([run!.status, run!.attempts]).toEqual(['posted', 2]);
  });
});

/** One replica posting to one platform, ticking at the Monday 06:00 shift's lead time and once more. */
async function postMondayMorning(
  database: Database,
  platform: RecordingPlatform,
  secondTickAfter = MINUTE,
): Promise<void> {
  const scheduler = new BriefingScheduler(
    deps(database),
    new Map([['slack', platform]]),
    options('only'),
    composeLabel,
  );
  const [shift] = shiftsOn('America/Chicago', '2026-05-04', '2026-05-04');
  await scheduler.tick(new Date(shift!.start.getTime() - LEAD));
  await scheduler.tick(new Date(shift!.start.getTime() - LEAD + secondTickAfter));
}

describeEachDatabase('one scheduler', (kind) => {
  test('a platform that fails twice then succeeds yields one message, after three attempts', async () => {
    const database = await freshDatabase(kind);
    await subscribed(database, 'America/Chicago', ['06:00-14:00']);
    const platform = new RecordingPlatform(2);
    await postMondayMorning(database, platform);
    expect(platform.sent).toHaveLength(1);
    const [run] = await listRuns(database);
    expect([run!.status, run!.attempts, run!.messageId]).toEqual(['posted', 3, 'ts-1']);
  });

  test('a post whose outcome the database refuses at first is recorded later, and never sent again', async () => {
    const database = await freshDatabase(kind);
    await subscribed(database, 'America/Chicago', ['06:00-14:00']);
    // The database refuses the first two attempts to record the post (as a failover or a lost
    // connection would), then takes the third.
    // (A sequence counts the refusals: it is not rolled back with the refused statement.)
    await database.query('create sequence settle_refusals');
    await database.query(`create function refuse_settle() returns trigger language plpgsql as $$
      begin
        if new.status = 'posted' and nextval('settle_refusals') <= 2 then
          raise exception 'the database went away';
        end if;
        return new;
      end $$`);
    await database.query(
      'create trigger refuse_settle before update on briefing_runs for each row execute function refuse_settle()',
    );
    const platform = new RecordingPlatform();
    await postMondayMorning(database, platform);
    expect(platform.sent).toHaveLength(1);
    const [run] = await listRuns(database);
    expect([run!.status, run!.attempts, run!.messageId]).toEqual(['posted', 1, 'ts-1']);
  });

  test('a platform that keeps failing gives a failed run with the reason, and no repeat', async () => {
    const database = await freshDatabase(kind);
    await subscribed(database, 'America/Chicago', ['06:00-14:00']);
    const platform = new RecordingPlatform(99);
    // The second tick at the shift's start, when a post could still go out.
    await postMondayMorning(database, platform, LEAD);
    const [run] = await listRuns(database);
    expect([run!.status, run!.attempts, run!.reason]).toEqual(['failed', 3, 'slack answered 503']);
  });

  test('after downtime a running shift is posted late; an ended one is skipped once', async () => {
    const database = await freshDatabase(kind);
    const [monday, tuesday] = shiftsOn('America/Chicago', '2026-05-04', '2026-05-05').filter(
      (w) => w.slot === 0,
    );
    await subscribed(
      database,
      'America/Chicago',
      ['06:00-14:00'],
      new Date(monday!.start.getTime() - 3_600_000),
    );
    const platform = new RecordingPlatform();
    const scheduler = new BriefingScheduler(
      deps(database),
      new Map([['slack', platform]]),
      options('only'),
      composeLabel,
    );
    // Back up at 11:00 on Monday: the morning shift still runs.
    const report = await scheduler.tick(new Date(monday!.start.getTime() + 5 * 3_600_000));
    expect(report.posted).toBe(1);
    expect(platform.sent[0]!.message.title).toBe(`Late: C0PATROL ${monday!.start.toISOString()}`);
    // Down again from Tuesday 05:00 to 15:00: Tuesday's shift ended unposted.
    const afterTuesday = new Date(tuesday!.end.getTime() + 3_600_000);
    expect((await scheduler.tick(afterTuesday)).missed).toBe(1);
    expect((await scheduler.tick(new Date(afterTuesday.getTime() + MINUTE))).missed).toBe(0);
    expect(platform.sent).toHaveLength(1);
    const runs = await listRuns(database);
    expect(runs.map((r) => [r.status, r.late])).toEqual([
      ['skipped', true],
      ['posted', true],
    ]);
  });
});

describeEachDatabase('across daylight-saving changes', (kind) => {
  test.each([
    ['America/Chicago', '2026-03-07', '2026-03-09'],
    ['America/Chicago', '2026-10-31', '2026-11-02'],
    ['Europe/London', '2026-03-28', '2026-03-30'],
    ['Europe/London', '2026-10-24', '2026-10-26'],
    ['Asia/Kolkata', '2026-03-07', '2026-03-09'],
  ])('the 06:00 shift in %s fires at 05:45 local from %s to %s', async (timeZone, from, to) => {
    const database = await freshDatabase(kind);
    await subscribed(database, timeZone, ['06:00-14:00']);
    const platform = new RecordingPlatform();
    const scheduler = new BriefingScheduler(
      deps(database),
      new Map([['slack', platform]]),
      options('only'),
      composeLabel,
    );
    for (const shift of shiftsOn(timeZone, from, to).filter((w) => w.slot === 0)) {
      const [year, month, day] = shift.date.split('-').map(Number) as [number, number, number];
      const quarterTo = fromLocal({ year, month, day, hour: 5, minute: 45 }, timeZone);
      const before = platform.sent.length;
      await scheduler.tick(new Date(quarterTo.getTime() - MINUTE));
      expect(platform.sent.length).toBe(before);
      await scheduler.tick(quarterTo);
      expect(platform.sent.at(-1)?.message.title).toBe(`C0PATROL ${shift.start.toISOString()}`);
      expect(shift.start).toEqual(fromLocal({ year, month, day, hour: 6, minute: 0 }, timeZone));
    }
    expect(platform.sent).toHaveLength(3);
    if (timeZone === 'Asia/Kolkata') {
      // No daylight saving: always 00:30 UTC.
      expect(platform.sent.map((s) => s.message.title.slice(-14))).toEqual(Array(3).fill('T00:30:00.000Z'));
    }
  });
});
