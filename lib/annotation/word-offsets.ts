/**
 * Word token OFFSETS, fast: exactly the `start`/`end` pairs of `tokenizeWords(text)` (see
 * tokenize.ts), without the token strings, for bulk work such as corpus agreement (10,000 articles
 * in one request). `Intl.Segmenter` costs about 1 µs per segment on the machines we measured, i.e.
 * ~0.75 s of CPU per 1,000 news articles; this scanner does the same job in a single pass over
 * char codes.
 *
 * How it stays exact: it implements the Unicode word-boundary rules (UAX #29 WB3–WB13b, as ICU
 * applies them in the root locale) ONLY for a closed set of characters whose word-break property
 * it knows: ASCII, Latin-1 (except the soft hyphen and C1 controls), Latin Extended-A/B and IPA
 * letters (U+0100–U+02AF) and the common typographic punctuation U+2010–U+2027 and U+20AC. None of
 * them is Extend/Format/ZWJ, Hebrew, Katakana or Regional Indicator, none is a surrogate (so UTF-16
 * index = code-point offset), and within the set every rule looks at most two characters around a
 * boundary. A text containing ANY other character is handed to `tokenizeWords` unchanged. The
 * differential test (word-offsets.test.ts) compares both on every supported character in many
 * contexts and on random strings, against the runtime's ICU.
 */
import { tokenizeWords } from "./tokenize";

/** One token as `[start, end)` code-point offsets. */
export interface WordOffsets {
  start: number;
  end: number;
}

// Word-break classes for the supported characters.
const OTHER = 0; // its own segment, not whitespace (punctuation, symbols)
const ALETTER = 1;
const NUMERIC = 2;
const MID_LETTER = 3; // ':' '·'
const MID_NUM_LET = 4; // '.' '\'' '‘' '’' '․' (MidNumLet and Single_Quote behave alike without Hebrew)
const MID_NUM = 5; // ',' ';'
const EXTEND_NUM_LET = 6; // '_'
const SPACE = 7; // WSegSpace: ' ' (runs of spaces are one segment)
const CR = 8;
const LF = 9;
const NEWLINE = 10; // \v \f
const OTHER_SPACE = 11; // Other, but whitespace: '\t', U+00A0 (one segment each, dropped)
const UNSUPPORTED = 255;

const LOW_LIMIT = 0x2b0;
const HIGH_FIRST = 0x2010;
const HIGH_LAST = 0x2027;
const EURO = 0x20ac;

const LOW_TABLE: Uint8Array = buildLowTable();
const HIGH_TABLE: Uint8Array = buildHighTable();

function buildLowTable(): Uint8Array {
  const t = new Uint8Array(LOW_LIMIT).fill(UNSUPPORTED);
  // ASCII
  for (let c = 0x21; c <= 0x7e; c++) t[c] = OTHER;
  for (let c = 0x30; c <= 0x39; c++) t[c] = NUMERIC;
  for (let c = 0x41; c <= 0x5a; c++) t[c] = ALETTER;
  for (let c = 0x61; c <= 0x7a; c++) t[c] = ALETTER;
  t[0x09] = OTHER_SPACE;
  t[0x0a] = LF;
  t[0x0b] = NEWLINE;
  t[0x0c] = NEWLINE;
  t[0x0d] = CR;
  t[0x20] = SPACE;
  t[0x2e] = MID_NUM_LET; // .
  t[0x27] = MID_NUM_LET; // '
  t[0x3a] = MID_LETTER; // :
  t[0x2c] = MID_NUM; // ,
  t[0x3b] = MID_NUM; // ;
  t[0x5f] = EXTEND_NUM_LET; // _
  // Latin-1 Supplement (C1 controls U+0080–U+009F stay unsupported; U+0085 is a newline that JS
  // does not count as whitespace, U+00AD SOFT HYPHEN is Format).
  t[0xa0] = OTHER_SPACE;
  for (let c = 0xa1; c <= 0xbf; c++) t[c] = OTHER;
  t[0xaa] = ALETTER;
  t[0xad] = UNSUPPORTED;
  t[0xb5] = ALETTER;
  t[0xb7] = MID_LETTER;
  t[0xb8] = ALETTER; // ¸ CEDILLA joins like a letter in ICU's root rules (checked by the tests)
  t[0xba] = ALETTER;
  for (let c = 0xc0; c < LOW_LIMIT; c++) t[c] = ALETTER; // Latin letters, Latin Extended-A/B, IPA
  t[0xd7] = OTHER; // ×
  t[0xf7] = OTHER; // ÷
  return t;
}

