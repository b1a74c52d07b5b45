// `patrolcast hotspots` as text and as JSON: both read the briefing's one plan.
import { formatExpected } from '../bot/message.ts';
import type { Briefing } from '../briefing/compose.ts';
import {
  changeLine,
  cityRankWords,
  leftOutLine,
  leftOutShown,
  newestLine,
  unitsTitle,
  visitedWords,
  zoneLines,
} from '../briefing/message.ts';
import { DEMO_LABEL } from '../demo/city.ts';
import { districtNamed } from '../geo/district-tag.ts';

export function hotspotsJson(b: Briefing) {
  return {
    window: {
      label: b.window.label,
      start: b.window.start,
      end: b.window.end,
      kind: b.window.kind,
      ...(b.window.note ? { note: b.window.note } : {}),
    },
    category: b.category,
    district: b.district,
    model: { version: b.model.version, algorithm: b.model.algorithm },
    demo: b.demo,
    dataAsOf: b.freshness.newestIncident,
    stale: b.freshness.stale,
    ...(b.freshness.staleNote ? { staleNote: b.freshness.staleNote } : {}),
    hotspots: b.places.map((p) => ({
      number: p.number,
      rank: p.rank,
      cell: p.cell,
      lat: Number(p.lat.toFixed(5)),
      lon: Number(p.lon.toFixed(5)),
      place: p.place,
      district: p.district,
      expected: Number(p.expected.toFixed(3)),
      reasons: p.reasons,
      visits: p.visits,
    })),
    // Ranks the list skips: places where a geocoder put incidents it could not place.
    leftOut: leftOutShown(b),
    zones: b.zones,
    plan: b.plan,
    coverage: b.coverage,
    changes: b.changes,
  };
}

export function hotspotsText(b: Briefing): string {
  const lines: string[] = [];
  if (b.freshness.staleNote) lines.push(b.freshness.staleNote);
  lines.push(
    `${b.demo ? `${DEMO_LABEL}: ` : ''}hotspots for ${b.window.label} (${b.category}${b.district ? `, ${districtNamed(b.district)}` : ''}), model ${b.model.version} (${b.model.algorithm})`,
  );
  if (b.window.note) lines.push(b.window.note);
  if (b.coverage) lines.push(b.coverage);
  if (b.places.length === 0) lines.push('nothing is expected anywhere in this window: no place is listed');
  for (const p of b.places) {
    const visited = visitedWords(p.visits, b.window.kind);
    const city = cityRankWords(p);
    lines.push(
      `${String(p.number).padStart(3)}. ${p.label}${city ? ` (${city})` : ''}  expected ${formatExpected(p.expected)}${visited ? ` (${visited})` : ''}`,
    );
    if (p.place) lines.push(`       at ${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}`);
    for (const r of p.reasons) lines.push(`       - ${r}`);
  }
  lines.push(`${unitsTitle(b)}:`, ...zoneLines(b).map((l) => `  ${l}`));
  const change = changeLine(b);
  if (change) lines.push(change);
  const leftOut = leftOutLine(b);
  if (leftOut) lines.push(leftOut);
  lines.push(newestLine(b));
  return lines.join('\n');
}
