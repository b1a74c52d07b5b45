// What a map marks on its area: each zone's centre and name, the numbered places' badges (moved aside
// with a leader line where they would overlap), and the district and street names, placed so that
// none covers another. SVG fragments for the overlay.
import { cellToLatLng } from 'h3-js';
import { type Box, placeBadges } from './badge-layout.ts';
import { BADGE_RADIUS, numberedOf } from './frame.ts';
import { districtLabels, type Projection, type SvgText } from './map-furniture.ts';
import type { MapSpec } from './spec.ts';
import { streetLabels } from './street-labels.ts';

export const ZONE_COLOUR = '#1f3b73';
/** District outlines: a muted violet, apart from the grey streets and the risk colours. */
export const DISTRICT_COLOUR = '#7d5fb2';

/** Marks inside `mapArea`, clear of the `furniture` boxes (notes, scale bar, an inset). */
export function mapMarks(
  spec: MapSpec,
  view: Projection,
  mapArea: Box,
  furniture: Box[],
  text: SvgText,
): string[] {
  const parts: string[] = [];
  const shown = numberedOf(spec);
  // A cross of arms from `inner` to `outer` pixels off the centre, white under the zone colour: small,
  // so that it never hides the cell it marks.
  const cross = (cx: number, cy: number, outer: number) => {
    const arms = [
      [1, 1],
      [1, -1],
      [-1, 1],
      [-1, -1],
    ]
      .map(([dx, dy]) => `M${cx + dx! * 2},${cy + dy! * 2}L${cx + dx! * outer},${cy + dy! * outer}`)
      .join('');
    return [
      `<path d="${arms}" stroke="#ffffff" stroke-width="4"/>`,
      `<path d="${arms}" stroke="${ZONE_COLOUR}" stroke-width="2"/>`,
    ];
  };
  const zoneMarks: Box[] = [];
  const zoneParts: string[] = [];
  for (const z of spec.zones) {
    const [cx, cy] = view.project(z.centroid.lat, z.centroid.lon);
    zoneParts.push(...cross(cx, cy, 6));
    // Its name above it.
    const [lx, ly] = [cx, cy - 22];
    zoneMarks.push(
      { left: lx - 18, top: ly - 11, right: lx + 18, bottom: ly + 9 },
      { left: cx - 6, top: cy - 6, right: cx + 6, bottom: cy + 6 },
    );
    zoneParts.push(
      `<rect x="${lx - 18}" y="${ly - 11}" width="36" height="20" rx="4" fill="${ZONE_COLOUR}"/>`,
      text(lx, ly + 4, 13, `Z${z.zone}`, 'text-anchor="middle" font-weight="bold" fill="#ffffff"'),
    );
  }
  const badges = placeBadges(
    shown.map((c) => {
      const [lat, lon] = cellToLatLng(c.cell);
      return { rank: c.rank, label: c.number ?? c.rank, at: view.project(lat, lon) };
    }),
    mapArea,
    BADGE_RADIUS,
    [...zoneMarks, ...furniture],
  );
  const badgeBoxes = badges.map(({ at: [x, y] }) => ({
    left: x - BADGE_RADIUS,
    top: y - BADGE_RADIUS,
    right: x + BADGE_RADIUS,
    bottom: y + BADGE_RADIUS,
  }));
  // Names keep off the badges, the zone marks, the furniture and each other: district names first,
  // then streets; the marks are drawn over them.
  const taken: Box[] = [...zoneMarks, ...badgeBoxes, ...furniture];
  parts.push(...districtLabels(spec, view, mapArea, taken, text));
  parts.push(...streetLabels(spec, view, mapArea, taken, text));
  parts.push(...zoneParts);
  // Leader lines first, then the badges: a moved badge points at its cell, and a dot marks the cell.
  for (const b of badges.filter((x) => x.moved)) {
    const [[ax, ay], [bx, by]] = [b.anchor, b.at];
    const line = `M${ax.toFixed(1)},${ay.toFixed(1)}L${bx.toFixed(1)},${by.toFixed(1)}`;
    parts.push(`<path d="${line}" stroke="#ffffff" stroke-width="3.5"/>`);
    parts.push(`<path d="${line}" stroke="#222222" stroke-width="1.5"/>`);
    parts.push(
      `<circle cx="${ax.toFixed(1)}" cy="${ay.toFixed(1)}" r="2.5" fill="#222222" stroke="#ffffff" stroke-width="1"/>`,
    );
  }
  for (const { label, at } of badges) {
    const [x, y] = at;
    parts.push(
      `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${BADGE_RADIUS}" fill="#ffffff" stroke="#222222" stroke-width="1.5"/>`,
    );
    parts.push(text(x, y + 4.5, 13, String(label), 'text-anchor="middle" font-weight="bold" fill="#111111"'));
  }
  return parts;
}
