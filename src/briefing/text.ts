// A briefing as plain text: the console's rendering, and every platform's fallback.

import { formatExpected } from '../bot/message.ts';
import { DEMO_LABEL } from '../demo/city.ts';
import type { Briefing } from './compose.ts';
import { newestLine } from './message.ts';

export function briefingText(b: Briefing): string {
  const lines: string[] = [];
  if (b.demo) lines.push(`${DEMO_LABEL}: synthetic incidents, not a real city`);
  if (b.freshness.staleNote) lines.push(b.freshness.staleNote);
  lines.push(
    `${b.title}`,
    `${b.window.label} (${b.category === 'all' ? 'all incidents' : b.category.replaceAll('_', ' ')})`,
    '',
  );
  lines.push(...b.summary, '');
  for (const p of b.places) {
    lines.push(
      `${String(p.rank).padStart(2)}. ${p.label}: ${p.risk} risk, ${formatExpected(p.expected)} expected`,
    );
    for (const r of p.reasons) lines.push(`      ${r}`);
    lines.push(`      ${p.osmUrl}`);
  }
  lines.push('', `Patrol zones (${b.zones.length} units):`);
  for (const z of b.zones) {
    lines.push(
      `  Z${z.zone}: ${z.units} unit, centre ${z.centre.place ?? `${z.centre.lat.toFixed(5)}, ${z.centre.lon.toFixed(5)}`}, ${z.cells.length} ${z.cells.length === 1 ? 'cell' : 'cells'}, ${z.expected.toFixed(1)} expected`,
    );
  }
  lines.push('');
  if (b.changes.comparedWith) {
    const fresh =
      b.changes.new.length > 0 ? `new on the list: #${b.changes.new.join(', #')}` : 'no new places';
    lines.push(`Since ${b.changes.comparedWith}: ${fresh}; ${b.changes.dropped.length} dropped off.`);
  }
  lines.push(newestLine(b));
  const hr =
    b.model.hitRateAt5 === null
      ? 'not measured'
      : `${Math.round(b.model.hitRateAt5 * 100)}% of incidents in the top 5% of places on its held-out days`;
  lines.push(`Model ${b.model.version} (${b.model.algorithm}): ${hr}.`);
  lines.push(b.responsibleUse);
  for (const w of b.fairnessWarnings) lines.push(`Fairness warning: ${w}.`);
  return lines.join('\n');
}
