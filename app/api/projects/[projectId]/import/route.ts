import { errorResponse, withProjectAuth } from "@/lib/http/handler";
import { importProblemOf, prepareImport } from "@/lib/server/import-documents";
import type { ImportStreamLine } from "@/lib/server/import-dto";
import { importOptionsFromQuery } from "@/lib/validation/import";

/**
 * File import. The raw file is the request body (no multipart); options are in the query string
 * (see lib/server/import-dto.ts). Checks that need no content (permission, Content-Length over the
 * limit → 413, file type, options) answer with a plain JSON error; then the response is NDJSON:
 * progress lines while the body streams through the parser and while the articles are written,
 * then one `done` line with the report or one `error` line (and nothing written).
 */
export const POST = withProjectAuth("documents.import", async ({ req, db, actor, project }) => {
  const { filename, options } = importOptionsFromQuery(new URL(req.url).searchParams);
  const length = req.headers.get("content-length");
  const declaredSize = length !== null && /^\d+$/.test(length) ? Number(length) : null;
  const prepared = await prepareImport(db, actor, project.id, { filename, declaredSize, options });

  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const send = (line: ImportStreamLine) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        } catch {
          open = false; // the client went away; the import itself carries on to its end
        }
      };
      void (async () => {
        try {
          const report = await prepared.run(req.body ?? [], (progress) => send({ type: "progress", ...progress }));
          send({ type: "done", report });
        } catch (err) {
          const problem = importProblemOf(err);
          if (problem) {
            console.log(`[import] ${filename} refused: ${problem.code} ${problem.message}`);
            send({ type: "error", error: problem });
          } else {
            const mapped = errorResponse(err);
            const json = (await mapped.json()) as { error: { code: string; message: string } };
            send({ type: "error", error: { code: json.error.code, message: json.error.message } });
          }
        } finally {
          if (open) {
            open = false;
            try {
              controller.close();
            } catch {
              // already closed by a cancelled client
            }
          }
        }
      })();
    },
  });
  return new Response(body, {
    status: 200,
    headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "Cache-Control": "no-store" },
  });
});
