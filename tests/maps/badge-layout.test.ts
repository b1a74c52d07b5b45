// Rank badges on a dense cluster: every one inside the picture, none over another or over a zone's mark.
import { expect, test } from 'vitest';
import { type Box, placeBadges } from '../../src/maps/badge-layout.ts';
import { createRandom } from '../../src/random.ts';

const R = 11;
const inside = (b: { at: [number, number] }, box: Box) =>
  b.at[0] - R >= box.left && b.at[0] + R <= box.right && b.at[1] - R >= box.top && b.at[1] + R <= box.bottom;

test('25 places within a 60 px patch, one at the picture edge: all inside, none overlapping', () => {
  const random = createRandom(4);
  const anchors = Array.from({ length: 25 }, (_, i) => ({
    rank: i + 1,
    at: [300 + random.next() * 60, 300 + random.next() * 60] as [number, number],
  }));
  anchors.push({ rank: 26, at: [2, 70] });
  const bounds = { left: 4, top: 68, right: 396, bottom: 600 };
  const zone: Box = { left: 312, top: 290, right: 348, bottom: 310 };
  const badges = placeBadges(anchors, bounds, R, [zone]);
  expect(badges.map((b) => b.rank)).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
  for (const b of badges) expect(inside(b, bounds)).toBe(true);
  for (let i = 0; i < badges.length; i++)
    for (let j = i + 1; j < badges.length; j++) {
      const [a, b] = [badges[i]!.at, badges[j]!.at];
      expect(Math.hypot(a[0] - b[0], a[1] - b[1])).toBeGreaterThanOrEqual(2 * R);
    }
  for (const b of badges) {
    const nx = Math.max(zone.left, Math.min(b.at[0], zone.right));
    const ny = Math.max(zone.top, Math.min(b.at[1], zone.bottom));
    expect(Math.hypot(nx - b.at[0], ny - b.at[1])).toBeGreaterThanOrEqual(R);
  }
  // The best place keeps its own spot; the crowd is moved aside, each with a line back to its cell.
  expect(badges[0]!.moved).toBe(false);
  expect(badges.filter((b) => b.moved).length).toBeGreaterThan(15);
});

test('places far apart stay on their cells', () => {
  const badges = placeBadges(
    [
      { rank: 1, at: [100, 100] },
      { rank: 2, at: [200, 200] },
    ],
    { left: 0, top: 64, right: 400, bottom: 600 },
    R,
  );
  expect(badges.map((b) => [b.at, b.moved])).toEqual([
    [[100, 100], false],
    [[200, 200], false],
  ]);
});
