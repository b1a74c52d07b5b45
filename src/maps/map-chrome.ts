// A map's frame around the picture: title and subtitle, the DEMO DATA and STALE DATA marks, the list of
// numbered places, the legend and the basemap note. An inset has none of it.
import { FOOTER, HEADER } from './frame.ts';
import { dataNoteBox, listPanel, type SvgText } from './map-furniture.ts';
import { DISTRICT_COLOUR, ZONE_COLOUR } from './map-marks.ts';
import { type MapSpec, RISK_CLASSES } from './spec.ts';

export const NOTE_COLOUR = '#7a0019';

export function mapChrome(
  spec: MapSpec,
  mapBottom: number,
  note: string | undefined,
  attribution: string | undefined,
  text: SvgText,
): string[] {
  const w = spec.width;
  const h = spec.height;
  const parts: string[] = [];
  parts.push(...listPanel(spec, mapBottom, text));
  // Header: title and subtitle; DEMO DATA when the data is synthetic.
  // Header, list and footer are opaque: cells beyond the map area would show through as faint ghosts.
  parts.push(`<rect x="0" y="0" width="${w}" height="${HEADER}" fill="#ffffff"/>`);
  // Title and subtitle shrink to the width (a phone's map is 400 px), then are cut with an ellipsis.
  // On a phone's map the DEMO DATA badge is smaller, leaving the title its room.
  const badge = w < 600 ? { width: 96, font: 13 } : { width: 140, font: 18 };
  const fitted = (content: string, largest: number, smallest: number, perChar: number) => {
    const room = w - (spec.demo ? badge.width + 50 : 32);
    const size = Math.max(smallest, Math.min(largest, room / (content.length * perChar)));
    const fits = Math.floor(room / (size * perChar) + 1e-6);
    return { size, content: content.length > fits ? `${content.slice(0, fits - 1)}…` : content };
  };
  const title = fitted(spec.title, 22, 11, 0.62);
  // A subtitle too long for the width loses its last parts whole (the model, how it is shaded) before
  // anything is cut: the area, the date and the category stay.
  const headerRoom = w - (spec.demo ? badge.width + 50 : 32);
  const kept = spec.subtitle.split(' · ');
  while (kept.length > 1 && kept.join(' · ').length * 10 * 0.53 > headerRoom) kept.pop();
  const subtitle = fitted(kept.join(' · '), 15, 10, 0.53);
  parts.push(text(16, 28, title.size, title.content, 'font-weight="bold" fill="#111111"'));
  parts.push(text(16, 52, subtitle.size, subtitle.content, 'fill="#333333"'));
  if (spec.demo) {
    parts.push(
      `<rect x="${w - 16 - badge.width}" y="14" width="${badge.width}" height="36" rx="4" fill="#b00020"/>`,
    );
    parts.push(
      text(
        w - 16 - badge.width / 2,
        32 + badge.font / 3,
        badge.font,
        'DEMO DATA',
        'text-anchor="middle" font-weight="bold" fill="#ffffff"',
      ),
    );
    parts.push(
      text(
        w / 2,
        h / 2,
        96,
        'DEMO DATA',
        `text-anchor="middle" font-weight="bold" fill="#b00020" fill-opacity="0.10" transform="rotate(-20 ${w / 2} ${h / 2})"`,
      ),
    );
  }
  if (spec.cells.length === 0) {
    // An empty map would read as a quiet city; it is a forecast with nothing to show. Two lines fit a phone.
    const size = Math.min(20, Math.floor(w / 16));
    parts.push(
      text(
        w / 2,
        h / 2 - size * 0.7,
        size,
        'Nothing is expected',
        'text-anchor="middle" font-weight="bold" fill="#333333"',
      ),
      text(
        w / 2,
        h / 2 + size * 0.7,
        size,
        'anywhere in this window',
        'text-anchor="middle" font-weight="bold" fill="#333333"',
      ),
    );
  }
  if (spec.staleAge) {
    // Above the legend on the left: clear of the title and of the basemap note, at any width.
    const label = `STALE DATA: ${spec.staleAge} old`;
    const bw = Math.round(label.length * 9.5 + 24);
    const by = mapBottom - 38;
    parts.push(`<rect x="16" y="${by}" width="${bw}" height="30" rx="4" fill="#8a4b00"/>`);
    parts.push(
      text(16 + bw / 2, by + 20, 15, label, 'text-anchor="middle" font-weight="bold" fill="#ffffff"'),
    );
  }
  // A north arrow and how new the data are, for a map read on paper.
  // Top right of the map, below the basemap note when there is one: clear of the scale bar.
  const arrowX = w - 28;
  const arrowY = HEADER + (note ? 62 : 22);
  parts.push(
    `<circle cx="${arrowX}" cy="${arrowY + 6}" r="17" fill="#ffffff" fill-opacity="0.85"/>`,
    text(arrowX, arrowY - 1, 11, 'N', 'text-anchor="middle" font-weight="bold" fill="#111111"'),
    `<path d="M ${arrowX} ${arrowY + 1} l 7 18 l -7 -5 l -7 5 z" fill="#111111"/>`,
  );
  const dataNote = dataNoteBox(spec, mapBottom);
  if (dataNote) {
    // Above the scale bar and its label.
    parts.push(
      `<rect x="${dataNote.left}" y="${dataNote.top}" width="${dataNote.right - dataNote.left}" height="20" rx="3" fill="#ffffff" fill-opacity="0.9"/>`,
      text(
        dataNote.right - 5,
        dataNote.bottom - 5,
        12,
        `data to ${spec.dataAsOf}`,
        'text-anchor="end" fill="#111111"',
      ),
    );
  }
  // Footer: legend, zone key, attribution.
  parts.push(`<rect x="0" y="${h - FOOTER}" width="${w}" height="${FOOTER}" fill="#ffffff"/>`);
  // Shading is by rank; the risk words in the list come from expected counts and measured hit rates.
  // The legend shrinks to the width (a phone's map), with the short form of the zone key if need be.
  // With every unit on general patrol there is no patrol area to explain; the districts' dashed
  // outlines are what the reader sees instead.
  const zoneKey =
    spec.zones.length === 0
      ? spec.districts.length > 0
        ? 'district'
        : ''
      : w >= 900
        ? 'patrol area, × where its unit starts (Z1 expects most)'
        : w >= 560
          ? 'patrol area, × its start'
          : 'patrol area';
  const legendWidth = (font: number) =>
    50 +
    RISK_CLASSES.reduce((sum, c) => sum + 28 + c.label.length * font * 0.62 + 18, 0) +
    28 +
    zoneKey.length * font * 0.6;
  const legendRoom = w - 24 - (attribution ? attribution.length * 7 : 0);
  const font = Math.max(9, Math.min(14, (14 * legendRoom) / legendWidth(14)));
  const k = font / 14;
  let x = 16;
  parts.push(text(x, h - 17, font, 'Rank:', 'font-weight="bold" fill="#111111"'));
  x += 50 * k;
  for (const c of RISK_CLASSES) {
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${h - 31}" width="${(22 * k).toFixed(1)}" height="18" fill="${c.colour}" stroke="#555555"/>`,
    );
    parts.push(text(x + 28 * k, h - 17, font, c.label, 'fill="#111111"'));
    x += 28 * k + c.label.length * font * 0.62 + 18 * k;
  }
  if (spec.zones.length > 0)
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${h - 31}" width="${(22 * k).toFixed(1)}" height="18" fill="none" stroke="${ZONE_COLOUR}" stroke-width="3"/>`,
    );
  else if (zoneKey)
    parts.push(
      `<path d="M ${x.toFixed(1)} ${h - 22} h ${(22 * k).toFixed(1)}" stroke="${DISTRICT_COLOUR}" stroke-width="3" stroke-dasharray="7 4"/>`,
    );
  if (zoneKey) parts.push(text(x + 28 * k, h - 17, font, zoneKey, 'fill="#111111"'));
  if (attribution) parts.push(text(w - 12, h - 17, 12, attribution, 'text-anchor="end" fill="#333333"'));
  if (note) {
    // A fixed place and colour: readers, and tests, find it there.
    parts.push(
      `<rect x="${w - 372}" y="${HEADER + 10}" width="360" height="30" rx="4" fill="#ffffff" stroke="${NOTE_COLOUR}" stroke-width="2"/>`,
    );
    parts.push(
      text(w - 192, HEADER + 30, 14, note, `text-anchor="middle" font-weight="bold" fill="${NOTE_COLOUR}"`),
    );
  }
  return parts;
}
