// A report's totals or footer below its rows, refused by its own name rather than as a broken row.

/**
 * What a report prints below its rows: "Total: 3 incidents", "Grand Total,3", "Page 2 of 2", "End of
 * report", and the same in the languages whose exports are read (French, Spanish, Portuguese, German).
 */
const FOOTER = new RegExp(
  [
    '^(grand\\s+)?totals?\\b',
    '^(totaux|total\\s+g[ée]n[ée]ral|gesamt|insgesamt|summe)\\b',
    '^(records?|rows?|incidents?|count)(\\s+(count|total|printed|returned))?\\s*[:=]',
    '^(page|p[áa]gina|p[áa]g\\.|seite)\\s+\\d+\\s+(of|sur|de|von)\\s+\\d+',
    '^end\\s+of\\s+(the\\s+)?report',
    '^fin\\s+(du|de\\s+la|del)\\s+(rapport|informe|reporte)|^fim\\s+do\\s+relat[óo]rio|^ende\\s+des\\s+berichts',
    '^(report\\s+)?(generated|printed|run)\\s+(on|at|by)\\b',
    '^(g[ée]n[ée]r[ée]|imprim[ée]|generado|impreso|gerado|impresso|erstellt|gedruckt)\\s+(le|el|em|am|on)\\b',
  ].join('|'),
  'iu',
);

/**
 * A report's footer, named as such where it is refused: no incident fits in the two fields at most that
 * such a line fills (it needs a date, an offence and a place).
 */
export function footerLine(values: readonly unknown[]): string | undefined {
  // Every row passes here: it stops at the third filled field, making no text and no array on the way.
  let filled = 0;
  let first: string | undefined;
  let second: string | undefined;
  for (const v of values) {
    if (v === null || v === undefined || v === '') continue;
    const text = (typeof v === 'string' ? v : String(v)).trim();
    if (text === '') continue;
    if (++filled > 2) return undefined;
    if (first === undefined) first = text;
    else second = text;
  }
  if (first === undefined || !FOOTER.test(first)) return undefined;
  const shown = second === undefined ? first : `${first} ${second}`;
  return `a line of the report's totals or footer ("${shown.slice(0, 40)}"), not an incident`;
}
