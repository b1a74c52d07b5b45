// Tables of metrics for a terminal.
import { COVERAGES, type Metrics } from '../forecast/metrics.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
const num = (x: number) => x.toFixed(2).padStart(6);

/** One line per method: hit rate, PAI, PEI* and precision/recall at each coverage. */
export function metricsTable(models: Record<string, Metrics>): string {
  const names = Object.keys(models);
  const width = Math.max(11, ...names.map((n) => n.length + 2));
  const head = COVERAGES.map((c) => `${c}%`.padStart(6)).join(' ');
  let out = '';
  const section = (title: string, pick: (m: Metrics, c: (typeof COVERAGES)[number]) => string) => {
    out += `${title.padEnd(width)}  ${head}\n`;
    for (const name of names)
      out += `  ${name.padEnd(width - 2)}  ${COVERAGES.map((c) => pick(models[name]!, c)).join(' ')}\n`;
  };
  section('hit rate', (m, c) => pct(m.hr[c]));
  section('PAI', (m, c) => num(m.pai[c]));
  section('PEI*', (m, c) => num(m.pei[c]));
  section('precision', (m, c) => pct(m.precision[c]));
  section('recall', (m, c) => pct(m.recall[c]));
  return out;
}
