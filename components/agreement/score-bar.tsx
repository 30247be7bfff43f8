import { cn } from "@/components/ui/cn";
import { formatScore } from "./format";

export type BarTone = "exact" | "overlap";

/** Fill classes per tone; the legend uses the same ones (and every bar also says its tone in words). */
export const BAR_TONE: Record<BarTone, { fill: string; label: string }> = {
  exact: { fill: "bg-accent-600", label: "Exact match" },
  overlap: { fill: "bg-teal-500 dark:bg-teal-400", label: "Overlap" },
};

/**
 * One horizontal bar for a score in [0, 1], with its name and value written next to it (the
 * colour is never the only signal). A null score draws an empty track and "—".
 */
export function ScoreBar({ name, value, tone, title, nameWidth = "w-16" }: { name: string; value: number | null; tone: BarTone; title?: string; nameWidth?: string }) {
  const width = value === null ? 0 : Math.max(0, Math.min(1, value)) * 100;
  return (
    <div className="flex items-center gap-2 text-xs" title={title}>
      <span className={cn("text-muted shrink-0", nameWidth)}>{name}</span>
      <span
        className="relative h-3 min-w-16 flex-1 overflow-hidden rounded-sm bg-black/5 dark:bg-white/10"
        role="img"
        aria-label={`${name}: ${value === null ? "not defined" : formatScore(value)}`}
      >
        <span className={cn("absolute inset-y-0 left-0 rounded-sm", BAR_TONE[tone].fill)} style={{ width: `${width}%` }} />
      </span>
      <span className="w-9 shrink-0 text-right tabular-nums" aria-hidden>
        {formatScore(value)}
      </span>
    </div>
  );
}

export function BarLegend({ tones = ["exact", "overlap"] }: { tones?: BarTone[] }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs" aria-label="Legend">
      {tones.map((t) => (
        <li key={t} className="inline-flex items-center gap-1.5">
          <span aria-hidden className={cn("inline-block size-2.5 rounded-sm", BAR_TONE[t].fill)} />
          {BAR_TONE[t].label}
        </li>
      ))}
    </ul>
  );
}
