import { describe, expect, test } from 'vitest';
import { addDays, fromLocal, offsetMinutes, parseDate, toLocal } from '../src/time/zone.ts';

describe('wall-clock time in a zone', () => {
  test('a winter evening in Chicago is six hours behind UTC', () => {
    expect(
      fromLocal({ year: 2026, month: 1, day: 15, hour: 22, minute: 0 }, 'America/Chicago').toISOString(),
    ).toBe('2026-01-16T04:00:00.000Z');
  });

  test('a summer evening in Chicago is five hours behind UTC', () => {
    expect(
      fromLocal({ year: 2026, month: 7, day: 15, hour: 22, minute: 0 }, 'America/Chicago').toISOString(),
    ).toBe('2026-07-16T03:00:00.000Z');
  });

  test('the hour skipped in spring moves forward to the first real instant', () => {
    // 2026-03-08 02:30 does not exist in Chicago: clocks jump from 02:00 CST to 03:00 CDT.
    const t = fromLocal({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, 'America/Chicago');
    expect(t.toISOString()).toBe('2026-03-08T08:30:00.000Z');
    expect(toLocal(t, 'America/Chicago')).toMatchObject({ hour: 3, minute: 30 });
  });

  test('the hour repeated in autumn is read as its first occurrence', () => {
    // 2026-11-01 01:30 happens twice in Chicago; the first is CDT (UTC-5).
    expect(
      fromLocal({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, 'America/Chicago').toISOString(),
    ).toBe('2026-11-01T06:30:00.000Z');
  });

  test('London and Kolkata', () => {
    expect(
      fromLocal({ year: 2026, month: 3, day: 29, hour: 6, minute: 0 }, 'Europe/London').toISOString(),
    ).toBe('2026-03-29T05:00:00.000Z');
    expect(
      fromLocal({ year: 2026, month: 3, day: 29, hour: 6, minute: 0 }, 'Asia/Kolkata').toISOString(),
    ).toBe('2026-03-29T00:30:00.000Z');
  });

  test('round trip and weekday', () => {
    const t = new Date('2026-11-29T12:34:00Z');
    const local = toLocal(t, 'America/Chicago');
    expect(local).toMatchObject({ year: 2026, month: 11, day: 29, hour: 6, minute: 34, weekday: 0 });
    expect(fromLocal(local, 'America/Chicago').getTime()).toBe(t.getTime());
  });

  test('on a day the clocks change, every minute reads the offset the zone rules give', () => {
    const ruled = (t: Date, zone: string) => {
      const l = toLocal(t, zone);
      return (Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) - t.getTime()) / 60_000;
    };
    // Chicago's spring and autumn changes, London's (at 01:00 UTC), and Lord Howe's half-hour one.
    const days: [string, string][] = [
      ['America/Chicago', '2026-03-08'],
      ['America/Chicago', '2026-11-01'],
      ['Europe/London', '2026-03-29'],
      ['Australia/Lord_Howe', '2026-04-04'],
    ];
    for (const [zone, day] of days) {
      const start = Date.parse(`${day}T00:00:00Z`);
      const offsets = new Set<number>();
      for (let m = 0; m < 24 * 60; m++) {
        const t = new Date(start + m * 60_000 + 30_000);
        offsets.add(offsetMinutes(t, zone));
        expect(offsetMinutes(t, zone), `${zone} ${t.toISOString()}`).toBe(ruled(t, zone));
      }
      expect(offsets.size, `${zone} ${day} has a change`).toBe(2);
    }
  });

  test('dates are parsed strictly', () => {
    expect(parseDate('2026-02-28')).toEqual({ year: 2026, month: 2, day: 28 });
    expect(parseDate('2026-02-30')).toBeUndefined();
    expect(parseDate('28/02/2026')).toBeUndefined();
    expect(addDays({ year: 2026, month: 12, day: 31 }, 1)).toEqual({ year: 2027, month: 1, day: 1 });
  });
});
