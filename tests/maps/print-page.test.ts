// One page for roll call: the map on top, the briefing's words under it, nothing cut off.
import sharp from 'sharp';
import { expect, test } from 'vitest';
import { PAGE_MAP_HEIGHT, PAGE_WIDTH, printPage, wrapLines } from '../../src/maps/print-page.ts';

test('long lines break between words, keeping their indent, and no word is lost', () => {
  const line = `  #1 ${'9400 block of West Sam Houston Pkwy → '.repeat(5)}end`;
  const wrapped = wrapLines(line, 60);
  expect(wrapped.length).toBeGreaterThan(2);
  for (const l of wrapped) expect(l.length).toBeLessThanOrEqual(60);
  for (const l of wrapped.slice(1)) expect(l.startsWith('     ')).toBe(true);
  expect(wrapped.join(' ').split(/\s+/).filter(Boolean)).toEqual(line.split(/\s+/).filter(Boolean));
});

test('the page is A4 wide, the map on top, every line of the words under it, and grows rather than cut', async () => {
  const map = await sharp({
    create: { width: PAGE_WIDTH, height: PAGE_MAP_HEIGHT, channels: 3, background: '#dddddd' },
  })
    .png()
    .toBuffer();
  const short = await printPage(map, 'Shift briefing · night shift\nline two');
  expect(await sharp(short).metadata()).toMatchObject({ width: 1240, height: 1754 });
  const long = await printPage(map, Array.from({ length: 60 }, (_, i) => `line ${i + 1}`).join('\n'));
  const meta = await sharp(long).metadata();
  expect(meta.height).toBeGreaterThan(1754);
  // The last line is on the page: ink in the bottom band of the words.
  const { data, info } = await sharp(long)
    .extract({ left: 0, top: meta.height! - 90, width: 300, height: 60 })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  expect([...data].filter((v) => v < 100).length / (info.width * info.height)).toBeGreaterThan(0.005);
});
