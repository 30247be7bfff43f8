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
 * Split `text` into word tokens (code-point offsets). Whitespace segments are dropped; every other
 * word segment — words, numbers, punctuation, emoji — is a token. O(n).
 */
export function tokenizeWords(text: string, locale?: string): Token[] {
  const segmenter = getSegmenter("word", locale ?? DEFAULT_LOCALE);
  const tokens: Token[] = [];
  // Segments arrive in order, so code-point offsets are counted incrementally.
  let cp = 0;
  for (const { segment } of segmenter.segment(text)) {
    const len = codePointLength(segment);
    if (!WHITESPACE_ONLY.test(segment)) tokens.push({ start: cp, end: cp + len, text: segment });
    cp += len;
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
  for (const line of text.split("\n")) {
    // Segmenting line by line guarantees no sentence crosses a newline.
    for (const { segment } of segmenter.segment(line)) {
      starts.push(cp);
      cp += codePointLength(segment);
    }
    if (line.length === 0) starts.push(cp);
    cp += 1; // the "\n"
  }
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
