"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { AssignDialog, type AssignTarget } from "@/components/assignments/assign-dialog";
import { UnassignDialog } from "@/components/assignments/unassign-dialog";
import { Button } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { libraryPageQuery, librarySummaryQuery, normalizeFilter } from "@/lib/api-client/library";
import type { LibraryFilterDto, ProgressCategory } from "@/lib/server/library-dto";
import { formatCount, formatDay } from "./format";
import { ProjectProgress } from "./project-progress";
import { AssigneeDot, PROGRESS_META, ProgressBadge } from "./status";
import { LinkPending } from "@/components/ui/link-pending";

const SELECT =
  "h-9 rounded-md border border-default bg-[var(--surface)] px-2 text-sm text-[var(--text)] focus:border-accent-500 focus:outline-none";

/** The library: progress header, search and filters, the table with selection and assignment, pages. */
export function LibraryView({ projectId, projectSlug }: { projectId: string; projectSlug: string }) {
  const summary = useQuery(librarySummaryQuery(projectId));
  const [query, setQuery] = useState("");
  const [filter, setFilter] = useState<LibraryFilterDto>({});
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useQuery({ ...libraryPageQuery(projectId, filter, cursor), placeholderData: keepPreviousData });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [dialog, setDialog] = useState<null | "assign" | "unassign">(null);
  const searchRef = useRef<HTMLInputElement>(null);

  /** A new filter starts from the first page with nothing selected. */
  const applyFilter = useCallback((next: LibraryFilterDto) => {
    setFilter(next);
    setCursors([null]);
    setSelected(new Set());
    setAllMatching(false);
  }, []);

  function updateFilter(change: Partial<LibraryFilterDto>) {
    const next = { ...filter, ...change };
    if (JSON.stringify(normalizeFilter(next)) !== JSON.stringify(normalizeFilter(filter))) applyFilter(next);
  }

  // Apply the search 300 ms after typing stops.
  useEffect(() => {
    const q = query.trim() || undefined;
    if ((filter.q || undefined) === q) return;
    const t = setTimeout(() => applyFilter({ ...filter, q }), 300);
    return () => clearTimeout(t);
  }, [query, filter, applyFilter]);

  // "/" focuses the search box.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key === "/" && !e.ctrlKey && !e.metaKey && !(target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) && !target?.isContentEditable) {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const canAssign = summary.data?.canAssign ?? false;
  const canImport = summary.data?.canImport ?? false;
  const items = useMemo(() => page.data?.items ?? [], [page.data]);
  const total = page.data?.total ?? 0;
  const pageIndex = cursors.length - 1;
  const limit = 50;
  const firstShown = total === 0 ? 0 : pageIndex * limit + 1;
  const lastShown = pageIndex * limit + items.length;
  const hasFilter = Object.keys(normalizeFilter(filter)).length > 0;
  const allOnPage = items.length > 0 && items.every((i) => selected.has(i.id));
  const selectionCount = allMatching ? total : selected.size;

  const target: AssignTarget = allMatching
    ? { kind: "filter", filter: normalizeFilter(filter), count: total }
    : { kind: "documents", documentIds: [...selected] };

  function toggle(id: string) {
    setAllMatching(false);
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  function togglePage() {
    setAllMatching(false);
    setSelected((s) => {
      const next = new Set(s);
      if (allOnPage) for (const i of items) next.delete(i.id);
      else for (const i of items) next.add(i.id);
      return next;
    });
  }

  function clearFilters() {
    setQuery("");
    updateFilter({ q: undefined, status: undefined, assignee: undefined, label: undefined });
  }

  const people = summary.data?.people ?? [];
  const labels = summary.data?.labels ?? [];

  return (
    <div className="space-y-4">
      <Card className="p-4">
        {summary.data ? (
          <ProjectProgress progress={summary.data.progress} annotators={summary.data.annotators} />
        ) : summary.error ? (
          <p role="alert" className="text-sm text-red-600">
            Couldn&apos;t load the project&apos;s progress: {summary.error.message}
          </p>
        ) : (
          <p className="text-muted text-sm">Loading progress…</p>
        )}
      </Card>

      <Card className="p-4">
        <div className="mb-3 flex flex-wrap items-end gap-2" role="search" aria-label="Find articles">
          <div className="min-w-56 flex-1">
            <label htmlFor="library-search" className="mb-1 block text-sm font-medium">
              Search
            </label>
            <input
              id="library-search"
              ref={searchRef}
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") updateFilter({ q: query.trim() || undefined });
              }}
              placeholder="Words in the title or text  ( / )"
              className={`${SELECT} w-full px-3`}
            />
          </div>
          <div>
            <label htmlFor="library-status" className="mb-1 block text-sm font-medium">
              Status
            </label>
            <select
              id="library-status"
              className={SELECT}
              value={filter.status ?? ""}
              onChange={(e) => updateFilter({ status: (e.target.value || undefined) as ProgressCategory | undefined })}
            >
              <option value="">Any status</option>
              {PROGRESS_META.map((m) => (
                <option key={m.key} value={m.key}>
                  {m.label}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="library-assignee" className="mb-1 block text-sm font-medium">
              Assignee
            </label>
            <select id="library-assignee" className={SELECT} value={filter.assignee ?? ""} onChange={(e) => updateFilter({ assignee: e.target.value || undefined })}>
              <option value="">Anyone</option>
              <option value="me">Me</option>
              <option value="none">Nobody (unassigned)</option>
              {people.map((p) => (
                <option key={p.userId} value={p.userId}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="library-label" className="mb-1 block text-sm font-medium">
              Has label
            </label>
            <select id="library-label" className={SELECT} value={filter.label ?? ""} onChange={(e) => updateFilter({ label: e.target.value || undefined })}>
              <option value="">Any</option>
              {labels.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
          {hasFilter ? (
            <Button variant="ghost" size="sm" className="mb-0.5" onClick={clearFilters}>
              Clear filters
            </Button>
          ) : null}
        </div>

        {canAssign ? (
          <div className="mb-3 flex flex-wrap items-center gap-2 text-sm" aria-live="polite">
            <span className="text-muted">{selectionCount > 0 ? `${formatCount(selectionCount)} selected` : "Select articles to assign them."}</span>
            <Button size="sm" disabled={selectionCount === 0} onClick={() => setDialog("assign")}>
              Assign…
            </Button>
            <Button size="sm" variant="secondary" disabled={selectionCount === 0 || allMatching} onClick={() => setDialog("unassign")}>
              Unassign…
            </Button>
            {selectionCount > 0 ? (
              <Button
                size="sm"
                variant="ghost"
                onClick={() => {
                  setSelected(new Set());
                  setAllMatching(false);
                }}
              >
                Clear selection
              </Button>
            ) : null}
            {allOnPage && !allMatching && total > items.length ? (
              <Button size="sm" variant="ghost" onClick={() => setAllMatching(true)}>
                Select all {formatCount(total)} matching
              </Button>
            ) : null}
          </div>
        ) : null}

        {page.error ? (
          <p role="alert" className="text-sm text-red-600">
            Couldn&apos;t load the articles: {page.error.message}
          </p>
        ) : page.isPending ? (
          <p className="text-muted text-sm">Loading articles…</p>
        ) : total === 0 && !hasFilter ? (
          <EmptyState
            title="No articles yet"
            action={
              canImport ? (
                <Link href={`/projects/${projectSlug}/import`} className="inline-flex h-10 items-center rounded-md bg-accent-600 px-4 text-sm font-medium text-white hover:bg-accent-700">
                  Import articles
                </Link>
              ) : null
            }
          >
            {canImport
              ? "Import articles to start annotating: paste text, or upload .txt, .md, .html, JSONL, JSON or CSV files."
              : "A project manager imports the articles; ask one of them to add some."}
          </EmptyState>
        ) : total === 0 ? (
          <EmptyState title="No articles match" action={<Button variant="secondary" onClick={clearFilters}>Clear filters</Button>}>
            Try other words, or clear the filters.
          </EmptyState>
        ) : (
          <>
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm" aria-label="Articles" aria-busy={page.isFetching || undefined}>
                <thead className="text-muted border-default border-b text-xs uppercase tracking-wide">
                  <tr>
                    {canAssign ? (
                      <th scope="col" className="w-8 py-2 pr-2">
                        <input type="checkbox" aria-label="Select all articles on this page" checked={allOnPage} onChange={togglePage} className="size-4 accent-[var(--color-accent-600)]" />
                      </th>
                    ) : null}
                    <th scope="col" className="py-2 pr-3 font-medium">
                      Title
                    </th>
                    <th scope="col" className="py-2 pr-3 text-right font-medium">
                      Length
                    </th>
                    <th scope="col" className="py-2 pr-3 font-medium">
                      Status
                    </th>
                    <th scope="col" className="py-2 pr-3 font-medium">
                      Assignees
                    </th>
                    <th scope="col" className="py-2 pr-3 text-right font-medium">
                      Spans
                    </th>
                    <th scope="col" className="py-2 font-medium">
                      Updated
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((d) => (
                    <tr key={d.id} className="border-default border-b last:border-0 hover:bg-black/[0.02] dark:hover:bg-white/[0.03]">
                      {canAssign ? (
                        <td className="py-2 pr-2">
                          <input
                            type="checkbox"
                            aria-label={`Select “${d.title}”`}
                            checked={allMatching || selected.has(d.id)}
                            onChange={() => toggle(d.id)}
                            className="size-4 accent-[var(--color-accent-600)]"
                          />
                        </td>
                      ) : null}
                      <td className="max-w-md py-2 pr-3">
                        <Link href={`/projects/${projectSlug}/documents/${d.id}`} className="line-clamp-2 font-medium hover:underline">
                          {d.title}
                          <LinkPending />
                        </Link>
                      </td>
                      <td className="text-muted py-2 pr-3 text-right tabular-nums">{formatCount(d.length)}</td>
                      <td className="py-2 pr-3 whitespace-nowrap">
                        <ProgressBadge progress={d.progress} />
                      </td>
                      <td className="py-2 pr-3">
                        {d.assignees.length === 0 ? (
                          <span className="text-muted text-xs">—</span>
                        ) : (
                          <span className="flex flex-wrap gap-1">
                            {d.assignees.map((a) => (
                              <AssigneeDot key={a.userId} name={a.name} status={a.status} />
                            ))}
                          </span>
                        )}
                      </td>
                      <td className="py-2 pr-3 text-right tabular-nums">
                        {formatCount(d.spanCount)}
                        {d.goldCount > 0 ? <span className="text-muted text-xs"> · {formatCount(d.goldCount)} gold</span> : null}
                      </td>
                      <td className="text-muted py-2 whitespace-nowrap">
                        <time dateTime={d.updatedAt}>{formatDay(d.updatedAt)}</time>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav aria-label="Pages" className="mt-3 flex items-center justify-between gap-2 text-sm">
              <span className="text-muted" aria-live="polite">
                {formatCount(firstShown)}–{formatCount(lastShown)} of {formatCount(total)}
              </span>
              <span className="flex gap-2">
                <Button size="sm" variant="secondary" disabled={pageIndex === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
                  Previous
                </Button>
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={!page.data?.nextCursor || page.isPlaceholderData}
                  onClick={() => {
                    const next = page.data?.nextCursor;
                    if (next) setCursors((c) => [...c, next]);
                  }}
                >
                  Next
                </Button>
              </span>
            </nav>
          </>
        )}
      </Card>

      {canAssign ? (
        <>
          <AssignDialog
            open={dialog === "assign"}
            onOpenChange={(o) => setDialog(o ? "assign" : null)}
            projectId={projectId}
            people={people}
            target={target}
            onAssigned={() => {
              setSelected(new Set());
              setAllMatching(false);
            }}
          />
          <UnassignDialog
            open={dialog === "unassign"}
            onOpenChange={(o) => setDialog(o ? "unassign" : null)}
            projectId={projectId}
            people={people}
            documentIds={[...selected]}
            onDone={() => setSelected(new Set())}
          />
        </>
      ) : null}
    </div>
  );
}
