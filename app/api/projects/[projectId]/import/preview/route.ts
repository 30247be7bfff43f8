import { withProjectAuth } from "@/lib/http/handler";
import { AppError } from "@/lib/server/errors";
import { IMPORT_PREVIEW_BYTES } from "@/lib/server/import-dto";
import { previewImport } from "@/lib/server/import-preview";
import { ZImportFilename } from "@/lib/validation/import";

/** Reads at most `max` bytes of the body; more is a 413. */
async function readSmallBody(req: Request, max: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > max) throw new AppError("payload_too_large", `Send at most the first ${max / 1024} KB of the file for a preview.`);
  const out = new Uint8Array(max);
  let size = 0;
  if (!req.body) return out.subarray(0, 0);
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.length > max) {
      await reader.cancel();
      throw new AppError("payload_too_large", `Send at most the first ${max / 1024} KB of the file for a preview.`);
    }
    out.set(value, size);
    size += value.length;
  }
  return out.subarray(0, size);
}

/**
 * Preview of a file before importing it: body = its first ≤ 64 KB; ?filename=…&partial=1 when the
 * file is longer; for CSV &textColumn=…&titleColumn=… to preview other columns.
 */
export const POST = withProjectAuth("documents.import", async ({ req, db, actor, project }) => {
  const q = new URL(req.url).searchParams;
  const filename = ZImportFilename.parse(q.get("filename") ?? "");
  const bytes = await readSmallBody(req, IMPORT_PREVIEW_BYTES);
  const preview = await previewImport(db, actor, project.id, {
    filename,
    bytes,
    partial: q.get("partial") === "1" || q.get("partial") === "true",
    csv: { textColumn: q.get("textColumn"), titleColumn: q.get("titleColumn") },
  });
  return { preview };
});