function buildHighTable(): Uint8Array {
  const t = new Uint8Array(HIGH_LAST - HIGH_FIRST + 1).fill(OTHER); // dashes, quotes, daggers, bullet, ellipsis
  t[0x2018 - HIGH_FIRST] = MID_NUM_LET;
  t[0x2019 - HIGH_FIRST] = MID_NUM_LET;
  t[0x2024 - HIGH_FIRST] = MID_NUM_LET;
  t[0x2027 - HIGH_FIRST] = MID_LETTER;
  return t;
}

let classes = new Uint8Array(4096);

/** Classifies `text` into the shared buffer; false when a character is outside the supported set. */
function classify(text: string): boolean {
  const n = text.length;
  if (classes.length < n + 1) classes = new Uint8Array(Math.max(n + 1, classes.length * 2));
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let k: number;
    if (c < LOW_LIMIT) k = LOW_TABLE[c]!;
    else if (c >= HIGH_FIRST && c <= HIGH_LAST) k = HIGH_TABLE[c - HIGH_FIRST]!;
    else if (c === EURO) k = OTHER;
    else return false;
    if (k === UNSUPPORTED) return false;
    classes[i] = k;
  }
  classes[n] = UNSUPPORTED; // sentinel: "no character" for look-ahead at the end
  return true;
}

function isAHLetter(k: number): boolean {
  return k === ALETTER;
}

function isMidLetterLike(k: number): boolean {
  return k === MID_LETTER || k === MID_NUM_LET;
}

function isMidNumLike(k: number): boolean {
  return k === MID_NUM || k === MID_NUM_LET;
}

function isWhitespaceClass(k: number): boolean {
  return k === SPACE || k === OTHER_SPACE || k === CR || k === LF || k === NEWLINE;
}

/** Whether there is a word boundary between text[i - 1] and text[i] (0 < i < n). */
function isBoundary(i: number): boolean {
  const prev = classes[i - 1]!;
  const cur = classes[i]!;
  if (prev === CR && cur === LF) return false; // WB3
  if (prev === CR || prev === LF || prev === NEWLINE || cur === CR || cur === LF || cur === NEWLINE) return true; // WB3a, WB3b
  if (prev === SPACE && cur === SPACE) return false; // WB3d
  const prevLetter = isAHLetter(prev);
  const curLetter = isAHLetter(cur);
  if (prevLetter && curLetter) return false; // WB5
  if (prevLetter && isMidLetterLike(cur) && isAHLetter(classes[i + 1]!)) return false; // WB6
  if (i >= 2 && isMidLetterLike(prev) && curLetter && isAHLetter(classes[i - 2]!)) return false; // WB7
  if (prev === NUMERIC && cur === NUMERIC) return false; // WB8
  if ((prevLetter && cur === NUMERIC) || (prev === NUMERIC && curLetter)) return false; // WB9, WB10
  if (i >= 2 && isMidNumLike(prev) && cur === NUMERIC && classes[i - 2] === NUMERIC) return false; // WB11
  if (prev === NUMERIC && isMidNumLike(cur) && classes[i + 1] === NUMERIC) return false; // WB12
  if (cur === EXTEND_NUM_LET && (prevLetter || prev === NUMERIC || prev === EXTEND_NUM_LET)) return false; // WB13a
  if (prev === EXTEND_NUM_LET && (curLetter || cur === NUMERIC)) return false; // WB13b
  return true; // WB999
}

/**
 * The `[start, end)` code-point offsets of `tokenizeWords(text)`'s tokens, in order. Fast for
 * Latin-script text; any other text goes through `tokenizeWords` itself.
 */
export function tokenizeWordOffsets(text: string): WordOffsets[] {
  const n = text.length;
  if (n === 0) return [];
  if (!classify(text)) return tokenizeWords(text).map(({ start, end }) => ({ start, end }));
  const tokens: WordOffsets[] = [];
  let segmentStart = 0;
  for (let i = 1; i <= n; i++) {
    if (i < n && !isBoundary(i)) continue;
    // Whitespace segments are runs of one whitespace class (or CR LF), so the first character decides.
    if (!isWhitespaceClass(classes[segmentStart]!)) tokens.push({ start: segmentStart, end: i });
    segmentStart = i;
  }
  return tokens;
}

/** Whether `tokenizeWordOffsets` takes its fast path for `text` (for tests and benchmarks). */
export function hasFastWordOffsets(text: string): boolean {
  return classify(text);
}
