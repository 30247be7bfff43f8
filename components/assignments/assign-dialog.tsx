"use client";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { useAssign } from "@/lib/api-client/library";
import type { AssignResultDto, LibraryFilterDto, PersonDto } from "@/lib/server/library-dto";
import { PeoplePicker } from "./people-picker";

export type AssignTarget = { kind: "documents"; documentIds: string[] } | { kind: "filter"; filter: LibraryFilterDto; count: number };

/**
 * Assign the selected articles: by hand (everyone picked gets every article) or balanced (each
 * article to k of the people picked, spread by their current load).
 */
export function AssignDialog({
  open,
  onOpenChange,
  projectId,
  people,
  target,
  onAssigned,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  projectId: string;
  people: PersonDto[];
  target: AssignTarget;
  onAssigned?: (result: AssignResultDto) => void;
}) {
  const assign = useAssign(projectId);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [mode, setMode] = useState<"balanced" | "manual">("balanced");
  const [perDocument, setPerDocument] = useState(1);
  const [result, setResult] = useState<AssignResultDto | null>(null);
  const count = target.kind === "documents" ? target.documentIds.length : target.count;
  const tooMany = mode === "balanced" && perDocument > picked.size;

  function close(next: boolean) {
    if (!next) {
      setResult(null);
      assign.reset();
    }
    onOpenChange(next);
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const articles = target.kind === "documents" ? { documentIds: target.documentIds } : { filter: target.filter };
    assign.mutate(
      { ...articles, userIds: [...picked], ...(mode === "balanced" ? { perDocument } : {}) },
      {
        onSuccess: (r) => {
          setResult(r);
          onAssigned?.(r);
        },
      },
    );
  }

  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title="Assign articles"
      description={`${count.toLocaleString("en-US")} article${count === 1 ? "" : "s"} selected.`}
    >
      {result ? (
        <div className="space-y-3" role="status">
          <p className="text-sm">
            Created <strong>{result.created.toLocaleString("en-US")}</strong> assignment{result.created === 1 ? "" : "s"} on{" "}
            {result.documents.toLocaleString("en-US")} article{result.documents === 1 ? "" : "s"}.
            {result.alreadyAssigned > 0 ? ` ${result.alreadyAssigned.toLocaleString("en-US")} were already assigned and stay as they were.` : ""}
          </p>
          <ul className="text-sm" aria-label="New assignments per person">
            {result.perUser.map((u) => (
              <li key={u.userId} className="flex justify-between gap-2">
                <span>{u.name}</span>
                <span className="tabular-nums">+{u.created.toLocaleString("en-US")}</span>
              </li>
            ))}
          </ul>
          <div className="flex justify-end">
            <Button onClick={() => close(false)}>Done</Button>
          </div>
        </div>
      ) : (
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <FormError message={assign.error?.message} />
          <PeoplePicker people={people} picked={picked} onChange={setPicked} legend="Assign to" />
          <fieldset className="space-y-2">
            <legend className="mb-1 text-sm font-medium">How</legend>
            <label className="flex items-start gap-2 text-sm">
              <input type="radio" name="mode" className="mt-1 accent-[var(--color-accent-600)]" checked={mode === "balanced"} onChange={() => setMode("balanced")} />
              <span>
                Spread the work: each article to{" "}
                <input
                  type="number"
                  min={1}
                  max={Math.max(1, picked.size)}
                  value={perDocument}
                  onChange={(e) => setPerDocument(Math.max(1, Math.floor(Number(e.target.value) || 1)))}
                  onFocus={() => setMode("balanced")}
                  aria-label="People per article"
                  className="border-default mx-1 h-7 w-14 rounded border bg-[var(--surface)] px-1 text-center"
                />{" "}
                of these people, balanced by their current load
              </span>
            </label>
            <label className="flex items-start gap-2 text-sm">
              <input type="radio" name="mode" className="mt-1 accent-[var(--color-accent-600)]" checked={mode === "manual"} onChange={() => setMode("manual")} />
              <span>Everyone picked gets every selected article</span>
            </label>
          </fieldset>
          {tooMany && picked.size > 0 ? (
            <p className="text-sm text-amber-700 dark:text-amber-400" role="status">
              {perDocument} people per article needs at least {perDocument} people picked.
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => close(false)}>
              Cancel
            </Button>
            <Button type="submit" isLoading={assign.isPending} disabled={picked.size === 0 || count === 0}>
              Assign
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
