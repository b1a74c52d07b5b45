// Discord's limits met by whole places: a list too long for its embed stops between places and says
// how many did not fit; markdown in data stays text.
import { expect, test } from 'vitest';
import { unprefixed } from '../../adapters/discord/register-commands.ts';
import { commandJson, toEmbeds } from '../../adapters/discord/render.ts';
import { commands } from '../../commands/index.ts';
import type { Message } from '../../src/bot/message.ts';

const place = (rank: number) => ({
  rank,
  label: `${rank}00 block of ${'Very Long Boulevard Name '.repeat(6).trim()} (District *North*)`,
  url: `https://www.openstreetmap.org/?mlat=39.${rank}&mlon=-98.5#map=18/39.${rank}/-98.5`,
  risk: 'high',
  expected: 0.5,
  reasons: [`${rank * 10} incidents on record`],
});

test('a list longer than an embed holds is cut between places, with a line saying how many are left', () => {
  const message: Message = {
    title: 'Hotspots · night shift · Mon 22:00–06:00',
    summary: 'Metro PD · all incidents',
    lead: [{ title: '4 units', lines: ['Z1: #1, #2; start at #1'] }],
    listTitle: 'Top 25',
    hotspots: Array.from({ length: 25 }, (_, i) => place(i + 1)),
    footer: ['Small print. '.repeat(40)],
  };
  const [first, ...lists] = toEmbeds(message);
  expect(first!.description).toContain('**4 units**');
  const lines = lists.flatMap((e) => e.description!.split('\n'));
  const last = lines.at(-1)!;
  const shown = lines.length - 1;
  expect(shown).toBeGreaterThan(5);
  expect(shown).toBeLessThan(25);
  expect(last).toBe(`${25 - shown} more places did not fit here; ask for fewer with top.`);
  // Every shown line is a whole place, ending with its reason.
  for (const line of lines.slice(0, -1)) expect(line).toMatch(/ incidents on record$/);
  // Markdown in a name is shown, not obeyed.
  expect(lines[0]).toContain('District \\*North\\*');
  const counted = [first!, ...lists].reduce(
    (sum, e) => sum + e.title.length + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0),
    0,
  );
  expect(counted).toBeLessThanOrEqual(6000);
  for (const e of lists) expect(e.description!.length).toBeLessThanOrEqual(4096);
});

test('with a command prefix Discord registers prefixed names, and reads them back as the commands', () => {
  const names = commands.map((c) => commandJson(c, 'pc-').name);
  expect(names).toContain('pc-hotspots');
  expect(names.every((n) => n.startsWith('pc-'))).toBe(true);
  expect(unprefixed('pc-hotspots', 'pc-')).toBe('hotspots');
  expect(unprefixed('hotspots', '')).toBe('hotspots');
});
