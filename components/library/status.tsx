import type { AssignmentStatusName, ProgressCategory } from "@/lib/server/library-dto";
import { cn } from "@/components/ui/cn";

/** Progress categories, in bar order, with a colour AND a word (colour is never the only signal). */
export const PROGRESS_META: { key: ProgressCategory; label: string; bar: string }[] = [
  { key: "approved", label: "Approved", bar: "bg-emerald-600" },
  { key: "submitted", label: "Submitted", bar: "bg-accent-600" },
  { key: "in_progress", label: "In progress", bar: "bg-amber-500" },
  { key: "untouched", label: "Untouched", bar: "bg-black/15 dark:bg-white/20" },
];

export const ASSIGNMENT_META: Record<AssignmentStatusName, { label: string; symbol: string; ring: string; text: string }> = {
  assigned: { label: "Assigned", symbol: "○", ring: "border-gray-400 dark:border-gray-500", text: "text-gray-600 dark:text-gray-300" },
  in_progress: { label: "In progress", symbol: "◐", ring: "border-amber-500", text: "text-amber-700 dark:text-amber-400" },
  submitted: { label: "Submitted", symbol: "●", ring: "border-accent-600", text: "text-accent-700 dark:text-accent-500" },
  returned: { label: "Returned", symbol: "↩", ring: "border-red-500", text: "text-red-700 dark:text-red-400" },
  approved: { label: "Approved", symbol: "✓", ring: "border-emerald-600", text: "text-emerald-700 dark:text-emerald-400" },
};

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length >= 2 ? [parts[0], parts[parts.length - 1]] : [parts[0] ?? "?"];
  return letters.map((p) => [...(p ?? "?")][0]?.toUpperCase() ?? "?").join("").slice(0, parts.length >= 2 ? 2 : 1);
}

/** A person's initials in a ring coloured by status, with a status symbol and the full text for screen readers and hover. */
export function AssigneeDot({ name, status }: { name: string; status: AssignmentStatusName }) {
  const meta = ASSIGNMENT_META[status];
  return (
    <span
      className={cn("inline-flex h-6 items-center gap-0.5 rounded-full border-2 px-1.5 text-[11px] font-medium", meta.ring, meta.text)}
      title={`${name}: ${meta.label.toLowerCase()}`}
    >
      <span aria-hidden>{initials(name)}</span>
      <span aria-hidden>{meta.symbol}</span>
      <span className="sr-only">
        {name}: {meta.label.toLowerCase()}
      </span>
    </span>
  );
}

export function ProgressBadge({ progress }: { progress: ProgressCategory }) {
  const meta = PROGRESS_META.find((m) => m.key === progress);
  return (
    <span className="inline-flex items-center gap-1.5 text-xs">
      <span aria-hidden className={cn("inline-block size-2 rounded-full", meta?.bar)} />
      {meta?.label}
    </span>
  );
}
