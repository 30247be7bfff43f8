"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useRef, useState, type DragEvent } from "react";
import { formatCount, formatFileSize } from "@/components/library/format";
import { Button } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { ApiError } from "@/lib/api-client/fetch-json";
import { ImportFailedError, importPreviewQuery, useImportFile } from "@/lib/api-client/import";
import type { DuplicatePolicy, ImportProblem, ImportProgress, ImportReport } from "@/lib/server/import-dto";

const ACCEPT = ".txt,.md,.markdown,.html,.htm,.jsonl,.ndjson,.json,.csv,.tsv";
const SELECT =
  "h-9 w-full rounded-md border border-default bg-[var(--surface)] px-2 text-sm text-[var(--text)] focus:border-accent-500 focus:outline-none";

function where(problem: ImportProblem): string | null {
  const parts: string[] = [];
  if (problem.line !== undefined) parts.push(`line ${formatCount(problem.line)}`);
  if (problem.byteOffset !== undefined) parts.push(`byte ${formatCount(problem.byteOffset)}`);
  if (problem.span) parts.push(`span ${problem.span[0]}–${problem.span[1]}`);
  return parts.length ? parts.join(", ") : null;
}

/** Upload a file: choose or drop → preview → options → import with progress → report. */
export function UploadPanel({ projectId, projectSlug, maxBytes }: { projectId: string; projectSlug: string; maxBytes: number }) {
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [textColumn, setTextColumn] = useState<string | null>(null);
  const [titleColumn, setTitleColumn] = useState<string | null>(null);
  const [duplicates, setDuplicates] = useState<DuplicatePolicy>("skip");
  const [createMissingLabels, setCreateMissingLabels] = useState(false);
  const [sent, setSent] = useState(0);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const importFile = useImportFile(projectId);
  const tooLarge = file !== null && file.size > maxBytes;

  const preview = useQuery({
    ...importPreviewQuery(projectId, file ?? new File([], "none.txt"), { textColumn, titleColumn }),
    enabled: file !== null && !tooLarge && !importFile.isPending && !report,
  });
  const csv = preview.data?.csv;
  const chosenTextColumn = textColumn ?? csv?.suggestedTextColumn ?? null;
  const chosenTitleColumn = titleColumn ?? (textColumn === null ? (csv?.suggestedTitleColumn ?? null) : null);

  function choose(f: File | null | undefined) {
    if (!f) return;
    setFile(f);
    setTextColumn(null);
    setTitleColumn(null);
    setReport(null);
    setProgress(null);
    setSent(0);
    importFile.reset();
  }

  function reset() {
    setFile(null);
    setReport(null);
    setProgress(null);
    setSent(0);
    importFile.reset();
    if (inputRef.current) inputRef.current.value = "";
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    choose(e.dataTransfer.files[0]);
  }

  function start() {
    if (!file) return;
    setSent(0);
    setProgress(null);
    importFile.mutate(
      {
        file,
        options: {
          duplicates,
          createMissingLabels,
          csv: preview.data?.format === "csv" && chosenTextColumn ? { textColumn: chosenTextColumn, titleColumn: chosenTitleColumn } : undefined,
          onUpload: (n) => setSent(n),
          onProgress: setProgress,
        },
      },
      { onSuccess: setReport },
    );
  }

  // ---- the report ----
  if (report) {
    const shown = report.skippedDuplicates.slice(0, 50);
    return (
      <section aria-labelledby="import-report" className="space-y-4">
        <h2 id="import-report" className="text-lg font-semibold">
          Import finished
        </h2>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" role="status">
          <div className="border-default rounded-md border p-3">
            <dt className="text-muted text-xs">Imported</dt>
            <dd className="text-2xl font-semibold tabular-nums">{formatCount(report.imported)}</dd>
          </div>
          <div className="border-default rounded-md border p-3">
            <dt className="text-muted text-xs">Skipped as duplicate</dt>
            <dd className="text-2xl font-semibold tabular-nums">{formatCount(report.skippedDuplicateCount)}</dd>
          </div>
          <div className="border-default rounded-md border p-3">
            <dt className="text-muted text-xs">Labelled spans</dt>
            <dd className="text-2xl font-semibold tabular-nums">{formatCount(report.annotationsImported)}</dd>
          </div>
          <div className="border-default rounded-md border p-3">
            <dt className="text-muted text-xs">Time</dt>
            <dd className="text-2xl font-semibold tabular-nums">{(report.durationMs / 1000).toFixed(1)} s</dd>
          </div>
        </dl>
        <p className="text-sm">
          “{report.filename}”: {formatCount(report.imported)} article{report.imported === 1 ? "" : "s"} imported
          {report.duplicatesImported ? `, ${formatCount(report.duplicatesImported)} of them duplicates imported anyway` : ""}.
          {report.createdLabels.length ? ` New labels: ${report.createdLabels.join(", ")}.` : ""}
        </p>
        {shown.length > 0 ? (
          <div>
            <h3 className="mb-2 text-sm font-medium">Skipped as duplicate</h3>
            <table className="w-full text-left text-sm" aria-label="Skipped duplicates">
              <thead className="text-muted text-xs">
                <tr>
                  <th scope="col" className="py-1 pr-3 font-medium">Where</th>
                  <th scope="col" className="py-1 pr-3 font-medium">Title</th>
                  <th scope="col" className="py-1 font-medium">Same text as</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((d) => (
                  <tr key={`${d.index}`} className="border-default border-t">
                    <td className="py-1 pr-3 whitespace-nowrap">{d.line !== null ? `Line ${formatCount(d.line)}` : `Record ${formatCount(d.index + 1)}`}</td>
                    <td className="py-1 pr-3">{d.title}</td>
                    <td className="py-1">
                      {d.duplicateOf.title}
                      {d.duplicateOf.inThisFile ? <span className="text-muted"> (earlier in this file)</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {report.skippedDuplicateCount > shown.length ? (
              <p className="text-muted mt-1 text-xs">… and {formatCount(report.skippedDuplicateCount - shown.length)} more.</p>
            ) : null}
          </div>
        ) : null}
        <div className="flex gap-2">
          <Link href={`/projects/${projectSlug}`} className="inline-flex h-10 items-center rounded-md bg-accent-600 px-4 text-sm font-medium text-white hover:bg-accent-700">
            Open the Library
          </Link>
          <Button variant="secondary" onClick={reset}>
            Import another file
          </Button>
        </div>
      </section>
    );
  }

  const failure = importFile.error;
  const problem = failure instanceof ImportFailedError ? failure.problem : null;

  return (
    <div className="space-y-4">
      <div
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={cn(
          "rounded-lg border-2 border-dashed px-6 py-8 text-center transition-colors",
          dragging ? "border-accent-500 bg-accent-50 dark:bg-accent-600/10" : "border-default",
        )}
      >
        <p className="text-sm">
          Drag a file here, or{" "}
          <label htmlFor={inputId} className="cursor-pointer font-medium text-accent-600 underline hover:text-accent-700">
            Choose a file
          </label>
          <input
            ref={inputRef}
            id={inputId}
            type="file"
            accept={ACCEPT}
            className="sr-only"
            disabled={importFile.isPending}
            onChange={(e) => choose(e.target.files?.[0])}
          />
        </p>
        <p className="text-muted mt-1 text-xs">
          .txt, .md, .html (one article each) · .jsonl, .json, .csv (many) · up to {formatFileSize(maxBytes)}
        </p>
      </div>

      {file ? (
        <section aria-labelledby="chosen-file" className="space-y-4">
          <h2 id="chosen-file" className="font-semibold">
            {file.name} <span className="text-muted text-sm font-normal">{formatFileSize(file.size)}</span>
          </h2>

          {tooLarge ? (
            <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
              This file is {formatFileSize(file.size)}; the import limit is {formatFileSize(maxBytes)}. Split it into smaller files and import them one by one.
            </p>
          ) : preview.isPending && preview.fetchStatus !== "idle" ? (
            <p className="text-muted text-sm">Reading the first records…</p>
          ) : preview.error ? (
            <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
              {preview.error.message}
            </p>
          ) : preview.data ? (
            <>
              {csv ? (
                <div className="grid gap-3 sm:grid-cols-2">
                  <div>
                    <label htmlFor={`${inputId}-text`} className="mb-1 block text-sm font-medium">
                      Text column
                    </label>
                    <select id={`${inputId}-text`} className={SELECT} value={chosenTextColumn ?? ""} onChange={(e) => setTextColumn(e.target.value || null)}>
                      <option value="">Choose…</option>
                      {csv.columns.map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div>
                    <label htmlFor={`${inputId}-title`} className="mb-1 block text-sm font-medium">
                      Title column
                    </label>
                    <select id={`${inputId}-title`} className={SELECT} value={chosenTitleColumn ?? ""} onChange={(e) => setTitleColumn(e.target.value || null)}>
                      <option value="">None: use the text&apos;s first line</option>
                      {csv.columns.map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </select>
                  </div>
                  <p className="text-muted text-xs sm:col-span-2">Other columns are kept as the article&apos;s metadata.</p>
                </div>
              ) : null}

              <div>
                <h3 className="mb-2 text-sm font-medium">
                  Preview <span className="text-muted font-normal">({preview.data.format.toUpperCase()}{preview.data.partial ? ", first records" : ""})</span>
                </h3>
                {preview.data.problem ? (
                  <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
                    <p className="font-medium">This file would be refused{where(preview.data.problem) ? ` (${where(preview.data.problem)})` : ""}:</p>
                    <p>{preview.data.problem.message}</p>
                  </div>
                ) : preview.data.records.length === 0 ? (
                  <p className="text-muted text-sm">{preview.data.note ?? (csv ? "Choose the column that holds the article text." : "Nothing to preview.")}</p>
                ) : (
                  <ol className="border-default divide-y divide-[var(--border)] rounded-md border" aria-label="Preview of the first records">
                    {preview.data.records.map((r, i) => (
                      <li key={i} className="p-3">
                        <div className="flex items-baseline justify-between gap-2">
                          <span className="font-medium">{r.title}</span>
                          <span className="text-muted shrink-0 text-xs">
                            {r.line !== null ? `line ${formatCount(r.line)} · ` : ""}
                            {formatCount(r.length)} characters{r.labelCount ? ` · ${formatCount(r.labelCount)} labels` : ""}
                          </span>
                        </div>
                        <p className="text-muted mt-1 line-clamp-3 whitespace-pre-line font-serif text-sm">{r.excerpt}</p>
                      </li>
                    ))}
                  </ol>
                )}
              </div>

              <fieldset className="space-y-1">
                <legend className="mb-1 text-sm font-medium">Articles whose text is already in the project</legend>
                <label className="flex items-center gap-2 text-sm">
                  <input type="radio" name="duplicates" className="accent-[var(--color-accent-600)]" checked={duplicates === "skip"} onChange={() => setDuplicates("skip")} />
                  Skip them (they are listed in the report)
                </label>
                <label className="flex items-center gap-2 text-sm">
                  <input type="radio" name="duplicates" className="accent-[var(--color-accent-600)]" checked={duplicates === "import"} onChange={() => setDuplicates("import")} />
                  Import them anyway
                </label>
              </fieldset>

              {preview.data.format === "jsonl" || preview.data.format === "json" ? (
                <div className="space-y-1">
                  {preview.data.unknownLabels.length > 0 ? (
                    <p className="text-sm text-amber-700 dark:text-amber-400" role="status">
                      The file uses labels this project doesn&apos;t have: {preview.data.unknownLabels.join(", ")}.
                    </p>
                  ) : null}
                  <label className="flex items-center gap-2 text-sm">
                    <input type="checkbox" className="size-4 accent-[var(--color-accent-600)]" checked={createMissingLabels} onChange={(e) => setCreateMissingLabels(e.target.checked)} />
                    Create labels the project doesn&apos;t have yet (otherwise the import is refused)
                  </label>
                </div>
              ) : null}
            </>
          ) : null}

          {importFile.isPending ? (
            <div className="space-y-3" aria-live="polite">
              <div>
                <p className="mb-1 text-sm">
                  Sending the file: {formatFileSize(sent)} of {formatFileSize(file.size)}
                </p>
                <ProgressBar value={sent} max={file.size} label="Sending the file" />
              </div>
              {progress?.phase === "writing" ? (
                <div>
                  <p className="mb-1 text-sm">
                    Writing articles: {formatCount(progress.written)} of {formatCount(progress.total)}
                  </p>
                  <ProgressBar value={progress.written} max={progress.total} label="Writing articles" />
                </div>
              ) : (
                <p className="text-muted text-sm">
                  Checking records{progress ? `: ${formatCount(progress.records)} read (${formatFileSize(progress.bytes)})` : "…"}
                </p>
              )}
            </div>
          ) : null}

          {failure ? (
            <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
              <p className="font-medium">
                Nothing was imported{problem && where(problem) ? ` (${where(problem)})` : ""}.
              </p>
              <p>{failure.message}</p>
              {failure instanceof ApiError && failure.status === 403 ? <p>Only owners and managers can import.</p> : null}
            </div>
          ) : null}

          <div className="flex gap-2">
            <Button
              onClick={start}
              isLoading={importFile.isPending}
              disabled={tooLarge || !preview.data || Boolean(preview.data.problem) || (preview.data.format === "csv" && !chosenTextColumn)}
            >
              Import
            </Button>
            <Button variant="secondary" onClick={reset} disabled={importFile.isPending}>
              Choose another file
            </Button>
          </div>
        </section>
      ) : null}
    </div>
  );
}
