/**
 * Folds text for the linter so that trivial evasion does not hide a phrase: full-width and other
 * compatibility forms (NFKC), case, and separators put between characters (spaces, zero-width
 * characters, punctuation, symbols) are all removed. Every folded character remembers the range
 * of the original text it came from, so findings point at the original phrase.
 */

export type FoldedText = {
  /** The folded characters (one UTF-16 unit or surrogate pair each). */
  chars: string[];
  /** For each folded character, the [start, end) range in the original text. */
  from: Array<[number, number]>;
  /** The folded text as one string (chars joined). */
  text: string;
  /** For each UTF-16 index of `text`, the index into `chars`. */
  charAt: number[];
};

/** A character that stands in for a placeholder: it is kept, so words never join across it. */
export const placeholderMark = '\uE000';

const separator = /^[\s\p{P}\p{Cf}\p{Sm}\p{Sk}\p{So}\p{Mn}]$/u;

/**
 * Folds `text`. Ranges given in `placeholders` (e.g. `{{amount_due}}`) fold to one placeholder
 * mark each.
 */
export function foldText(
  text: string,
  placeholders: ReadonlyArray<{ start: number; end: number }> = [],
): FoldedText {
  const chars: string[] = [];
  const from: Array<[number, number]> = [];
  const sorted = [...placeholders].sort((a, b) => a.start - b.start);
  let p = 0;
  let i = 0;
  while (i < text.length) {
    const ph = sorted[p];
    if (ph && ph.start === i) {
      chars.push(placeholderMark);
      from.push([ph.start, ph.end]);
      i = ph.end;
      p++;
      continue;
    }
    const cp = text.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    const original = text.slice(i, i + width);
    for (const c of original.normalize('NFKC').toLowerCase()) {
      if (separator.test(c)) continue;
      chars.push(c);
      from.push([i, i + width]);
    }
    i += width;
  }
  const charAt: number[] = [];
  chars.forEach((c, k) => {
    for (let u = 0; u < c.length; u++) charAt.push(k);
  });
  return { chars, from, text: chars.join(''), charAt };
}

/** Whether the original character just before `start` (or at `end`) is a Latin letter. */
export function touchesLetter(original: string, index: number): boolean {
  if (index < 0 || index >= original.length) return false;
  const c = original.slice(index, index + 1).normalize('NFKC');
  return /^[a-z]$/i.test(c);
}
