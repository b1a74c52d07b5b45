// Close matches for what people type on a phone: "tonite" for tonight, "burglaries" for burglary.

/** Edit distance (insertions, deletions, substitutions), small strings only. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        previous[j]! + 1,
        row[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = row;
  }
  return previous[b.length]!;
}

/** The word and its singular forms: "burglaries" → burglary, "thefts" → theft, "boxes" → box. */
export const singulars = (word: string): string[] => [
  word,
  ...(word.endsWith('ies') ? [`${word.slice(0, -3)}y`] : []),
  ...(word.endsWith('es') ? [word.slice(0, -2)] : []),
  ...(word.endsWith('s') ? [word.slice(0, -1)] : []),
];

/**
 * The known word closest to a typed one, when it is close enough to be a slip: about one letter in
 * three, or a few when it starts as the word does ("tonite"). A district's name ("North") must not
 * read as a slip for a short word ("now").
 */
export function nearest(typed: string, known: readonly string[]): string | undefined {
  const word = typed.toLowerCase();
  let best: { word: string; distance: number } | undefined;
  for (const k of known) {
    const d = editDistance(word, k.toLowerCase());
    if (!best || d < best.distance) best = { word: k, distance: d };
  }
  if (!best || best.distance === 0) return undefined;
  const sameStart = word.length >= 4 && best.word.toLowerCase().startsWith(word.slice(0, 3));
  return best.distance <= Math.max(1, Math.floor(word.length / 3)) || (sameStart && best.distance <= 3)
    ? best.word
    : undefined;
}
