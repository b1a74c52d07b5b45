// A briefing in the bot's neutral message model: what /hotspots, /briefing, the scheduled post and the
// command line send. First what a supervisor acts on (the units' zones and where each starts), then the
// map, the places one line each, and the small print last.
import { getHexagonEdgeLengthAvg, getResolution } from 'h3-js';
import { formatExpected, type Message } from '../bot/message.ts';
import { DEMO_LABEL } from '../demo/city.ts';
import { LEFT_OUT_WORDS, type LeftOutWhy } from '../forecast/left-out.ts';
import { windowHeadline } from '../forecast/windows.ts';
import { districtNamed, districtTag } from '../geo/district-tag.ts';
import { shortNames } from '../geo/place-names.ts';
import { categoryLabel } from '../ingest/categories.ts';
import type { Briefing, BriefingPlace, BriefingZone } from './compose.ts';

/** A place as the list names it: its street (or the district and coordinates) and its district. */
const placeName = (p: BriefingPlace) =>
  p.place ? `${p.place}${p.district ? ` (${districtTag(p.district)})` : ''}` : p.label;

/** "city #59" beside a district list's own number; nothing when the two agree. */
export const cityRankWords = (p: Pick<BriefingPlace, 'number' | 'rank'>) =>
  p.number === p.rank ? null : `city #${p.rank}`;

const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

/** "visited twice this shift, 25 min": what officers recorded at a place in this window. */
export const visitedWords = (v: { count: number; minutes: number } | null, kind: string): string | null =>
  v ? `visited ${times(v.count)} this ${kind === 'shift' ? 'shift' : 'day'}, ${v.minutes} min` : null;

/**
 * A stop as a route names it: the start by its number and street, later numbered places by their number
 * alone (the list below names them), places off the list by their street; by the street and the one
 * near it where two stops of the route share a street's block (a block can span two places).
 */
const stopNames = (stops: BriefingZone['stops']): string[] => {
  const names = shortNames(stops.map((s) => s.label));
  return stops.map((s, i) =>
    s.number !== null ? (i === 0 ? `#${s.number} ${names[i]}` : `#${s.number}`) : names[i]!,
  );
};

/** "3 units", and where a district's own plan took the default because none are set for it, that. */
export function unitsTitle(b: Briefing): string {
  const n = b.zones.length;
  const units = `${n} ${n === 1 ? 'unit' : 'units'}`;
  return b.district && b.plan.unitsFrom === 'default' && b.plan.staffed !== null
    ? `${units}, the default (none are set for ${districtNamed(b.district)})`
    : units;
}

/**
 * Where units are set per district, the listed places in districts with none: the city plan sends no
 * unit there, which a supervisor reading "#1" at the top of the list would not otherwise guess.
 */
export function unstaffedLine(b: Briefing): string | undefined {
  if (b.district || b.plan.staffed === null) return undefined;
  const staffed = new Set(b.plan.staffed);
  const left = new Map<string, number[]>();
  for (const p of b.places)
    if (p.district !== null && !staffed.has(p.district))
      left.set(p.district, [...(left.get(p.district) ?? []), p.number]);
  if (left.size === 0) return undefined;
  const named = [...left].map(
    ([d, numbers]) => `${districtTag(d)} (${numbers.map((n) => `#${n}`).join(', ')})`,
  );
  const shown = named.length > 3 ? [...named.slice(0, 3), `${named.length - 3} more`] : named;
  const list = shown.length > 1 ? `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}` : shown[0];
  return `No units are set for ${list}: /units set <district> <units> sends some.`;
}

/** Each unit: its mission on one line, then its stops in visiting order; then the districts left without. */
export function zoneLines(b: Briefing): string[] {
  const unstaffed = unstaffedLine(b);
  return [...unitLines(b), ...(unstaffed ? [unstaffed] : [])];
}

function unitLines(b: Briefing): string[] {
  // One line, not one per unit, and why: a supervisor asking for one kind of crime often gets no area
  // worth a visit while the list below still ranks places "high" against a typical one.
  if (b.zones.length > 1 && b.zones.every((z) => z.general || !z.mission))
    return [
      `General patrol for each: no area of nearby places expects ${b.plan.worth} incidents or more in this ${b.window.kind}`,
    ];
  const lines: string[] = [];
  const general = b.zones.filter((z) => z.general || !z.mission);
  for (const z of b.zones) {
    const where = z.district ? ` (${districtTag(z.district)})` : '';
    if (z.general || !z.mission) {
      // Several units left over say so once, on a phone's one line, not once each.
      if (general.length === 1) lines.push(`Z${z.zone}${where}: general patrol, no place stands out`);
      else if (z === general[0])
        lines.push(
          `${general.map((g) => `Z${g.zone}${g.district ? ` (${districtTag(g.district)})` : ''}`).join(', ')}: general patrol, no other area expects ${b.plan.worth} incidents or more`,
        );
      continue;
    }
    const m = z.mission;
    const what = m.lookFor ? `look for ${m.lookFor}` : 'a visible presence';
    const when = m.hours ? `, ${m.hours}` : '';
    lines.push(
      `Z${z.zone}${where}: ${what}${when}; ${m.visits === 1 ? `about ${m.minutes} min at each place` : `${m.visits} visits of about ${m.minutes} min to each place`}`,
    );
    const names = stopNames(z.stops);
    const stops = z.stops.map((s, i) => {
      const visited = visitedWords(s.visits, b.window.kind);
      return visited ? `${names[i]} (${visited})` : names[i];
    });
    lines.push(`  ${stops.join(' → ')}`);
  }
  return lines.length > 0 ? lines : ['No place stands out: general patrol.'];
}

