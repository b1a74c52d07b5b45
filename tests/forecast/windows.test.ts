import { describe, expect, test } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { parseShifts, resolveWindow, windowFor, windowsBetween } from '../../src/forecast/windows.ts';

const settings = { shifts: parseShifts('06:00-14:00,14:00-22:00,22:00-06:00'), timeZone: 'America/Chicago' };

describe('shifts and windows', () => {
  test('shifts are read in any order and checked', () => {
    expect(parseShifts('22:00-06:00, 06:00-18:00').map((s) => [s.name, s.minutes])).toEqual([
      ['06:00-18:00', 720],
      ['22:00-06:00', 480],
    ]);
    expect(() => parseShifts('6-14')).toThrow(UserError);
    expect(() => parseShifts('06:00-14:00,06:00-10:00')).toThrow(/same time/);
  });

  test('now, next, tonight, today and tomorrow', () => {
    // Saturday 28 November 2026, 21:30 in Chicago (03:30 UTC on the 29th).
    const at = new Date('2026-11-29T03:30:00Z');
    expect(resolveWindow('now', at, settings).label).toBe('Saturday 2026-11-28 14:00–22:00');
    expect(resolveWindow('next', at, settings).label).toBe('Saturday 2026-11-28 22:00–06:00');
    expect(resolveWindow('tonight', at, settings).label).toBe('Saturday 2026-11-28 22:00–06:00');
    expect(resolveWindow('today', at, settings).label).toBe('Saturday 2026-11-28');
    expect(resolveWindow('tomorrow', at, settings).label).toBe('Sunday 2026-11-29');
    // At 02:00 on Sunday the night shift that began on Saturday is still on.
    const night = resolveWindow('now', new Date('2026-11-29T08:00:00Z'), settings);
    expect(night.label).toBe('Saturday 2026-11-28 22:00–06:00');
    expect(night.weekday).toBe(6);
  });

  test('day, evening and night name a shift: the one under way until its middle, then the next', () => {
    // Saturday 28 November 2026, 21:30 in Chicago: the evening shift is past its middle.
    const at = new Date('2026-11-29T03:30:00Z');
    expect(resolveWindow('night', at, settings).label).toBe('Saturday 2026-11-28 22:00–06:00');
    expect(resolveWindow('evening', at, settings).label).toBe('Sunday 2026-11-29 14:00–22:00');
    expect(resolveWindow('day', at, settings).label).toBe('Sunday 2026-11-29 06:00–14:00');
    // At 01:00 on Sunday the night under way is asked about; at 03:00, past its middle, the next one.
    expect(resolveWindow('night', new Date('2026-11-29T07:00:00Z'), settings).label).toBe(
      'Saturday 2026-11-28 22:00–06:00',
    );
    expect(resolveWindow('night', new Date('2026-11-29T09:00:00Z'), settings).label).toBe(
      'Sunday 2026-11-29 22:00–06:00',
    );
    // A date with a shift's word is that shift starting that day, whatever the clock says.
    const asked = { when: 'day', at: { date: { year: 2026, month: 5, day: 20 } } } as const;
    expect(windowFor(asked, at, settings).label).toBe('Wednesday 2026-05-20 06:00–14:00');
  });

  test('an agency on two twelve-hour shifts has no evening, and says which shifts it has', () => {
    const twelves = { shifts: parseShifts('07:00-19:00,19:00-07:00'), timeZone: 'America/Chicago' };
    const at = new Date('2026-11-29T03:30:00Z');
    expect(resolveWindow('night', at, twelves).label).toBe('Saturday 2026-11-28 19:00–07:00');
    expect(() => resolveWindow('evening', at, twelves)).toThrow(
      'there is no evening shift here; the shifts are 07:00-19:00 (day), 19:00-07:00 (night)',
    );
    const fours = { shifts: parseShifts('06:00-12:00,12:00-18:00,18:00-00:00,00:00-06:00'), timeZone: 'UTC' };
    expect(() => resolveWindow('evening', at, fours)).toThrow(
      /^2 shifts here are evening shifts .*at=12:00$/,
    );
  });

  test('the night the clocks go forward is an hour shorter, and they tile the day without gaps', () => {
    const windows = windowsBetween(
      'shift',
      { year: 2026, month: 3, day: 7 },
      { year: 2026, month: 3, day: 8 },
      settings,
    );
    expect(windows).toHaveLength(6);
    const night = windows[2]!;
    expect(night.label).toBe('Saturday 2026-03-07 22:00–06:00');
    expect((night.end.getTime() - night.start.getTime()) / 3_600_000).toBe(7);
    for (let i = 1; i < windows.length; i++) expect(windows[i]!.start).toEqual(windows[i - 1]!.end);
  });
});
