import "server-only";
import type { Db } from "@/db/connect";
import { listLabels } from "@/db/queries/labels";
import { sliceByCodePoints } from "@/lib/annotation/offsets";
import { authorizeProject, type Actor } from "@/lib/auth/guards";
import { readCsvHeader } from "@/lib/import/csv";
import { detectFormat } from "@/lib/import/detect";
import { ImportError } from "@/lib/import/errors";
import { parseImportStream } from "@/lib/import/parse-import-stream";
import type { ImportRecord } from "@/lib/import/types";
import { AppError } from "./errors";
import { IMPORT_PREVIEW_BYTES, type ImportPreview, type ImportPreviewRecord, type ImportProblem } from "./import-dto";
import { ImportRefusedError } from "./import-documents";

const PREVIEW_RECORDS = 5;
const EXCERPT_LENGTH = 300;

/** Length of the longest prefix of `bytes` that ends on a whole UTF-8 character. */
function utf8Boundary(bytes: Uint8Array): number {
  let i = bytes.length;
  // Walk back over at most 3 continuation bytes to the lead byte of the last character.
  let back = 0;
  while (back < 4 && i - back - 1 >= 0 && ((bytes[i - back - 1] as number) & 0xc0) === 0x80) back++;
  const leadAt = i - back - 1;
  if (leadAt < 0) return i;
  const lead = bytes[leadAt] as number;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  if (back + 1 < need) i = leadAt;
  return i;
}

/**
 * A preview of the first records of a file, from its first ≤ 64 KB (`partial` when the file is
 * longer): what would be imported (titles, plain-text excerpts, label counts), CSV columns with
 * suggestions, label names the project lacks, and the first problem, if the previewed part has one.
 * Nothing is written.
 */
export async function previewImport(
  db: Db,
  actor: Actor,
  projectId: string,
  input: { filename: string; bytes: Uint8Array; partial: boolean; csv?: { textColumn?: string | null; titleColumn?: string | null } },
): Promise<ImportPreview> {
  const ctx = await authorizeProject(db, actor, projectId, "documents.import");
  if (input.bytes.length > IMPORT_PREVIEW_BYTES) {
    throw new AppError("payload_too_large", `Send at most the first ${IMPORT_PREVIEW_BYTES / 1024} KB of the file for a preview.`);
  }
  let format;
  try {
    format = detectFormat(input.filename, input.bytes);
  } catch (err) {
    if (err instanceof ImportError) throw new ImportRefusedError(err.toJSON());
    throw err;
  }
  let bytes = input.bytes;
  if (input.partial) {
    if (format === "jsonl" || format === "csv") {
      const nl = bytes.lastIndexOf(0x0a);
      if (nl > 0) bytes = bytes.subarray(0, nl + 1);
    } else {
      bytes = bytes.subarray(0, utf8Boundary(bytes));
    }
  }

  let csv: ImportPreview["csv"];
  let problem: ImportProblem | null = null;
  let note: string | undefined;
  const records: ImportRecord[] = [];
  let textColumn: string | null = null;
  if (format === "csv") {
    try {
      const header = readCsvHeader(bytes);
      csv = { columns: header.columns, suggestedTextColumn: header.suggestedTextColumn, suggestedTitleColumn: header.suggestedTitleColumn, delimiter: header.delimiter };
      textColumn = input.csv?.textColumn?.trim() || header.suggestedTextColumn;
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      problem = err.toJSON();
    }
  }
  if (problem === null && (format !== "csv" || textColumn !== null)) {
    try {
      const stream = parseImportStream(input.filename, [bytes], {
        format,
        csv: format === "csv" && textColumn ? { textColumn, titleColumn: input.csv?.titleColumn?.trim() || null } : undefined,
      });
      for await (const r of stream) {
        records.push(r);
        if (records.length >= PREVIEW_RECORDS) break;
      }
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      if (input.partial && format === "json") {
        note = "This JSON file is too large to preview from its first 64 KB; the import checks every record.";
      } else {
        problem = err.toJSON();
      }
    }
  }

  const labels = await listLabels(db, ctx.project.id);
  const known = new Set(labels.map((l) => l.name.trim().toLowerCase()));
  const labelNames = [...new Set(records.flatMap((r) => r.labels.map((l) => l.label.trim())))];
  const unknown = [...new Set(labelNames.filter((n) => !known.has(n.toLowerCase())))];
  const preview: ImportPreview = {
    format,
    records: records.map(
      (r): ImportPreviewRecord => ({
        line: r.line,
        title: r.title,
        excerpt: sliceByCodePoints(r.text, 0, EXCERPT_LENGTH),
        length: [...r.text].length,
        labelCount: r.labels.length,
      }),
    ),
    labelNames,
    unknownLabels: unknown,
    problem,
    partial: input.partial,
    ...(csv ? { csv } : {}),
  };
  if (note) preview.note = note;
  return preview;
}
