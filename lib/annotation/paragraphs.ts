/**
 * The reader's paragraphs: the document split at "\n", each with the CODE POINT offset where it
 * starts (what the reader puts in `data-start`, so lib/dom converts DOM positions locally).
 * The "\n" characters themselves are not part of any paragraph; joining the paragraphs' texts with
 * "\n" gives the document back exactly.
 */
export interface Paragraph {
  /** Code-point offset of the paragraph's first character in the document. */
  start: number;
  /** Code-point offset just past its last character (the position of the "\n" that ends it, if any). */
  end: number;
  text: string;
}

export function splitParagraphs(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  let cp = 0;
  let from = 0;
  for (;;) {
    const nl = text.indexOf("\n", from);
    const line = nl < 0 ? text.slice(from) : text.slice(from, nl);
    const len = countCodePoints(line);
    out.push({ start: cp, end: cp + len, text: line });
    if (nl < 0) break;
    cp += len + 1;
    from = nl + 1;
  }
  return out;
}

/** Index of the paragraph containing code point `cp` (the last one starting at or before it). */
export function paragraphIndexAt(paragraphs: readonly Paragraph[], cp: number): number {
  let lo = 0;
  let hi = paragraphs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((paragraphs[mid] as Paragraph).start <= cp) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo - 1);
}

function countCodePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
