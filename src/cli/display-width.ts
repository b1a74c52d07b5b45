// How wide a text stands in a terminal: Chinese, Japanese and Korean characters (and full-width forms)
// take two columns, so a table of offence names lines up only when it pads by columns, not characters.

const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;

/** Columns the text takes in a terminal. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const c of text) width += WIDE.test(c) ? 2 : 1;
  return width;
}

/** The text padded with spaces to `width` columns (never cut). */
export const padColumns = (text: string, width: number): string =>
  text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/** The text cut to at most `width` columns, with an ellipsis where it was cut. */
export function fitColumns(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const c of text) {
    if (displayWidth(`${out}${c}…`) > width) break;
    out += c;
  }
  return `${out}…`;
}
