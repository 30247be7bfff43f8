import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { DocumentDto } from "@/lib/server/documents";
import {
  IMPORT_PREVIEW_BYTES,
  type DuplicatePolicy,
  type ImportPreview,
  type ImportProblem,
  type ImportProgress,
  type ImportReport,
  type ImportStreamLine,
} from "@/lib/server/import-dto";
import { ApiError, fetchJson } from "./fetch-json";
import { libraryKeys } from "./library";

export interface CsvChoice {
  textColumn?: string | null;
  titleColumn?: string | null;
}

export const importKeys = {
  preview: (projectId: string, file: File, csv: CsvChoice) =>
    ["import-preview", projectId, file.name, file.size, file.lastModified, csv.textColumn ?? null, csv.titleColumn ?? null] as const,
};

/** Preview of the first records, from the file's first 64 KB. */
export function importPreviewQuery(projectId: string, file: File, csv: CsvChoice) {
  return queryOptions({
    queryKey: importKeys.preview(projectId, file, csv),
    queryFn: async () => {
      const params = new URLSearchParams({ filename: file.name });
      if (file.size > IMPORT_PREVIEW_BYTES) params.set("partial", "1");
      if (csv.textColumn) params.set("textColumn", csv.textColumn);
      if (csv.titleColumn) params.set("titleColumn", csv.titleColumn);
      const body = await file.slice(0, IMPORT_PREVIEW_BYTES).arrayBuffer();
      const r = await fetchJson<{ preview: ImportPreview }>(`/api/projects/${projectId}/import/preview?${params}`, {
        method: "POST",
        body,
        headers: { "Content-Type": "application/octet-stream" },
      });
      return r.preview;
    },
    staleTime: Infinity,
    retry: false,
  });
}

/** The server refused the file; `problem` says where (line, byte offset) and why. Nothing was written. */
export class ImportFailedError extends Error {
  constructor(readonly problem: ImportProblem) {
    super(problem.message);
    this.name = "ImportFailedError";
  }
}

export interface UploadOptions {
  duplicates: DuplicatePolicy;
  createMissingLabels: boolean;
  csv?: { textColumn: string; titleColumn?: string | null };
  /** Bytes sent so far (the upload). */
  onUpload?: (sent: number, total: number) => void;
  /** The server's progress lines (reading and checking, then writing). */
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
}

/**
 * Uploads a file as the raw request body (XMLHttpRequest: upload progress events, and the NDJSON
 * response read as it arrives). Resolves with the report; rejects with ImportFailedError when the
 * file is refused, ApiError for HTTP errors (403, 413…).
 */
export function uploadImport(projectId: string, file: File, options: UploadOptions): Promise<ImportReport> {
  const params = new URLSearchParams({ filename: file.name, duplicates: options.duplicates });
  if (options.createMissingLabels) params.set("createMissingLabels", "true");
  if (options.csv) {
    params.set("textColumn", options.csv.textColumn);
    if (options.csv.titleColumn) params.set("titleColumn", options.csv.titleColumn);
  }
  return new Promise<ImportReport>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    let seen = 0;
    let settled = false;
    const finish = (fn: () => void) => {
      if (!settled) {
        settled = true;
        fn();
      }
    };
    const consume = () => {
      if (xhr.status !== 200) return;
      const text = xhr.responseText;
      let nl = text.indexOf("\n", seen);
      while (nl !== -1) {
        const raw = text.slice(seen, nl).trim();
        seen = nl + 1;
        nl = text.indexOf("\n", seen);
        if (!raw) continue;
        let line: ImportStreamLine;
        try {
          line = JSON.parse(raw) as ImportStreamLine;
        } catch {
          continue;
        }
        if (line.type === "progress") options.onProgress?.(line);
        else if (line.type === "done") finish(() => resolve(line.report));
        else finish(() => reject(new ImportFailedError(line.error)));
      }
    };
    xhr.open("POST", `/api/projects/${projectId}/import?${params}`);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.setRequestHeader("Accept", "application/x-ndjson, application/json");
    xhr.upload.onprogress = (e) => options.onUpload?.(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onprogress = consume;
    xhr.onload = () => {
      if (xhr.status === 200) {
        consume();
        finish(() => reject(new ApiError(0, "network", "The import connection closed before the server finished. Check the Library to see whether it was imported, then try again.")));
        return;
      }
      let err: { code?: string; message?: string; details?: unknown } | undefined;
      try {
        err = (JSON.parse(xhr.responseText) as { error?: typeof err }).error;
      } catch {
        err = undefined;
      }
      finish(() => reject(new ApiError(xhr.status, err?.code ?? "http_error", err?.message ?? `The server answered ${xhr.status}.`, undefined, err?.details)));
    };
    xhr.onerror = () => finish(() => reject(new ApiError(0, "network", "The upload failed: the connection to the server was lost. Nothing was imported; try again.")));
    xhr.onabort = () => finish(() => reject(new ApiError(0, "aborted", "The import was cancelled before the server received the whole file. Nothing was imported.")));
    options.signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(file);
  });
}

export function useImportFile(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, options }: { file: File; options: UploadOptions }) => uploadImport(projectId, file, options),
    onSettled: () => qc.invalidateQueries({ queryKey: libraryKeys.all(projectId) }),
  });
}

/** Paste: one article from a title and text. 409 when the same text exists, unless allowDuplicate. */
export function useCreateDocument(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { title: string; text: string; allowDuplicate?: boolean }) =>
      fetchJson<{ document: DocumentDto }>(`/api/projects/${projectId}/documents`, { method: "POST", json: input }).then((r) => r.document),
    onSuccess: () => qc.invalidateQueries({ queryKey: libraryKeys.all(projectId) }),
  });
}