/** Only when something changed since the window before: new places and those that dropped off. */
export function changeLine(b: Briefing): string | undefined {
  if (!b.changes.comparedWith) return undefined;
  const gone = b.changes.dropped.map((d) => d.label);
  if (b.changes.new.length === 0 && gone.length === 0) return undefined;
  const parts = [
    ...(b.changes.new.length > 0 ? [`new: #${b.changes.new.join(', #')}`] : []),
    ...(gone.length > 0
      ? [`dropped: ${gone.slice(0, 3).join('; ')}${gone.length > 3 ? ` and ${gone.length - 3} more` : ''}`]
      : []),
  ];
  return `Since ${b.changes.comparedWith}: ${parts.join('; ')}.`;
}

/** When the newest incident before the window was recorded, in hours or days before it. */
export function newestLine(b: Briefing): string {
  const f = b.freshness;
  if (!f.newestIncidentLocal || f.hoursBeforeWindow === null)
    return 'No incidents stored before this window.';
  // Incidents dated only to their month (police.uk) are as old as their month, not their first minute.
  if (f.monthsBefore !== undefined) {
    const m = f.monthsBefore;
    const when =
      m <= 0
        ? 'this window’s month'
        : m === 1
          ? 'the month before this window'
          : `${m} months before this window`;
    return `Newest incidents stored: ${f.newestIncidentLocal.slice(0, 7)}, dated to the month (${when}).`;
  }
  const h = f.hoursBeforeWindow;
  const before = h < 72 ? `${h} h` : `${Math.round(h / 24)} days`;
  return `Newest incident stored: ${f.newestIncidentLocal} (${before} before this window).`;
}

/** The places left out among the ranks the list covers, which is why its numbers skip them. */
export function leftOutShown(b: Briefing): Briefing['leftOut'] {
  const shown = b.places.length > 0 ? Math.max(...b.places.map((p) => p.rank)) : 0;
  return b.leftOut.filter((l) => l.rank <= shown + b.leftOut.length);
}

export function leftOutLine(b: Briefing): string | undefined {
  const leftOut = leftOutShown(b);
  if (leftOut.length === 0) return undefined;
  const ranks = (why: LeftOutWhy) =>
    leftOut.filter((l) => l.why === why).map((l) => `${b.district ? 'city ' : ''}#${l.rank}`);
  const desks = ranks('desk');
  const dumps = ranks('placeholder');
  const parts = [
    ...(desks.length === 1 ? [`${desks[0]}, ${LEFT_OUT_WORDS.desk}`] : []),
    ...(desks.length > 1
      ? [`${desks.join(', ')}, report desks: most of their records are reports taken there, not crime there`]
      : []),
    ...(dumps.length > 0 ? [`${dumps.join(', ')}, ${LEFT_OUT_WORDS.placeholder}`] : []),
  ];
  return `Left out: ${parts.join('; ')}.`;
}

export function footerLines(b: Briefing): string[] {
  const hr =
    b.model.hitRateAt5 === null
      ? 'hit rate not measured'
      : `on held-out days its top 5% of places held ${Math.round(b.model.hitRateAt5 * 100)}% of incidents`;
  const planned = b.zones.some((z) => z.mission);
  const advice = planned
    ? [
        `Stops are suggestions: a few short visits (10–15 min) deter most; each unit's places lie within ${(b.plan.radiusM / 1000).toFixed(1)} km of its start.${b.plan.varied ? ' Places that tie with others are varied by date.' : ''}`,
      ]
    : [];
  const leftOut = leftOutLine(b);
  return [
    ...advice,
    ...(leftOut ? [leftOut] : []),
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
  const where = `${b.area}${b.district ? `, ${districtNamed(b.district)}` : ''}`;
  const date = b.window.kind === 'shift' ? ` · ${b.window.date}` : '';
  const stale = b.freshness.staleNote ? `⚠ ${b.freshness.staleNote}\n` : '';
  const coarser = b.window.note ? `${b.window.note}\n` : '';
  return {
    title: `${b.demo ? `${DEMO_LABEL} · ` : ''}${options.title ?? 'Hotspots'} · ${windowHeadline(b.window)}`,
    summary: `${stale}${coarser}${where} · ${what}${date}${b.coverage ? `\n${b.coverage}` : ''}`,
    lead: [{ title: unitsTitle(b), lines: zoneLines(b) }],
    listTitle:
      b.places.length === 0
        ? 'Nothing is expected anywhere in this window: no place is listed.'
        : `Top ${b.places.length}${placeSize(b)}: ${formatExpected(expected)} incidents expected in all; a typical place ${formatExpected(b.typicalExpected)}`,
    hotspots: b.places.map((p) => ({
      rank: p.number,
      label: [placeName(p), cityRankWords(p), visitedWords(p.visits, b.window.kind)]
        .filter(Boolean)
        .join(' · '),
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
