// A briefing in the bot's neutral message model: what /hotspots, /briefing and the scheduled post send.
import type { Message } from '../bot/message.ts';
import { DEMO_LABEL } from '../demo/city.ts';
import { categoryLabel } from '../ingest/categories.ts';
import type { Briefing } from './compose.ts';

export function zoneLines(b: Briefing): string[] {
  return b.zones.map(
    (z) =>
      `Z${z.zone}: ${z.units} unit, ${z.cells.length} ${z.cells.length === 1 ? 'cell' : 'cells'}, ${z.expected.toFixed(1)} expected, centre ${z.centre.place ?? `${z.centre.lat.toFixed(5)}, ${z.centre.lon.toFixed(5)}`}`,
  );
}

export function changeLine(b: Briefing): string | undefined {
  if (!b.changes.comparedWith) return undefined;
  const fresh = b.changes.new.length > 0 ? `new on the list: #${b.changes.new.join(', #')}` : 'no new places';
  return `Since ${b.changes.comparedWith}: ${fresh}; ${b.changes.dropped.length} dropped off.`;
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
      : `${Math.round(b.model.hitRateAt5 * 100)}% of incidents in the top 5% of places on held-out days`;
  return [
    newestLine(b),
    `Model ${b.model.version} (${b.model.algorithm}): ${hr}.`,
    b.responsibleUse,
    ...b.fairnessWarnings.map((w) => `Fairness warning: ${w}.`),
  ];
}

export function briefingMessage(b: Briefing, options: { title?: string } = {}): Message {
  const what = b.category === 'all' ? 'all incidents' : categoryLabel(b.category);
  const change = changeLine(b);
  return {
    title: `${b.demo ? `${DEMO_LABEL} · ` : ''}${options.title ?? b.title}`,
    summary: `${b.freshness.staleNote ? `⚠ ${b.freshness.staleNote}\n` : ''}${b.window.label} (${what})\n${b.summary.join('\n')}`,
    hotspots: b.places.map((p) => ({
      rank: p.rank,
      label: p.label,
      url: p.osmUrl,
      risk: p.risk,
      expected: p.expected,
      reasons: p.reasons,
    })),
    sections: [
      { title: `Patrol zones (${b.zones.length} units)`, lines: zoneLines(b) },
      ...(change ? [{ lines: [change] }] : []),
    ],
    footer: footerLines(b),
    tone: b.demo || b.freshness.stale ? 'warning' : 'info',
  };
}
