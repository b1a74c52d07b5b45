// A briefing in the bot's neutral message model: what /hotspots, /briefing, the scheduled post and the
// command line send. First what a supervisor acts on (the units' zones and where each starts), then the
// map, the places one line each, and the small print last.
import { getHexagonEdgeLengthAvg, getResolution } from 'h3-js';
import { formatExpected, type Message } from '../bot/message.ts';
import { DEMO_LABEL } from '../demo/city.ts';
import { windowHeadline } from '../forecast/windows.ts';
import { categoryLabel } from '../ingest/categories.ts';
import type { Briefing, BriefingPlace } from './compose.ts';

/** Zones below this many expected incidents send no unit: nothing there stands out. */
const ZONE_WORTH = 0.1;

/** A place as the list names it: its street (or the district and coordinates) and its district. */
const placeName = (p: BriefingPlace) =>
  p.place ? `${p.place}${p.district ? ` (${p.district})` : ''}` : p.label;

export function zoneLines(b: Briefing): string[] {
  const worth = b.zones.filter((z) => z.expected >= ZONE_WORTH);
  if (worth.length === 0) return ['No place stands out: general patrol.'];
  const lines = worth.map((z) => {
    const first = b.places.find((p) => p.rank === z.ranks[0]);
    const start = first
      ? `start at #${first.rank}, ${(first.place ?? first.label).split(', near ')[0]}`
      : `start at ${z.centre.place ?? `${z.centre.lat.toFixed(5)}, ${z.centre.lon.toFixed(5)}`}`;
    const held = z.ranks.length > 0 ? `#${z.ranks.join(', #')}` : 'no listed place';
    return `Z${z.zone}: ${held}; ${start}`;
  });
  const idle = b.zones.length - worth.length;
  return idle > 0 ? [...lines, `${idle} more ${idle === 1 ? 'unit' : 'units'}: general patrol.`] : lines;
}

export function changeLine(b: Briefing): string | undefined {
  if (!b.changes.comparedWith) return undefined;
  const fresh = b.changes.new.length > 0 ? `new: #${b.changes.new.join(', #')}` : 'no new places';
  const gone = b.changes.dropped.map((d) => d.label);
  const dropped =
    gone.length === 0
      ? 'none dropped off'
      : `dropped off: ${gone.slice(0, 3).join('; ')}${gone.length > 3 ? ` and ${gone.length - 3} more` : ''}`;
  return `Since ${b.changes.comparedWith}: ${fresh}; ${dropped}.`;
}

/** When the newest incident before the window was recorded, in hours or days before it. */
export function newestLine(b: Briefing): string {
  const f = b.freshness;
  if (!f.newestIncidentLocal || f.hoursBeforeWindow === null)
    return 'No incidents stored before this window.';
  const h = f.hoursBeforeWindow;
  const before = h < 72 ? `${h} h` : `${Math.round(h / 24)} days`;
  return `Newest incident stored: ${f.newestIncidentLocal} (${before} before this window).`;
}

export function footerLines(b: Briefing): string[] {
  const hr =
    b.model.hitRateAt5 === null
      ? 'hit rate not measured'
      : `on held-out days its top 5% of places held ${Math.round(b.model.hitRateAt5 * 100)}% of incidents`;
  return [
    newestLine(b),
    `Model ${b.model.version} (${b.model.algorithm}): ${hr}.${b.model.edge ? ` ${b.model.edge}` : ''}`,
    b.responsibleUse,
    ...b.fairnessWarnings.map((w) => `Fairness warning: ${w}.`),
  ];
}

/** "about 350 m" across: the size of the places the expected counts are for. */
function placeSize(b: Briefing): string {
  const cell = b.places[0]?.cell;
  if (!cell) return '';
  const across = 2 * getHexagonEdgeLengthAvg(getResolution(cell), 'm');
  return ` (each about ${Math.round(across / 50) * 50} m across)`;
}

export function briefingMessage(b: Briefing, options: { title?: string } = {}): Message {
  const what = b.category === 'all' ? 'all incidents' : categoryLabel(b.category);
  const change = changeLine(b);
  const expected = b.places.reduce((s, p) => s + p.expected, 0);
  const where = `${b.area}${b.district ? `, district ${b.district}` : ''}`;
  const date = b.window.kind === 'shift' ? ` · ${b.window.date}` : '';
  const stale = b.freshness.staleNote ? `⚠ ${b.freshness.staleNote}\n` : '';
  return {
    title: `${b.demo ? `${DEMO_LABEL} · ` : ''}${options.title ?? 'Hotspots'} · ${windowHeadline(b.window)}`,
    summary: `${stale}${where} · ${what}${date}`,
    lead: [{ title: `${b.zones.length} ${b.zones.length === 1 ? 'unit' : 'units'}`, lines: zoneLines(b) }],
    listTitle:
      b.places.length === 0
        ? 'Nothing is expected anywhere in this window: no place is listed.'
        : `Top ${b.places.length}${placeSize(b)}: ${formatExpected(expected)} incidents expected in all; a typical place ${formatExpected(b.typicalExpected)}`,
    hotspots: b.places.map((p) => ({
      rank: p.rank,
      label: placeName(p),
      url: p.osmUrl,
      risk: p.risk,
      expected: p.expected,
      // The strongest reason, its first clause: one short line a place on a phone.
      reasons: p.reasons.slice(0, 1).map((r) => r.split(', ')[0]!.replace(' incidents here ', ' incidents ')),
    })),
    sections: change ? [{ lines: [change] }] : [],
    footer: footerLines(b),
    tone: b.demo || b.freshness.stale ? 'warning' : 'info',
  };
}
