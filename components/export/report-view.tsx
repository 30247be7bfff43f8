import type { ExportReportDto, ReportList } from "@/lib/server/export-dto";

const SHOWN = 20;

function Section<T>({
  title,
  list,
  none,
  explain,
  render,
}: {
  title: string;
  list: ReportList<T>;
  none: string;
  explain: string;
  render: (item: T) => React.ReactNode;
}) {
  const items = list.items.slice(0, SHOWN);
  return (
    <section aria-label={title} className="border-default border-t pt-3 first:border-t-0 first:pt-0">
      <h4 className="flex items-baseline justify-between gap-2 text-sm font-medium">
        <span>{title}</span>
        <span className={list.total > 0 ? "text-amber-700 dark:text-amber-400" : "text-muted"}>{list.total.toLocaleString()}</span>
      </h4>
      {list.total === 0 ? (
        <p className="text-muted mt-1 text-xs">{none}</p>
      ) : (
        <>
          <p className="text-muted mt-1 text-xs">{explain}</p>
          <ul className="mt-2 max-h-48 space-y-1 overflow-y-auto text-xs">
            {items.map((item, i) => (
              <li key={i} className="border-default rounded border px-2 py-1">
                {render(item)}
              </li>
            ))}
          </ul>
          {list.total > items.length ? <p className="text-muted mt-1 text-xs">…and {(list.total - items.length).toLocaleString()} more.</p> : null}
        </>
      )}
    </section>
  );
}

function short(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

/** What the export left out and why: mismatched, misaligned (CoNLL), dropped overlaps and relations, notes. */
export function ReportView({ report, heading }: { report: ExportReportDto; heading: string }) {
  return (
    <div className="space-y-3" aria-label={heading} role="group">
      <p className="text-sm">
        <span className="font-medium">{report.documents.toLocaleString()}</span> document{report.documents === 1 ? "" : "s"},{" "}
        <span className="font-medium">{report.spans.toLocaleString()}</span> span{report.spans === 1 ? "" : "s"} written.
      </p>
      <Section
        title="Mismatched spans"
        list={report.mismatched}
        none="None — every span matched its text at its offsets."
        explain="Not written: their stored text no longer matches the document at their offsets. Fix or re-anchor them in the editor."
        render={(m) => (
          <>
            <span className="font-mono">{short(m.spanId)}</span> in <span className="font-mono">{short(m.documentId)}</span>: {m.reason}
          </>
        )}
      />
      <Section
        title="Misaligned spans (CoNLL)"
        list={report.misaligned}
        none="None — every span starts and ends on a token boundary."
        explain="Not tagged: they start or end inside a token. Their offsets are never moved."
        render={(m) => (
          <>
            {m.label} [{m.start}, {m.end}) “{m.text}”
          </>
        )}
      />
      <Section
        title="Overlaps dropped"
        list={report.overlapsDropped}
        none="None — no overlapping spans had to be left out."
        explain="Left out of single-label columns (CoNLL tags, spaCy ents) because an overlapping span was kept."
        render={(d) => (
          <>
            {d.label} [{d.start}, {d.end}) in <span className="font-mono">{short(d.documentId)}</span>
          </>
        )}
      />
      <Section
        title="Relations dropped"
        list={report.relationsDropped}
        none="None — every relation was written."
        explain="Not written because an end was not written or the format cannot hold it."
        render={(r) => (
          <>
            <span className="font-mono">{short(r.relationId)}</span>: {r.reason}
          </>
        )}
      />
      {report.notes.length > 0 ? (
        <section aria-label="Notes" className="border-default border-t pt-3">
          <h4 className="text-sm font-medium">Notes</h4>
          <ul className="text-muted mt-1 list-disc space-y-1 pl-4 text-xs">
            {report.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
