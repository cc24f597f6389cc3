/**
 * The text with the character at `at` (negative counts from the end) swapped for another one of
 * the same alphabet, so a signature or token stays well formed but no longer matches. Writing a
 * fixed character instead leaves the text unchanged whenever it already held that character, a
 * test that then passes or fails by chance.
 */
export function withOneCharacterChanged(text: string, at: number): string {
  const index = at < 0 ? text.length + at : at;
  if (index < 0 || index >= text.length) throw new RangeError(`no character ${at} in a text of ${text.length}`);
  const original = text[index];
  const replacement = /[0-9]/.test(original)
    ? String((Number(original) + 1) % 10)
    : /[A-Z]/.test(original)
      ? original === 'A'
        ? 'B'
        : 'A'
      : original === 'a'
        ? 'b'
        : 'a';
  return `${text.slice(0, index)}${replacement}${text.slice(index + 1)}`;
}
