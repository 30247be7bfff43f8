/**
 * Text normalisation for imported articles.
 *
 * THE RULE: an article's text is stored exactly as it was given, after UTF-8 decoding, with ONE
 * change: line breaks are normalised to "\n" — every "\r\n" (Windows) and every lone "\r"
 * (classic Mac) becomes a single "\n". Nothing else is touched: no Unicode normalisation (NFC/NFD),
 * no trimming, no whitespace collapsing, no tab expansion, no removal of zero-width characters.
 *
 * A UTF-8 byte-order mark (EF BB BF) at the very start of a file is not part of the text and is
 * dropped by the decoder (`decode.ts`); a U+FEFF anywhere else is kept as a character.
 *
 * Label offsets found in a file refer to the text as it appears in that file (before
 * normalisation). {@link createNewlineOffsetMap} moves them onto the normalised text: each "\r\n"
 * pair before an offset shortens the text by one code point. (A label boundary between "\r" and
 * "\n" would split a grapheme cluster and is rejected before mapping.)
 */

/** Applies the newline rule above: "\r\n" → "\n", lone "\r" → "\n". */
export function normalizeNewlines(text: string): string {
  return text.indexOf("\r") === -1 ? text : text.replace(/\r\n?/g, "\n");
}

/**
 * Streaming form of {@link normalizeNewlines} for text that arrives in pieces: a "\r" at the end of
 * a piece is held back until the next piece shows whether a "\n" follows.
 */
export function createNewlineNormalizer(): { push(piece: string): string; flush(): string } {
  let pendingCr = false;
  return {
    push(piece: string): string {
      if (piece === "") return "";
      let s = pendingCr ? `\r${piece}` : piece;
      pendingCr = s.endsWith("\r");
      if (pendingCr) s = s.slice(0, -1);
      return normalizeNewlines(s);
    },
    flush(): string {
      const out = pendingCr ? "\n" : "";
      pendingCr = false;
      return out;
    },
  };
}

/** {@link createNewlineNormalizer} over an async sequence of strings. */
export async function* normalizeNewlinesStream(pieces: AsyncIterable<string>): AsyncGenerator<string> {
  const normalizer = createNewlineNormalizer();
  for await (const piece of pieces) {
    const out = normalizer.push(piece);
    if (out !== "") yield out;
  }
  const tail = normalizer.flush();
  if (tail !== "") yield tail;
}

/**
 * Maps code-point offsets in `text` (as given) to code-point offsets in `normalizeNewlines(text)`.
 * O(n) to build when the text contains "\r\n", O(1) otherwise; O(log k) per lookup.
 */
export function createNewlineOffsetMap(text: string): (codePointOffset: number) => number {
  if (text.indexOf("\r\n") === -1) return (cp) => cp;
  // Code-point index of the "\r" of every "\r\n" pair, ascending.
  const pairs: number[] = [];
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) {
      pairs.push(cp);
      cp += 2;
      i++;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) i++;
    }
    cp++;
  }
  return (offset) => {
    // Pairs whose "\r" starts before `offset` lose their "\n" before it.
    let lo = 0;
    let hi = pairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((pairs[mid] as number) < offset) lo = mid + 1;
      else hi = mid;
    }
    return offset - lo;
  };
}
