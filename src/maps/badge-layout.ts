// Where each rank badge goes: on its cell when there is room, else moved aside to the nearest free spot
// (a leader line then joins it to its cell), so that no badge hides another, none leaves the picture,
// and the cells of a dense cluster stay visible between them.

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface PlacedBadge {
  rank: number;
  /** What the badge reads: its number in the answer's list. */
  label: number;
  /** The cell's centre on the image. */
  anchor: [number, number];
  /** The badge's centre. */
  at: [number, number];
  moved: boolean;
}

const GAP = 3;

export const overlaps = (a: Box, b: Box) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** A label's box fits: inside the area and clear of everything already placed. */
export const fitsFree = (box: Box, area: Box, taken: Box[]) =>
  box.left >= area.left &&
  box.right <= area.right &&
  box.top >= area.top &&
  box.bottom <= area.bottom &&
  !taken.some((t) => overlaps(t, box));
const DIRECTIONS = 16;

/**
 * Badges of radius `radius`, placed best rank first: each on its anchor if that is free and inside
 * `bounds`, else on the first free spot on rings of growing distance around it. `avoid` are other marks
 * (zone labels and centres) a badge must not sit on. Nothing overlaps while a free spot exists within
 * the search; the search is wide enough for any list of places an answer shows.
 */
export function placeBadges(
  anchors: { rank: number; label?: number; at: [number, number] }[],
  bounds: Box,
  radius: number,
  avoid: Box[] = [],
): PlacedBadge[] {
  const placed: PlacedBadge[] = [];
  const inside = ([x, y]: [number, number]) =>
    x - radius >= bounds.left &&
    x + radius <= bounds.right &&
    y - radius >= bounds.top &&
    y + radius <= bounds.bottom;
  const free = ([x, y]: [number, number]) =>
    placed.every((b) => (b.at[0] - x) ** 2 + (b.at[1] - y) ** 2 >= (2 * radius + GAP) ** 2) &&
    avoid.every((box) => {
      // The nearest point of the box to the badge's centre is farther than the radius.
      const nx = Math.max(box.left, Math.min(x, box.right));
      const ny = Math.max(box.top, Math.min(y, box.bottom));
      return (nx - x) ** 2 + (ny - y) ** 2 >= (radius + GAP) ** 2;
    });
  const clamp = ([x, y]: [number, number]): [number, number] => [
    Math.min(bounds.right - radius, Math.max(bounds.left + radius, x)),
    Math.min(bounds.bottom - radius, Math.max(bounds.top + radius, y)),
  ];
  for (const { rank, label, at: anchor } of [...anchors].sort((a, b) => a.rank - b.rank)) {
    let spot: [number, number] | undefined = inside(anchor) && free(anchor) ? anchor : undefined;
    // Rings of candidate spots, nearest first; a moved badge stands clear of its own cell.
    for (let ring = 1; !spot && ring <= 40; ring++) {
      const distance = radius * 1.2 + ring * (radius + GAP);
      for (let k = 0; k < DIRECTIONS && !spot; k++) {
        // Up and to the right first: labels read there, and the cell below stays in view.
        const angle = -Math.PI / 4 + (2 * Math.PI * k) / DIRECTIONS;
        const candidate = clamp([
          anchor[0] + distance * Math.cos(angle),
          anchor[1] + distance * Math.sin(angle),
        ]);
        if (free(candidate)) spot = candidate;
      }
    }
    const at = spot ?? clamp(anchor);
    placed.push({
      rank,
      label: label ?? rank,
      anchor,
      at,
      moved: at[0] !== anchor[0] || at[1] !== anchor[1],
    });
  }
  return placed;
}
