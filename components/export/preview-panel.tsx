"use client";
import { Card } from "@/components/ui/card";
import type { ExportPreviewResponse } from "@/lib/server/export-dto";
import { ReportView } from "./report-view";

function count(n: number, noun: string): string {
  return `${n.toLocaleString()} ${noun}${n === 1 ? "" : "s"}`;
}

/** The first records of the file for the current settings, the selection's counts and a sample report. */
export function PreviewPanel({
  data,
  error,
  isPending,
  isFetching,
}: {
  data: ExportPreviewResponse | undefined;
  error: Error | null;
  isPending: boolean;
  isFetching: boolean;
}) {
  return (
    <Card className="p-4">
      <div className="mb-2 flex items-baseline justify-between gap-2">
        <h2 className="font-semibold">Preview</h2>
        <span className="text-muted text-xs" aria-live="polite">
          {isFetching ? "Updating…" : data ? `${count(data.counts.documents, "document")} · ${count(data.counts.spans, "span")} selected` : ""}
        </span>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          Couldn&apos;t build the preview: {error.message}
        </p>
      ) : isPending || !data ? (
        <p className="text-muted text-sm">Loading the first records…</p>
      ) : data.counts.documents === 0 ? (
        <p className="text-muted text-sm">No documents match these settings, so the file would be empty. Widen the status, assignee or date filters, or import articles first.</p>
      ) : (
        <>
          <p className="text-muted mb-2 text-xs">
            The first {data.previewDocuments} of {data.counts.documents.toLocaleString()} documents, as they will be written to {data.filename}
            {data.previewTruncated ? " (shortened)" : ""}.
          </p>
          <pre
            aria-label="Preview of the first records"
            tabIndex={0}
            className="border-default max-h-80 overflow-auto rounded-md border bg-black/[0.03] p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap break-all dark:bg-white/[0.04]"
          >
            {data.preview || "(nothing to show)"}
          </pre>
          <details className="mt-3">
            <summary className="cursor-pointer text-sm font-medium">Report on the first {data.reportSampleDocuments.toLocaleString()} documents</summary>
            <div className="mt-2">
              <ReportView report={data.report} heading="Sample report" />
            </div>
          </details>
        </>
      )}
    </Card>
  );
}
