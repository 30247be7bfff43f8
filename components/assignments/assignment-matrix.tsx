"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { formatCount } from "@/components/library/format";
import { ASSIGNMENT_META, initials, ProgressBadge } from "@/components/library/status";
import { Button } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { FormError } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import { assignmentMatrixQuery, useAssign, useUnassign } from "@/lib/api-client/library";
import type { AssignmentStatusName, PersonDto } from "@/lib/server/library-dto";
import { LinkPending } from "@/components/ui/link-pending";

/**
 * Articles × people. An empty cell assigns that person (click or Enter); an open assignment
 * (assigned, in progress, returned) is removed the same way; submitted and approved work is shown
 * but not touched here (unassign it from the Library, which asks for confirmation).
 */
export function AssignmentMatrix({ projectId, projectSlug }: { projectId: string; projectSlug: string }) {
  const [query, setQuery] = useState("");
  const [q, setQ] = useState("");
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const matrix = useQuery({ ...assignmentMatrixQuery(projectId, { q }, cursor), placeholderData: keepPreviousData });
  const assign = useAssign(projectId);
  const unassign = useUnassign(projectId);

  useEffect(() => {
    const t = setTimeout(() => {
      if (query.trim() !== q) {
        setQ(query.trim());
        setCursors([null]);
      }
    }, 300);
    return () => clearTimeout(t);
  }, [query, q]);

  function toggle(documentId: string, person: PersonDto, status: AssignmentStatusName | undefined) {
    if (status === undefined) assign.mutate({ documentIds: [documentId], userIds: [person.userId] });
    else unassign.mutate({ documentIds: [documentId], userIds: [person.userId] });
  }

  const error = assign.error ?? unassign.error;
  const data = matrix.data;
  const pageIndex = cursors.length - 1;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-56">
          <label htmlFor="matrix-search" className="mb-1 block text-sm font-medium">
            Search
          </label>
          <input
            id="matrix-search"
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Words in the title or text"
            className="border-default h-9 w-full rounded-md border bg-[var(--surface)] px-3 text-sm focus:border-accent-500 focus:outline-none"
          />
        </div>
        <ul className="flex flex-wrap gap-3 text-xs" aria-label="Legend">
          {Object.entries(ASSIGNMENT_META).map(([k, m]) => (
            <li key={k} className={cn("inline-flex items-center gap-1", m.text)}>
              <span aria-hidden>{m.symbol}</span>
              {m.label}
            </li>
          ))}
        </ul>
      </div>
      <FormError message={error?.message} />
      <div aria-live="polite" className="sr-only">
        {assign.isPending || unassign.isPending ? "Saving…" : ""}
      </div>
      {matrix.error ? (
        <p role="alert" className="text-sm text-red-600">
          Couldn&apos;t load assignments: {matrix.error.message}
        </p>
      ) : !data ? (
        <p className="text-muted text-sm">Loading…</p>
      ) : data.total === 0 ? (
        <EmptyState title={q ? "No articles match" : "No articles yet"}>
          {q ? "Try other words." : "Import articles first; then assign them here or from the Library."}
        </EmptyState>
      ) : (
        <Card className="overflow-x-auto p-0">
          <table className="w-full text-sm" aria-label="Assignments: articles by people">
            <thead>
              <tr className="border-default border-b">
                <th scope="col" className="text-muted px-3 py-2 text-left text-xs font-medium uppercase tracking-wide">
                  Article
                </th>
                {data.people.map((p) => (
                  <th key={p.userId} scope="col" className="px-2 py-2 text-center text-xs font-medium" title={`${p.name} (${p.role})`}>
                    <span aria-hidden className="block">{initials(p.name)}</span>
                    <span className="text-muted block max-w-20 truncate font-normal">{p.name}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.rows.map((row) => (
                <tr key={row.id} className="border-default border-b last:border-0">
                  <th scope="row" className="max-w-sm px-3 py-1.5 text-left font-normal">
                    <Link href={`/projects/${projectSlug}/documents/${row.id}`} className="line-clamp-1 font-medium hover:underline">
                      {row.title}
                      <LinkPending />
                    </Link>
                    <ProgressBadge progress={row.progress} />
                  </th>
                  {data.people.map((p) => {
                    const status = row.cells[p.userId];
                    const meta = status ? ASSIGNMENT_META[status] : null;
                    const locked = status === "submitted" || status === "approved";
                    const label = status ? `${p.name} on “${row.title}”: ${meta?.label.toLowerCase()}${locked ? "" : ". Unassign"}` : `Assign ${p.name} to “${row.title}”`;
                    return (
                      <td key={p.userId} className="px-2 py-1.5 text-center">
                        <button
                          type="button"
                          aria-label={label}
                          title={label}
                          disabled={locked || assign.isPending || unassign.isPending}
                          onClick={() => toggle(row.id, p, status)}
                          className={cn(
                            "inline-flex size-7 items-center justify-center rounded-full border-2 text-xs",
                            meta ? cn(meta.ring, meta.text) : "border-dashed border-default text-muted hover:border-accent-500",
                            locked && "cursor-default",
                          )}
                        >
                          <span aria-hidden>{meta ? meta.symbol : "+"}</span>
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
      {data && data.total > 0 ? (
        <nav aria-label="Pages" className="flex items-center justify-between text-sm">
          <span className="text-muted">
            {formatCount(pageIndex * 50 + 1)}–{formatCount(pageIndex * 50 + data.rows.length)} of {formatCount(data.total)}
          </span>
          <span className="flex gap-2">
            <Button size="sm" variant="secondary" disabled={pageIndex === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
              Previous
            </Button>
            <Button
              size="sm"
              variant="secondary"
              disabled={!data.nextCursor || matrix.isPlaceholderData}
              onClick={() => {
                const next = data.nextCursor;
                if (next) setCursors((c) => [...c, next]);
              }}
            >
              Next
            </Button>
          </span>
        </nav>
      ) : null}
    </div>
  );
}
