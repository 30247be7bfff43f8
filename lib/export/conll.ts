/**
 * CoNLL-2003-style token file with IOB2 tags.
 *
 * Layout:
 *   - Header: comment lines starting with "# " (they never contain a tab; every token line does).
 *   - Each document: "-DOCSTART- -X- -X- O", a blank line, then its sentences.
 *   - Each sentence: one token per line, `token<TAB>tag`, followed by a blank line.
 *   - Tags: "O", "B-<label>" on the first token of a span, "I-<label>" on the following tokens.
 *     Whitespace inside label names becomes "_" (noted in the report).
 * Tokens and sentences come from `tokenizeWords` / `splitSentences`; whitespace is never a token,
 * so a token line never contains whitespace other than its tab. Readers that want four columns
 * should take the first and last field.
 *
 * A span whose start is not the start of a token, or whose end is not the end of a token, is NOT
 * tagged (its offsets are never moved to the nearest token) and goes to `report.misaligned`.
 * A span that continues into the next sentence is re-opened with "B-" there so each sentence is
 * valid IOB2 on its own (noted in the report).
 * The single tag column cannot hold overlapping spans: they are chosen by the rule in
 * `overlaps.ts` (label priority, then longest, then earliest) and the rest go to
 * `report.overlapsDropped`.
 */
import { splitSentences, TOKENIZER_DESCRIPTION, type Token } from "@/lib/annotation/tokenize";
import { createRenamer, replaceWhitespace } from "./names";
import { describeDroppedOverlaps, selectNonOverlapping, type OverlapCandidate } from "./overlaps";
import { prepareDocument, type PreparedDocument } from "./prepare-document";
import { addReportNote, noteCodePointOnlyFormat } from "./report";
import type { ExportChunk, ExportDocument, ExportOptions, ExportProject, ExportReport, ExportSpanCore } from "./types";

export const CONLL_DOCSTART = "-DOCSTART- -X- -X- O";

function formatHeader(project: ExportProject, options: ExportOptions): string {
  return [
    `# spanlab conll export; offsets: unicode code points; tokenizer: ${TOKENIZER_DESCRIPTION}`,
    `# project: ${project.name} (${project.slug}); layer: ${options.layerDescription}; generated: ${options.now.toISOString()}`,
    `# columns: token<TAB>IOB2 tag; "${CONLL_DOCSTART}" + blank line starts a document; a blank line ends a sentence`,
  ]
    .map((line) => line.replace(/[\t\r\n]+/g, " "))
    .join("\n");
}

interface TaggedDocument {
  lines: string;
  splitSpans: number;
}

function tagDocument(
  prepared: PreparedDocument<ExportSpanCore>,
  options: ExportOptions,
  report: ExportReport,
  toTag: (label: string) => string,
): TaggedDocument {
  const { doc } = prepared;
  const sentences = splitSentences(doc.text);
  const tokens: Token[] = [];
  const sentenceStart: boolean[] = [];
  for (const sentence of sentences) {
    sentence.tokens.forEach((token, i) => {
      tokens.push(token);
      sentenceStart.push(i === 0);
    });
  }
  const byStart = new Map<number, number>();
  const byEnd = new Map<number, number>();
  tokens.forEach((token, i) => {
    byStart.set(token.start, i);
    byEnd.set(token.end, i);
  });

  const candidates: OverlapCandidate[] = [];
  for (const p of prepared.spans) {
    const first = byStart.get(p.start);
    const last = byEnd.get(p.end);
    if (first === undefined || last === undefined || last < first) {
      const label = p.span.label;
      report.misaligned.push({
        documentId: doc.id,
        spanId: p.span.id,
        label,
        start: p.start,
        end: p.end,
        text: p.text,
      });
      report.misalignedByLabel[label] = (report.misalignedByLabel[label] ?? 0) + 1;
      continue;
    }
    candidates.push({ prepared: p, from: first, to: last + 1 });
  }

  const { kept, dropped } = selectNonOverlapping(candidates, options.labelPriority);
  report.overlapsDropped.push(...describeDroppedOverlaps(doc, dropped));

  const tags: string[] = tokens.map(() => "O");
  let splitSpans = 0;
  for (const { prepared: p, from, to } of kept) {
    const tag = toTag(p.span.label);
    let split = false;
    for (let i = from; i < to; i++) {
      const reopen = i === from || sentenceStart[i] === true;
      if (reopen && i !== from) split = true;
      tags[i] = `${reopen ? "B" : "I"}-${tag}`;
    }
    if (split) splitSpans += 1;
  }

  const out: string[] = [];
  let t = 0;
  for (const sentence of sentences) {
    for (const token of sentence.tokens) {
      // The tokenizer drops whitespace, so this is a safeguard that keeps the two columns intact.
      const text = token.text.replace(/\s/gu, "_");
      if (text !== token.text) {
        addReportNote(report, "CoNLL: whitespace inside a token was written as \"_\" to keep the columns intact.");
      }
      out.push(`${text}\t${tags[t] ?? "O"}\n`);
      t += 1;
    }
    out.push("\n");
  }
  return { lines: out.join(""), splitSpans };
}

/** CoNLL-2003-style IOB2 token file. */
export async function* writeConll(
  project: ExportProject,
  docs: AsyncIterable<ExportDocument<ExportSpanCore>>,
  options: ExportOptions,
  report: ExportReport,
): AsyncIterable<ExportChunk> {
  noteCodePointOnlyFormat(report, options, "CoNLL");
  const toTag = createRenamer(report, "label", "CoNLL", replaceWhitespace);
  yield `${formatHeader(project, options)}\n`;
  let splitSpans = 0;
  for await (const doc of docs) {
    const tagged = tagDocument(prepareDocument(doc, report), options, report, toTag);
    splitSpans += tagged.splitSpans;
    yield `${CONLL_DOCSTART}\n\n${tagged.lines}`;
  }
  if (splitSpans > 0) {
    addReportNote(
      report,
      `CoNLL: ${splitSpans} span(s) continue across a sentence break; each part starts with B- so every sentence is valid IOB2.`,
    );
  }
  if (report.misaligned.length > 0) {
    addReportNote(
      report,
      `CoNLL: ${report.misaligned.length} span(s) do not start and end on token boundaries and are not tagged (see misaligned).`,
    );
  }
  if (report.overlapsDropped.length > 0) {
    addReportNote(
      report,
      `CoNLL: ${report.overlapsDropped.length} overlapping span(s) were left out of the single tag column (see overlapsDropped); preference: labelPriority, then longer span, then earlier start.`,
    );
  }
}
