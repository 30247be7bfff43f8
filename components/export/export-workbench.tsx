"use client";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { Card } from "@/components/ui/card";
import { exportPreviewQuery } from "@/lib/api-client/export";
import { ApiError } from "@/lib/api-client/fetch-json";
import type { ExportFormat } from "@/lib/export";
import type { ExportPageData } from "@/lib/server/export-dto";
import type { ExportRequestInput } from "@/lib/validation/export";
import { DownloadPanel } from "./download-panel";
import { FormatPicker } from "./format-picker";
import { PreviewPanel } from "./preview-panel";
import { SelectionFilters, type ExportSelectionState } from "./selection-filters";
import type { ExportFormatCard } from "./types";

const PREVIEW_DEBOUNCE_MS = 300;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

/** The Export page: format, layer and filters on the left; preview, download and report on the right. */
export function ExportWorkbench({ data, formats }: { data: ExportPageData; formats: ExportFormatCard[] }) {
  const [format, setFormat] = useState<ExportFormat>(formats[0]?.id ?? "jsonl");
  const [selection, setSelection] = useState<ExportSelectionState>({
    layer: data.defaultLayer,
    statuses: [],
    labelIds: [],
    assignee: "",
    from: "",
    to: "",
    offsets: "codepoint",
  });
  const info = formats.find((f) => f.id === format) ?? formats[0]!;
  const input: ExportRequestInput = useMemo(
    () => ({
      format,
      layer: selection.layer,
      status: selection.statuses,
      label: selection.labelIds,
      assignee: selection.assignee || undefined,
      from: selection.from || undefined,
      to: selection.to || undefined,
      offsets: info.supportsUtf16Offsets ? selection.offsets : "codepoint",
    }),
    [format, selection, info.supportsUtf16Offsets],
  );
  const previewInput = useDebounced(input, PREVIEW_DEBOUNCE_MS);
  const preview = useQuery(exportPreviewQuery(data.projectId, previewInput));
  const fieldErrors = preview.error instanceof ApiError ? preview.error.fields : undefined;

  if (data.totalDocuments === 0) {
    return (
      <Card className="p-6">
        <h2 className="text-lg font-semibold">Export</h2>
        <p className="text-muted mt-2 text-sm">
          This project has no articles yet, so there is nothing to export. Import articles and annotate them; then come back to download JSONL, Label Studio, CoNLL, spaCy, brat, W3C or CSV files.
        </p>
      </Card>
    );
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1.1fr)_minmax(0,1fr)]">
      <section aria-labelledby="export-settings-heading" className="space-y-6">
        <div>
          <h2 id="export-settings-heading" className="text-lg font-semibold">
            Export annotations
          </h2>
          <p className="text-muted text-sm">
            Every span is checked against its article&apos;s text before it is written; offsets count Unicode code points unless you choose UTF-16. Spans that fail the check are listed in the report, never written with wrong offsets.
          </p>
        </div>
        <FormatPicker formats={formats} value={format} onChange={setFormat} />
        <Card className="p-4">
          <h3 className="mb-3 text-sm font-semibold">Layer and filters</h3>
          <SelectionFilters data={data} value={selection} onChange={setSelection} supportsUtf16={info.supportsUtf16Offsets} errors={fieldErrors} />
        </Card>
      </section>
      <section aria-label="Preview and download" className="space-y-6">
        <DownloadPanel projectId={data.projectId} format={format} formatLabel={info.label} input={input} />
        <PreviewPanel data={preview.data} error={preview.error} isPending={preview.isPending} isFetching={preview.isFetching} />
      </section>
    </div>
  );
}
