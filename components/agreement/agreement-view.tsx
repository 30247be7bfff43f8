"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { agreementDownloadUrl, agreementQuery, type AgreementFilters } from "@/lib/api-client/agreement";
import { ApiError } from "@/lib/api-client/fetch-json";
import type { AgreementPersonDto, ProjectAgreementDto } from "@/lib/server/agreement";
import { AgreementFiltersPanel, hasAnyFilter } from "./agreement-filters";
import { AgreementHeadline } from "./agreement-headline";
import { formatCount, plural } from "./format";
import { GoldScores } from "./gold-scores";
import { KappaHeatmap } from "./kappa-heatmap";
import { LabelBars } from "./label-bars";
import { PairTable } from "./pair-table";

const LINK_BUTTON =
  "surface inline-flex h-8 items-center justify-center rounded-md border px-3 text-sm font-medium text-[var(--text)] hover:bg-black/5 dark:hover:bg-white/5";

function byName(a: AgreementPersonDto, b: AgreementPersonDto): number {
  return a.name.localeCompare(b.name, "en") || (a.id < b.id ? -1 : 1);
}

/** People to offer in the annotator filter: everyone with a layer, plus anyone already picked. */
function annotatorOptions(dto: ProjectAgreementDto): AgreementPersonDto[] {
  const byId = new Map<string, AgreementPersonDto>();
  for (const p of [...dto.availableAnnotators, ...dto.annotators]) byId.set(p.id, p);
  return [...byId.values()].sort(byName);
}

function Section({ id, title, description, children }: { id: string; title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <Card className="p-4">
      <section aria-labelledby={id}>
        <h3 id={id} className="font-semibold">
          {title}
        </h3>
        {description ? <p className="text-muted mt-0.5 text-xs">{description}</p> : null}
        <div className="mt-3">{children}</div>
      </section>
    </Card>
  );
}

/**
 * The project's Agreement tab: filters, Fleiss' κ and Krippendorff's α, the pairwise κ heatmap,
 * span F1 per label, the pairs, annotators against gold, and downloads. The unfiltered report
 * arrives with the page; each filter change asks the server again while the last report stays up.
 */
export function AgreementView({ projectId, projectSlug, canAssign }: { projectId: string; projectSlug: string; canAssign: boolean }) {
  const [filters, setFilters] = useState<AgreementFilters>({});
  const q = useQuery(agreementQuery(projectId, filters));
  // The unfiltered report (sent with the page) keeps the filters usable when a filtered one fails.
  const unfiltered = useQuery({ ...agreementQuery(projectId, {}), enabled: false });
  const dto = q.data;
  const options = dto ?? unfiltered.data;
  const fieldErrors = q.error instanceof ApiError ? q.error.fields : undefined;

  return (
    <div className="grid gap-6 lg:grid-cols-[17rem_minmax(0,1fr)]">
      <aside aria-label="Filters and downloads" className="space-y-4 lg:sticky lg:top-4 lg:self-start">
        <Card className="p-4">
          {options ? (
            <AgreementFiltersPanel value={filters} onChange={setFilters} labels={options.labels} annotators={annotatorOptions(options)} errors={fieldErrors} />
          ) : (
            <p className="text-muted text-sm">Filters appear once the report has loaded.</p>
          )}
        </Card>
        <Card className="space-y-2 p-4">
          <h3 className="text-sm font-medium">Download</h3>
          <p className="text-muted text-xs">The report for the filters above: CSV with one figure per row, or the whole report as JSON.</p>
          <div className="flex gap-2">
            <a className={LINK_BUTTON} href={agreementDownloadUrl(projectId, filters, "csv")} download data-testid="agreement-download-csv">
              CSV
            </a>
            <a className={LINK_BUTTON} href={agreementDownloadUrl(projectId, filters, "json")} download data-testid="agreement-download-json">
              JSON
            </a>
          </div>
        </Card>
      </aside>

      <div className="min-w-0 space-y-4">
        <div className="flex min-h-8 flex-wrap items-center justify-between gap-2">
          <p className="text-muted text-xs" role="status" aria-live="polite" data-testid="agreement-status">
            {q.isFetching ? (
              <span className="inline-flex items-center gap-1.5">
                <span aria-hidden className="size-3 animate-spin rounded-full border-2 border-current border-t-transparent" />
                Updating…
              </span>
            ) : dto ? (
              // UTC, so the server's and the browser's render agree.
              <>Computed at {dto.generatedAt.slice(11, 16)} UTC from the current layers.</>
            ) : null}
          </p>
          <Button type="button" variant="ghost" size="sm" onClick={() => void q.refetch()} disabled={q.isFetching}>
            Recompute
          </Button>
        </div>

        {q.error ? (
          <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
            <p>Couldn&apos;t compute agreement: {q.error.message}</p>
            <div className="mt-2 flex gap-2">
              <Button type="button" size="sm" variant="secondary" onClick={() => void q.refetch()}>
                Try again
              </Button>
              {hasAnyFilter(filters) ? (
                <Button type="button" size="sm" variant="secondary" onClick={() => setFilters({})}>
                  Clear filters
                </Button>
              ) : null}
            </div>
          </div>
        ) : null}

        {dto ? (
          <div className={cn("space-y-4 transition-opacity", q.isPlaceholderData && "opacity-60")} aria-busy={q.isPlaceholderData || undefined}>
            <Report dto={dto} projectSlug={projectSlug} canAssign={canAssign} filtered={hasAnyFilter(filters)} onClearFilters={() => setFilters({})} />
          </div>
        ) : !q.error ? (
          <p className="text-muted text-sm">Computing agreement…</p>
        ) : null}
      </div>
    </div>
  );
}

