"use client";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, ProgressBar } from "@/components/ui/card";
import { downloadExport, saveBlob, useExportReport, type DownloadProgress } from "@/lib/api-client/export";
import type { ExportFormat } from "@/lib/export";
import type { ExportRequestInput } from "@/lib/validation/export";
import { ReportView } from "./report-view";
import { formatBytes } from "./types";

type DownloadState =
  | { kind: "idle" }
  | { kind: "downloading"; progress: DownloadProgress }
  | { kind: "done"; filename: string; bytes: number; documents: number; layer: string }
  | { kind: "cancelled" }
  | { kind: "error"; message: string };

const PROGRESS_INTERVAL_MS = 100;

/**
 * Streams the file (fetch + ReadableStream reader) with a progress bar of documents written and bytes
 * received, saves it through a Blob, then fetches the full report for the same settings.
 */
export function DownloadPanel({ projectId, format, formatLabel, input }: { projectId: string; format: ExportFormat; formatLabel: string; input: ExportRequestInput }) {
  const [state, setState] = useState<DownloadState>({ kind: "idle" });
  const abort = useRef<AbortController | null>(null);
  const report = useExportReport(projectId);

  async function start() {
    const settings = { ...input, format };
    const controller = new AbortController();
    abort.current = controller;
    report.reset();
    setState({ kind: "downloading", progress: { bytes: 0, documents: 0, documentsTotal: 0, spansOnly: false } });
    let shownAt = 0;
    try {
      const file = await downloadExport(projectId, settings, {
        signal: controller.signal,
        onProgress: (progress) => {
          const now = performance.now();
          if (now - shownAt < PROGRESS_INTERVAL_MS) return;
          shownAt = now;
          setState({ kind: "downloading", progress });
        },
      });
      saveBlob(file.blob, file.filename);
      setState({ kind: "done", filename: file.filename, bytes: file.bytes, documents: file.documentsTotal, layer: file.layer });
      report.mutate(settings);
    } catch (err) {
      if ((err as Error).name === "AbortError") setState({ kind: "cancelled" });
      else setState({ kind: "error", message: (err as Error).message });
    } finally {
      abort.current = null;
    }
  }

  const downloading = state.kind === "downloading";
  return (
    <Card className="p-4">
      <h2 className="mb-3 font-semibold">Download</h2>
      <div className="flex flex-wrap items-center gap-2">
        <Button onClick={() => void start()} isLoading={downloading} disabled={downloading}>
          Download {formatLabel}
        </Button>
        {downloading ? (
          <Button variant="secondary" onClick={() => abort.current?.abort()}>
            Cancel
          </Button>
        ) : null}
      </div>

      <div className="mt-3 space-y-2" aria-live="polite">
        {state.kind === "downloading" ? (
          <>
            <ProgressBar value={state.progress.documents} max={Math.max(1, state.progress.documentsTotal)} label="Documents written" />
            <p className="text-muted text-xs">
              {state.progress.documents.toLocaleString()} of {state.progress.documentsTotal.toLocaleString()} documents
              {state.progress.spansOnly ? " (counted as their spans arrive)" : ""} · {formatBytes(state.progress.bytes)} received
            </p>
          </>
        ) : null}
        {state.kind === "done" ? (
          <p className="text-sm">
            Saved <span className="font-medium">{state.filename}</span> — {state.documents.toLocaleString()} document{state.documents === 1 ? "" : "s"}, {formatBytes(state.bytes)}.
            {state.documents === 0 ? " No documents matched, so the file is valid but empty." : ""}
          </p>
        ) : null}
        {state.kind === "cancelled" ? <p className="text-muted text-sm">Download cancelled; nothing was saved.</p> : null}
        {state.kind === "error" ? (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            The export failed: {state.message}
          </p>
        ) : null}
      </div>

      {state.kind === "done" ? (
        <div className="border-default mt-4 border-t pt-4">
          <h3 className="mb-2 text-sm font-semibold">Report for this file</h3>
          {report.isPending ? <p className="text-muted text-sm">Checking the whole selection for spans that could not be written…</p> : null}
          {report.error ? (
            <p role="alert" className="text-sm text-red-600 dark:text-red-400">
              Couldn&apos;t compute the report: {report.error.message}{" "}
              <button type="button" className="underline" onClick={() => report.mutate({ ...input, format })}>
                Try again
              </button>
            </p>
          ) : null}
          {report.data ? <ReportView report={report.data.report} heading="Export report" /> : null}
        </div>
      ) : (
        <p className="text-muted mt-4 text-xs">After the download, the full report (mismatched, misaligned and dropped spans) appears here.</p>
      )}
    </Card>
  );
}
