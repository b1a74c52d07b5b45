// A report's totals or footer below its rows, refused by its own name rather than as a broken row.

/** What a report prints below its rows: "Total: 3 incidents", "Grand Total,3", "Page 2 of 2", "End of report". */
const FOOTER =
  /^(grand\s+)?totals?\b|^(records?|rows?|incidents?|count)(\s+(count|total|printed|returned))?\s*[:=]|^page\s+\d+\s+of\s+\d+|^end\s+of\s+(the\s+)?report|^(report\s+)?(generated|printed|run)\s+(on|at|by)\b/i;

/**
 * A report's footer, named as such where it is refused: no incident fits in the two fields at most that
 * such a line fills (it needs a date, an offence and a place).
 */
export function footerLine(values: readonly unknown[]): string | undefined {
  // Every row passes here: it stops at the third filled field, before any text is made.
  const filled: string[] = [];
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const text = String(v).trim();
    if (text === '') continue;
    if (filled.push(text) > 2) return undefined;
  }
  if (!FOOTER.test(filled[0] ?? '')) return undefined;
  return `a line of the report's totals or footer ("${filled.join(' ').slice(0, 40)}"), not an incident`;
}
