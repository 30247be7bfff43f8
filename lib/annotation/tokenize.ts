/**
 * Word tokenisation and sentence splitting with `Intl.Segmenter`.
 *
 * Units: every `start` / `end` is a Unicode CODE POINT offset into the exact input text
 * (Python `text[start:end] == token.text`), never a UTF-16 index.
 *
 * Tokens: every word-granularity segment that is not whitespace-only becomes a token, so
 * punctuation is its own token ("Hello" "," …) and whitespace (including "\n") is dropped.
 * Sentences: sentence-granularity segments, additionally broken at every "\n" (a paragraph never
 * continues a sentence). A sentence's range is trimmed to its first/last token; sentences without
 * tokens are dropped. Concatenating all sentences' tokens gives exactly `tokenizeWords(text)`.
 *
 * Results depend on the ICU version of the runtime (see {@link TOKENIZER_DESCRIPTION}).
 */
import { codePointLength } from "./offsets";
import { getSegmenter } from "./segment-window";

/** A token; `start`/`end` in code points, `text` is the exact slice. */
export interface Token {
  start: number;
  end: number;
  text: string;
}

/** A sentence; `start`/`end` in code points, trimmed to its first and last token. */
export interface Sentence {
  start: number;
  end: number;
  tokens: Token[];
}

const DEFAULT_LOCALE = "und";
const WHITESPACE_ONLY = /^\s*$/u;

function detectIcuVersion(): string {
  const proc = (globalThis as { process?: { versions?: Record<string, string | undefined> } })
    .process;
  const icu = proc?.versions?.icu;
  const unicode = proc?.versions?.unicode;
  if (icu) return `ICU ${icu}${unicode ? ` / Unicode ${unicode}` : ""}`;
  return "ICU (browser-provided)";
}

/** One-line human description of the tokenizer, including the runtime's ICU version when known. */
export const TOKENIZER_DESCRIPTION: string =
  `Intl.Segmenter(word, locale=${DEFAULT_LOCALE}) on ${detectIcuVersion()}; ` +
  "non-whitespace segments as tokens (punctuation separate); " +
  "sentences: Intl.Segmenter(sentence) + break at newline; offsets in code points";

/**
 * Pieces of `text` to hand to `Intl.Segmenter`: each line, and lines longer than `SEGMENT_PIECE`
 * UTF-16 units cut after a space that precedes a letter or digit (always a word boundary).
 * Segmenting a whole long string is super-linear in V8/ICU (measured here: 47k characters took
 * ~1.3 s whole, ~0.2 s line by line), so nothing is ever segmented whole. Newlines are returned as
 * their own pieces so offsets stay contiguous.
 */
const SEGMENT_PIECE = 2000;
const CUT_AFTER_SPACE = /\s(?=[\p{L}\p{N}])/gu;

export function* piecesForSegmentation(text: string): Generator<string> {
  let from = 0;
  while (from < text.length) {
    const nl = text.indexOf("\n", from);
    const lineEnd = nl === -1 ? text.length : nl;
    let start = from;
    while (lineEnd - start > SEGMENT_PIECE) {
      CUT_AFTER_SPACE.lastIndex = start + SEGMENT_PIECE;
      const m = CUT_AFTER_SPACE.exec(text);
      if (!m || m.index >= lineEnd) break;
      const cut = m.index + m[0].length;
      yield text.slice(start, cut);
      start = cut;
    }
    if (lineEnd > start) yield text.slice(start, lineEnd);
    if (nl === -1) break;
    yield "\n";
    from = nl + 1;
  }
}

/**
 * Split `text` into word tokens (code-point offsets). Whitespace segments are dropped; every other
 * word segment — words, numbers, punctuation, emoji — is a token. Linear: segments line by line
 * (see `piecesForSegmentation`); no word crosses a newline.
 */
export function tokenizeWords(text: string, locale?: string): Token[] {
  const segmenter = getSegmenter("word", locale ?? DEFAULT_LOCALE);
  const tokens: Token[] = [];
  // Segments arrive in order, so code-point offsets are counted incrementally.
  let cp = 0;
  for (const piece of piecesForSegmentation(text)) {
    if (piece === "\n") {
      cp += 1;
      continue;
    }
    for (const { segment } of segmenter.segment(piece)) {
      const len = codePointLength(segment);
      if (!WHITESPACE_ONLY.test(segment)) tokens.push({ start: cp, end: cp + len, text: segment });
      cp += len;
    }
  }
  return tokens;
}

/**
 * Code-point offsets where a new sentence may begin: sentence-segmenter boundaries of each line,
 * plus the position after every "\n". Sorted ascending, starting with 0.
 */
function sentenceStarts(text: string, locale: string): number[] {
  const segmenter = getSegmenter("sentence", locale);
  const starts: number[] = [];
  let cp = 0;
  let lineIsEmpty = true;
  // Segmenting piece by piece guarantees no sentence crosses a newline (and keeps it linear; a
  // line longer than 2,000 characters may gain an extra sentence start where it was cut).
  for (const piece of piecesForSegmentation(text)) {
    if (piece === "\n") {
      if (lineIsEmpty) starts.push(cp);
      cp += 1;
      lineIsEmpty = true;
      continue;
    }
    lineIsEmpty = false;
    for (const { segment } of segmenter.segment(piece)) {
      starts.push(cp);
      cp += codePointLength(segment);
    }
  }
  if (lineIsEmpty) starts.push(cp);
  return starts;
}

/**
 * Split `text` into sentences with their tokens (code-point offsets). Sentences never span a
 * "\n"; sentence ranges are trimmed to their tokens; empty sentences are dropped. O(n).
 */
export function splitSentences(text: string, locale?: string): Sentence[] {
  const loc = locale ?? DEFAULT_LOCALE;
  const tokens = tokenizeWords(text, loc);
  const starts = sentenceStarts(text, loc);
  const sentences: Sentence[] = [];
  let current: Token[] = [];
  let b = 0; // index into starts of the next boundary after the current sentence start
  const flush = (): void => {
    const first = current[0];
    const last = current[current.length - 1];
    if (first && last) sentences.push({ start: first.start, end: last.end, tokens: current });
    current = [];
  };
  for (const token of tokens) {
    // A token belongs to the sentence containing its start.
    let crossed = false;
    while (b < starts.length && (starts[b] as number) <= token.start) {
      b++;
      crossed = true;
    }
    if (crossed) flush();
    current.push(token);
  }
  flush();
  return sentences;
}
