// Where units are set per district, a plan says what that leaves out: the city plan names the listed
// places in districts that get no unit, and a district's own plan outside the set says its units are
// the default rather than claiming them as the district's.
import { expect, test } from 'vitest';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import { plainText } from '../../src/bot/message.ts';
import type { Role } from '../../src/bot/roles.ts';
import { briefingView } from '../../src/briefing/view.ts';
import { resolveWindow } from '../../src/forecast/windows.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { demoBot, trainedDemo } from '../helpers/trained-demo.ts';

describeEachDatabase('units set in some districts only', (kind) => {
  test('the plans say which listed places no unit covers, and whose units are the default', async () => {
    const database = await trainedDemo(kind);
    // Monday 23:00 in Chicago: the night shift.
    const bot = demoBot(database, undefined, {}, new Date('2026-06-02T04:00:00Z'));
    const as = (role: Role) => new ConsoleAdapter(bot.dispatcher, { mapDir: '/tmp', role }, () => {});
    try {
      const before = await as('viewer').ask('/hotspots');
      // With no units set anywhere, the default covers the city and nothing is said.
      expect(before).not.toContain('No units are set');
      expect(before).toMatch(/^\d units:$/m);

      await as('admin').ask('/units set North 1');
      await as('admin').ask('/units set East 2 night');
      const city = await as('viewer').ask('/hotspots');
      expect(city).toMatch(/^3 units:$/m);
      const listed = [...city.matchAll(/^ ?(\d+)\. .*\((\w+)\)(?: ·.*)?: /gm)].map((m) => ({
        number: Number(m[1]),
        district: m[2]!,
      }));
      expect(listed.length).toBe(10);
      const left = listed.filter((p) => p.district !== 'North' && p.district !== 'East');
      expect(left.length).toBeGreaterThan(0);
      const line = city.split('\n').find((l) => l.includes('No units are set for'))!;
      expect(line).toMatch(/: \/units set <district> <units> sends some\.$/);
      // Every listed place outside North and East is named by its number, under its district.
      for (const p of left) expect(line).toMatch(new RegExp(`${p.district} \\([^)]*#${p.number}\\b`));
      expect(line).not.toMatch(/North|East \(/);

      // A district without units set is planned with the default, and says so.
      const central = await as('viewer').ask('/hotspots Central');
      expect(central).toMatch(/^3 units, the default \(none are set for district Central\):$/m);
      // One with units set is planned with them, and no more is said.
      expect(await as('viewer').ask('/hotspots East')).toMatch(/^2 units:$/m);
      expect(await as('viewer').ask('/hotspots North')).toMatch(/^1 unit:$/m);

      // A channel subscribed for Central with 2 units gets its own count, not called the default.
      const subscribed = await briefingView(bot.services, {
        window: resolveWindow('now', new Date('2026-06-02T04:00:00Z'), bot.services.forecasting),
        category: 'all',
        units: 2,
        district: 'Central',
      });
      expect(subscribed.briefing.plan.unitsFrom).toBe('asked');
      expect(plainText(subscribed.message)).toMatch(/^2 units:$/m);
    } finally {
      await bot.close();
    }
  }, 120_000);
});
