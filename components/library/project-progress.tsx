import type { AnnotatorProgressDto, ProjectProgressDto } from "@/lib/server/library-dto";
import { PROGRESS_META } from "./status";

function pct(n: number, total: number): number {
  return total > 0 ? (n / total) * 100 : 0;
}

const COUNT: Record<(typeof PROGRESS_META)[number]["key"], keyof ProjectProgressDto> = {
  approved: "approved",
  submitted: "submitted",
  in_progress: "inProgress",
  untouched: "untouched",
};

/** The project's progress as one stacked bar with a legend, and each annotator's done / assigned. */
export function ProjectProgress({ progress, annotators }: { progress: ProjectProgressDto; annotators: AnnotatorProgressDto[] }) {
  const total = progress.total;
  const summary = PROGRESS_META.map((m) => `${progress[COUNT[m.key]].toLocaleString("en-US")} ${m.label.toLowerCase()}`).join(", ");
  return (
    <section aria-labelledby="progress-heading" className="space-y-4">
      <div>
        <div className="mb-2 flex items-baseline justify-between gap-2">
          <h2 id="progress-heading" className="font-semibold">
            Progress
          </h2>
          <span className="text-muted text-sm">
            {total.toLocaleString("en-US")} article{total === 1 ? "" : "s"}
          </span>
        </div>
        <div
          className="flex h-3 w-full overflow-hidden rounded-full bg-black/5 dark:bg-white/10"
          role="img"
          aria-label={`Project progress: ${summary}.`}
        >
          {PROGRESS_META.map((m) => {
            const n = progress[COUNT[m.key]];
            return n > 0 ? <div key={m.key} className={m.bar} style={{ width: `${pct(n, total)}%` }} /> : null;
          })}
        </div>
        <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs" aria-label="Legend">
          {PROGRESS_META.map((m) => (
            <li key={m.key} className="inline-flex items-center gap-1.5">
              <span aria-hidden className={`inline-block size-2.5 rounded-sm ${m.bar}`} />
              {m.label} <span className="text-muted tabular-nums">{progress[COUNT[m.key]].toLocaleString("en-US")}</span>
            </li>
          ))}
        </ul>
      </div>
      {annotators.length > 0 ? (
        <div>
          <h3 className="text-muted mb-2 text-xs font-medium uppercase tracking-wide">By person (done / assigned)</h3>
          <ul className="grid gap-x-6 gap-y-2 sm:grid-cols-2 lg:grid-cols-3" aria-label="Progress by person">
            {annotators.map((a) => (
              <li key={a.userId} className="text-sm">
                <div className="flex items-baseline justify-between gap-2">
                  <span className="truncate">{a.name}</span>
                  <span className="text-muted text-xs tabular-nums">
                    {a.done} / {a.assigned}
                    {a.returned ? ` · ${a.returned} returned` : ""}
                  </span>
                </div>
                <div
                  className="mt-1 flex h-1.5 w-full overflow-hidden rounded-full bg-black/10 dark:bg-white/10"
                  role="progressbar"
                  aria-label={`${a.name}: ${a.done} of ${a.assigned} done, ${a.inProgress} in progress`}
                  aria-valuemin={0}
                  aria-valuemax={a.assigned}
                  aria-valuenow={a.done}
                >
                  <div className="bg-emerald-600" style={{ width: `${pct(a.done, a.assigned)}%` }} />
                  <div className="bg-amber-500" style={{ width: `${pct(a.inProgress + a.returned, a.assigned)}%` }} />
                </div>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
