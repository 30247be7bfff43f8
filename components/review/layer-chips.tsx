"use client";
import { cn } from "@/components/ui/cn";
import type { ReviewAnnotatorDto } from "@/lib/review/types";

const STATUS_TEXT: Record<string, string> = {
  assigned: "not started",
  in_progress: "in progress",
  submitted: "submitted",
  returned: "returned",
  approved: "approved",
};

/** The layer's initials in its colour: the mark used for this annotator everywhere on the page. */
export function LayerBadge({ annotator, dim = false }: { annotator: Pick<ReviewAnnotatorDto, "initials" | "color" | "name">; dim?: boolean }) {
  return (
    <span
      className={cn("inline-flex h-5 min-w-6 items-center justify-center rounded px-1 text-[11px] font-semibold text-white", dim && "opacity-40")}
      style={{ background: annotator.color }}
      title={annotator.name}
      aria-hidden
    >
      {annotator.initials}
    </span>
  );
}

/** One toggle per annotator layer (colour + initials + name + status); aria-pressed says whether it is shown. */
export function LayerChips({
  annotators,
  enabled,
  onToggle,
}: {
  annotators: readonly ReviewAnnotatorDto[];
  enabled: ReadonlySet<string>;
  onToggle: (id: string) => void;
}) {
  if (annotators.length === 0) {
    return <p className="text-muted text-sm">Nobody has annotated this article yet. Assign it to annotators from the library.</p>;
  }
  return (
    <ul className="flex flex-wrap items-center gap-2" aria-label="Annotator layers">
      {annotators.map((a) => {
        const on = enabled.has(a.id);
        const status = a.assignmentStatus ? STATUS_TEXT[a.assignmentStatus] ?? a.assignmentStatus : "no assignment";
        return (
          <li key={a.id}>
            <button
              type="button"
              aria-pressed={on}
              disabled={!a.isCompared}
              onClick={() => onToggle(a.id)}
              title={a.isCompared ? `${on ? "Hide" : "Show"} ${a.name}'s layer` : `${a.name} has not started this article`}
              className={cn(
                "inline-flex h-8 items-center gap-2 rounded-full border-2 px-2 pr-3 text-sm transition-colors disabled:cursor-not-allowed disabled:opacity-50",
                on ? "surface" : "border-dashed opacity-70",
              )}
              style={{ borderColor: a.color }}
            >
              <LayerBadge annotator={a} dim={!on} />
              <span className={cn(!on && "line-through")}>{a.name}</span>
              <span className="text-muted text-xs">{status}</span>
              <span className="sr-only">{on ? "(shown)" : "(hidden)"}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
