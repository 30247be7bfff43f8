import { keepPreviousData, queryOptions, useMutation } from "@tanstack/react-query";
import { createDocumentCounter } from "./export-document-counter";
import type { ExportFormat } from "@/lib/export";
import {
  EXPORT_DOCUMENTS_TOTAL_HEADER,
  EXPORT_LAYER_HEADER,
  type ExportPreviewResponse,
  type ExportReportResponse,
} from "@/lib/server/export-dto";
import { exportSearchParams, type ExportRequestInput } from "@/lib/validation/export";
import { ApiError, fetchJson } from "./fetch-json";

/** Query keys live here and only here. */
export const exportKeys = {
  all: (projectId: string) => ["projects", projectId, "export"] as const,
  preview: (projectId: string, query: string) => [...exportKeys.all(projectId), "preview", query] as const,
};

function exportUrl(projectId: string, suffix: "" | "/preview" | "/report", input: ExportRequestInput): string {
  return `/api/projects/${encodeURIComponent(projectId)}/export${suffix}?${exportSearchParams(input).toString()}`;
}

/** The first records, counts and a sample report for these settings. */
export function exportPreviewQuery(projectId: string, input: ExportRequestInput) {
  const query = exportSearchParams(input).toString();
  return queryOptions({
    queryKey: exportKeys.preview(projectId, query),
    queryFn: ({ signal }) => fetchJson<ExportPreviewResponse>(exportUrl(projectId, "/preview", input), { signal }),
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });
}

/** The full report for these settings (the writer run over the whole selection, output discarded). */
export function useExportReport(projectId: string) {
  return useMutation({
    mutationFn: (input: ExportRequestInput) => fetchJson<ExportReportResponse>(exportUrl(projectId, "/report", input), { method: "POST" }),
  });
}

export interface DownloadProgress {
  bytes: number;
  /** Documents seen in the stream so far (capped at `documentsTotal`). */
  documents: number;
  documentsTotal: number;
  /** CSV / W3C list spans only: documents without spans are not counted until the end. */
  spansOnly: boolean;
}

export interface DownloadedExport {
  blob: Blob;
  filename: string;
  layer: string;
  bytes: number;
  documentsTotal: number;
}

function filenameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="([^"]+)"/i.exec(disposition)?.[1] ?? fallback;
}

async function errorFrom(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; fields?: Record<string, string[]> } };
    return new ApiError(res.status, body.error?.code ?? "http_error", body.error?.message ?? `The server answered ${res.status}.`, body.error?.fields);
  } catch {
    return new ApiError(res.status, "http_error", `The server answered ${res.status}.`);
  }
}

/**
 * Streams the export file with fetch + a ReadableStream reader, reporting bytes received and documents
 * written (counted in the stream, against the X-Spanlab-Documents-Total header sent up front), and
 * returns it as a Blob to save. Abort with `signal`.
 */
export async function downloadExport(
  projectId: string,
  input: ExportRequestInput & { format: ExportFormat },
  options: { signal?: AbortSignal; onProgress?: (progress: DownloadProgress) => void } = {},
): Promise<DownloadedExport> {
  let res: Response;
  try {
    res = await fetch(exportUrl(projectId, "", input), { signal: options.signal });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiError(0, "network", "Can't reach the Spanlab server. Check your connection and try again.");
  }
  if (!res.ok) throw await errorFrom(res);
  if (!res.body) throw new ApiError(res.status, "http_error", "The server sent no file. Try again.");
  const documentsTotal = Number(res.headers.get(EXPORT_DOCUMENTS_TOTAL_HEADER) ?? "0") || 0;
  const layer = decodeURIComponent(res.headers.get(EXPORT_LAYER_HEADER) ?? "");
  const filename = filenameFrom(res.headers.get("Content-Disposition"), `export.${input.format}`);
  const counter = createDocumentCounter(input.format);
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let bytes = 0;
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      bytes += value.byteLength;
      counter.push(value);
      options.onProgress?.({ bytes, documents: Math.min(counter.count, documentsTotal), documentsTotal, spansOnly: counter.spansOnly });
    }
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiError(0, "network", "The download was interrupted before the end of the file. Nothing was saved; try again.");
  } finally {
    reader.releaseLock();
  }
  options.onProgress?.({ bytes, documents: documentsTotal, documentsTotal, spansOnly: counter.spansOnly });
  const type = res.headers.get("Content-Type") ?? "application/octet-stream";
  return { blob: new Blob(parts, { type }), filename, layer, bytes, documentsTotal };
}

/** Saves a Blob under `filename` through a temporary object URL. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.rel = "noopener";
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser time to start reading the Blob before letting it go.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
