"use client";
import { Dialog } from "@/components/ui/dialog";
import type { EditorOp } from "@/lib/api-client/annotations";
import type { AnnotationDto } from "@/lib/server/annotation-dto";
import type { LabelDto } from "@/lib/server/dto";

function Version({ title, a, labels }: { title: string; a: AnnotationDto | null; labels: Map<string, LabelDto> }) {
  return (
    <section className="border-default rounded-md border p-3 text-sm" aria-label={title}>
      <h3 className="mb-2 font-semibold">{title}</h3>
      {a ? (
        a.deletedAt ? (
          <p>Deleted.</p>
        ) : (
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
            <dt className="text-muted">Label</dt>
            <dd>{labels.get(a.labelId)?.name ?? "Unknown"}</dd>
            <dt className="text-muted">Boundaries</dt>
            <dd>
              {a.start}–{a.end}
            </dd>
            <dt className="text-muted">Quote</dt>
            <dd className="break-words">“{a.quote}”</dd>
            <dt className="text-muted">Note</dt>
            <dd className="break-words whitespace-pre-wrap">{a.note || "—"}</dd>
            <dt className="text-muted">Version</dt>
            <dd>{a.version}</dd>
          </dl>
        )
      ) : (
        <p>Not in this layer any more.</p>
      )}
    </section>
  );
}

/** 409 version_conflict: the span changed elsewhere. Show both and let the person choose. */
export function ConflictDialog({
  op,
  mine,
  labels,
  onKeepMine,
  onTakeTheirs,
}: {
  op: EditorOp;
  mine: AnnotationDto | null;
  labels: Map<string, LabelDto>;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
}) {
  const theirs = (op.error?.details as { current?: AnnotationDto } | undefined)?.current ?? null;
  return (
    <Dialog open onOpenChange={() => undefined} title="This span changed somewhere else" description={op.error?.message ?? "Someone (or another tab) changed this span after you loaded it."}>
      <p className="text-muted mb-3 text-sm">Your change: {op.meta.description}.</p>
      <div className="grid gap-3 sm:grid-cols-2">
        <Version title="Your version" a={mine} labels={labels} />
        <Version title="Their version" a={theirs} labels={labels} />
      </div>
      <div className="mt-4 flex justify-end gap-2">
        <button type="button" className="sl-secondary-button" onClick={onTakeTheirs}>
          Take theirs
        </button>
        <button type="button" className="sl-primary-button" onClick={onKeepMine} disabled={!theirs || Boolean(theirs.deletedAt)}>
          Keep mine
        </button>
      </div>
    </Dialog>
  );
}
