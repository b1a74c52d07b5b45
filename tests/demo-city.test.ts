import { latLngToCell } from 'h3-js';
import { describe, expect, test } from 'vitest';
import { OUTLINE } from '../src/demo/city.ts';
import { generateDemoIncidents } from '../src/demo/generate.ts';
import { pointInRing } from '../src/geo/polygon.ts';
import { createRandom } from '../src/random.ts';
import { toLocal } from '../src/time/zone.ts';

const TZ = 'America/Chicago';
const END = { year: 2026, month: 6, day: 1 };
const year = generateDemoIncidents({ days: 365, seed: 7, end: END, timeZone: TZ });

describe('the demo city', () => {
  test('the same seed gives the same rows; another seed gives others', () => {
    const again = generateDemoIncidents({ days: 365, seed: 7, end: END, timeZone: TZ });
    expect(again).toEqual(year);
    const other = generateDemoIncidents({ days: 365, seed: 8, end: END, timeZone: TZ });
    expect(other.map((r) => r.occurredAt.getTime())).not.toEqual(year.map((r) => r.occurredAt.getTime()));
  });

  test('a year holds tens of thousands of incidents of at least five kinds', () => {
    expect(year.length).toBeGreaterThan(20_000);
    const kinds = new Set(year.map((r) => r.category));
    expect(kinds.size).toBeGreaterThanOrEqual(5);
    expect(new Set(year.map((r) => r.externalId)).size).toBe(year.length);
  });

  test('every incident is inside the city and inside the requested days, none in the future', () => {
    const start = new Date('2025-06-01T05:00:00Z').getTime();
    const end = new Date('2026-06-01T05:00:00Z').getTime();
    for (const r of year) {
      expect(pointInRing(r.lon, r.lat, OUTLINE)).toBe(true);
      expect(r.occurredAt.getTime()).toBeGreaterThanOrEqual(start);
      expect(r.occurredAt.getTime()).toBeLessThan(end);
    }
  });

  test('crime concentrates: the busiest 5% of cells hold far more than 5% of incidents', () => {
    const counts = new Map<string, number>();
    for (const r of year) {
      const cell = latLngToCell(r.lat, r.lon, 9);
      counts.set(cell, (counts.get(cell) ?? 0) + 1);
    }
    // The city covers roughly 1,400 resolution-9 cells.
    const top = [...counts.values()].sort((a, b) => b - a).slice(0, 70);
    const share = top.reduce((a, b) => a + b, 0) / year.length;
    expect(share).toBeGreaterThan(0.25);
  });

  test('assaults peak at night; burglaries on weekdays', () => {
    const hours = year.filter((r) => r.category === 'assault').map((r) => toLocal(r.occurredAt, TZ).hour);
    const lateEvening = hours.filter((h) => h >= 20 || h < 2).length;
    const earlyMorning = hours.filter((h) => h >= 4 && h < 10).length;
    expect(lateEvening).toBeGreaterThan(3 * earlyMorning);

    const days = year.filter((r) => r.category === 'burglary').map((r) => toLocal(r.occurredAt, TZ).weekday);
    const perWeekday = days.filter((d) => d >= 1 && d <= 5).length / 5;
    const perWeekendDay = days.filter((d) => d === 0 || d === 6).length / 2;
    expect(perWeekday).toBeGreaterThan(1.1 * perWeekendDay);
  });

  test('burglaries repeat near each other in space and time (Knox test)', () => {
    const b = year.filter((r) => r.category === 'burglary');
    const close = (times: number[]) => {
      let n = 0;
      for (let i = 0; i < b.length; i++) {
        for (let j = i + 1; j < b.length; j++) {
          if (Math.abs(times[i]! - times[j]!) > 7 * 86_400_000) continue;
          const dy = (b[i]!.lat - b[j]!.lat) * 111_320;
          const dx = (b[i]!.lon - b[j]!.lon) * 85_500;
          if (dx * dx + dy * dy < 200 * 200) n++;
        }
      }
      return n;
    };
    const observed = close(b.map((r) => r.occurredAt.getTime()));
    // Shuffling the times keeps where and when crime happens but breaks which follows which.
    const random = createRandom(1);
    const shuffled = b.map((r) => r.occurredAt.getTime());
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    expect(observed).toBeGreaterThan(1.3 * close(shuffled));
  });
});