function Report({
  dto,
  projectSlug,
  canAssign,
  filtered,
  onClearFilters,
}: {
  dto: ProjectAgreementDto;
  projectSlug: string;
  canAssign: boolean;
  filtered: boolean;
  onClearFilters: () => void;
}) {
  const names = new Map([...dto.availableAnnotators, ...dto.annotators].map((p) => [p.id, p.name]));
  const nameOf = (id: string) => names.get(id) ?? "Former member";
  const { report, gold } = dto;

  return (
    <>
      {report ? (
        <>
          <AgreementHeadline overall={report.overall} />
          <Basis dto={dto} nameOf={nameOf} />
          <Section
            id="agreement-heatmap-heading"
            title="Pairwise Cohen's κ"
            description="Token-level agreement of each pair over the articles both annotated. Hover a cell for what it rests on."
          >
            <KappaHeatmap annotators={report.annotators.map((id) => ({ id, name: nameOf(id) }))} pairs={report.pairs} />
          </Section>
          <Section id="agreement-labels-heading" title="Span F1 per label" description="Per label, the mean over pairs of span F1 with exact and with overlap matching.">
            <LabelBars perLabel={report.perLabel} labels={dto.labels} />
          </Section>
          <Section
            id="agreement-pairs-heading"
            title="Pairs"
            description="Span F1 takes A as the reference (F1 is the same either way; precision and recall swap). Hover F1 for precision, recall and counts."
          >
            <PairTable pairs={report.pairs} nameOf={nameOf} />
          </Section>
          {report.conflicts.tokens > 0 ? (
            <p className="text-muted text-xs" title={report.conflicts.perAnnotator.filter((c) => c.tokens > 0).map((c) => `${nameOf(c.annotator)}: ${plural(c.tokens, "token")} in ${plural(c.documents, "article")}`).join("; ")}>
              {plural(report.conflicts.tokens, "token")} carry spans of two different labels within one annotator&apos;s layer; for κ and α such a token
              counts with the label of its shortest span.
            </p>
          ) : null}
        </>
      ) : (
        <>
          <EmptyState title={filtered ? "No pair to compare with these filters" : "Not enough overlap yet"}>
            <p>
              Agreement needs at least two annotators&apos; layers on the same article.{" "}
              {canAssign ? (
                <>
                  Assign articles with overlap 2 on the{" "}
                  <Link href={`/projects/${projectSlug}/assignments`} className="text-accent-700 underline dark:text-accent-500">
                    Assignments tab
                  </Link>
                  ; once two people have annotated (or submitted) the same article, its figures appear here.
                </>
              ) : (
                <>Ask a project manager to assign articles with overlap 2; once two people have annotated the same article, its figures appear here.</>
              )}
            </p>
            {filtered ? (
              <p className="mt-2">
                The filters may be leaving out the articles that do overlap.{" "}
                <button type="button" className="underline hover:text-[var(--text)]" onClick={onClearFilters}>
                  Clear filters
                </button>
              </p>
            ) : null}
          </EmptyState>
          {gold ? <Basis dto={dto} nameOf={nameOf} /> : null}
        </>
      )}
      {gold ? (
        <Section id="agreement-gold-heading" title="Against gold" description="Each annotator compared with the adjudicated gold layer.">
          <GoldScores gold={gold} nameOf={nameOf} goldSpans={dto.basis.goldSpans} />
        </Section>
      ) : null}
    </>
  );
}

/** What every figure rests on: articles, tokens, spans, the tokenizer and how long it took. */
function Basis({ dto, nameOf }: { dto: ProjectAgreementDto; nameOf: (id: string) => string }) {
  const { basis } = dto;
  const perAnnotator = Object.entries(basis.spansByAnnotator)
    .map(([id, n]) => `${nameOf(id)} ${formatCount(n)}`)
    .join(" · ");
  const timing = `Reading the database ${formatCount(dto.timings.loadMs)} ms, tokenizing ${formatCount(dto.timings.tokenizeMs)} ms, computing ${formatCount(dto.timings.computeMs)} ms.`;
  return (
    <p className="text-muted text-xs leading-relaxed" data-testid="agreement-basis">
      Rests on <span className="text-[var(--text)]">{plural(basis.documents, "article")}</span> with two or more annotators&apos; layers,{" "}
      <span className="text-[var(--text)]">{plural(basis.tokens, "token")}</span> and{" "}
      <span className="text-[var(--text)]" title={perAnnotator ? `Spans per annotator: ${perAnnotator}` : undefined}>
        {plural(basis.spans, "span")}
      </span>
      {basis.goldDocuments > 0 ? `; gold in ${plural(basis.goldDocuments, "article")} (${plural(basis.goldSpans, "gold span")})` : ""}. Tokens:{" "}
      <span title={dto.tokenizer}>{dto.tokenizer}</span>.{" "}
      <span title={timing}>Computed in {formatCount(dto.computedInMs)} ms.</span>
      {basis.skippedSpans > 0 ? (
        <span className="text-amber-700 dark:text-amber-400">
          {" "}
          {plural(basis.skippedSpans, "span")} left out: offsets outside their article (this is logged; please report it).
        </span>
      ) : null}
    </p>
  );
}
