import "server-only";
import type { Db } from "@/db/connect";
import {
  listAgreementLayerSpans,
  listDocumentTexts,
  listLayerPresence,
  listProjectUserNames,
} from "@/db/queries/agreement";
import { listLabels } from "@/db/queries/labels";
import type { DocumentStatus } from "@/db/schema";
import {
  agreementAgainstGold,
  agreementReportToRows,
  computeAgreement,
  goldAgreementReportToRows,
  type AgreementDocument,
  type AgreementReport,
  type AgreementSpan,
  type AgreementRow,
  type AnnotatorLayer,
  type GoldAgreementReport,
} from "@/lib/agreement";
import { TOKENIZER_DESCRIPTION } from "@/lib/annotation/tokenize";
import { tokenizeWordOffsets } from "@/lib/annotation/word-offsets";
import { authorizeProject, type Actor } from "@/lib/auth/guards";
import { fieldErrors } from "@/lib/validation/auth";
import { ZAgreementFilters } from "@/lib/validation/agreement";
import { AppError } from "./errors";

/*
 * Inter-annotator agreement of a project, computed on request from the database (nothing cached).
 *
 * What counts (see also db/queries/agreement.ts and lib/agreement/compute-agreement.ts):
 * - An annotator's layer in an article: their live (not deleted) spans there. They HAVE a layer when
 *   they made at least one span, or submitted (or were approved on) the article with none: that
 *   is "found nothing", every token "O". Assigned-but-untouched is missing, not empty.
 * - Pairwise and overall figures use the articles where at least two of the selected annotators
 *   have a layer; Fleiss' κ only those where every selected annotator has one (the report says
 *   how many of each). Tokens are `tokenizeWords` tokens (Intl.Segmenter word segments without
 *   whitespace; punctuation separate); span scores compare spans' code-point offsets.
 * - Gold: an article has a gold layer when it has at least one live gold span. Each annotator is
 *   scored against gold (gold as the reference) over the articles where both exist.
 * - Spans and annotators are keyed by id inside the computation (names can repeat); the DTO carries
 *   the lookup tables, and the CSV/JSON rows use display names.
 */

/** The name the gold layer goes by inside the computation (user ids are UUIDs, so it can't clash). */
export const GOLD_ANNOTATOR = "gold";
/** Documents per round trip when loading texts and spans. */
const BATCH_SIZE = 500;

export interface AgreementPersonDto {
  id: string;
  /** Display name; made unique within the report (an email is added when two people share a name). */
  name: string;
}

export interface AgreementLabelDto {
  id: string;
  name: string;
  color: string;
  archived: boolean;
}

/** What every figure rests on, for the selection as a whole. */
export interface AgreementBasisDto {
  /** Articles where at least two selected annotators have a layer (what the pairwise figures use). */
  documents: number;
  /** Tokens in those articles. */
  tokens: number;
  /** Spans in the selected annotators' layers of those articles (after the label filter). */
  spans: number;
  spansByAnnotator: Record<string, number>;
  spansByLabel: Record<string, number>;
  /** Articles with a gold layer and at least one selected annotator's layer. */
  goldDocuments: number;
  goldSpans: number;
  /** Spans left out because their offsets do not fit the article (should be 0; logged when not). */
  skippedSpans: number;
}

export interface AgreementFiltersDto {
  labelIds: string[];
  annotatorIds: string[];
  statuses: DocumentStatus[];
  documentIds: string[];
}

export interface ProjectAgreementDto {
  project: { id: string; slug: string; name: string };
  filters: AgreementFiltersDto;
  /** Annotators in the report, in report order (annotator ids are the keys used in `report`/`gold`). */
  annotators: AgreementPersonDto[];
  /** Everyone with a layer in the project's articles (for the filter), sorted by name. */
  availableAnnotators: AgreementPersonDto[];
  /** The project's labels (archived included), in the project's order; `report` uses label ids. */
  labels: AgreementLabelDto[];
  basis: AgreementBasisDto;
  /** Null when no article has two selected annotators' layers. */
  report: AgreementReport | null;
  /** Annotators against gold; null when no article has gold and a selected annotator's layer. */
  gold: GoldAgreementReport | null;
  tokenizer: string;
  computedInMs: number;
  /** Where the time went: reading the database, tokenizing texts, computing the figures. */
  timings: { loadMs: number; tokenizeMs: number; computeMs: number };
  generatedAt: string;
}

export type AgreementRequestFilters = Partial<AgreementFiltersDto>;

interface LoadedCorpus {
  /** Articles with ≥ 2 selected annotators' layers. */
  pairDocs: AgreementDocument[];
  /** Articles with gold and ≥ 1 selected annotator's layer (layers include GOLD_ANNOTATOR). */
  goldDocs: AgreementDocument[];
  basis: AgreementBasisDto;
  /** Time spent tokenizing so far (tokens are made when the computation reads them). */
  tokenizeClock: { ms: number };
}

interface CorpusScope {
  projectId: string;
  annotatorIds: readonly string[];
  /** The labels that count (the filter, or every label of the project). */
  labelIds: readonly string[];
  statuses: readonly DocumentStatus[] | null;
  documentIds: readonly string[] | null;
  /** "gold": only the articles with a gold layer (the review dashboard). */
  mode: "all" | "gold";
}

interface PresenceIndex {
  /** Document id → owner ids with a layer, plus whether gold exists. */
  byDocument: Map<string, { owners: string[]; hasGold: boolean }>;
  /** Every owner with a layer somewhere in scope. */
  owners: Set<string>;
}

async function loadPresence(db: Db, scope: Pick<CorpusScope, "projectId" | "statuses" | "documentIds">): Promise<PresenceIndex> {
  const rows = await listLayerPresence(db, { projectId: scope.projectId, statuses: scope.statuses, documentIds: scope.documentIds });
  const byDocument = new Map<string, { owners: string[]; hasGold: boolean }>();
  const owners = new Set<string>();
  for (const row of rows) {
    let entry = byDocument.get(row.documentId);
    if (!entry) {
      entry = { owners: [], hasGold: false };
      byDocument.set(row.documentId, entry);
    }
    if (row.ownerId === null) entry.hasGold = true;
    else {
      entry.owners.push(row.ownerId);
      owners.add(row.ownerId);
    }
  }
  return { byDocument, owners };
}

/**
 * Loads the articles the report rests on, in batches of BATCH_SIZE (ordered by id): one query for
 * the texts and one for the spans of each batch, then tokenizes each text once.
 */
async function loadCorpus(db: Db, scope: CorpusScope, presence: PresenceIndex): Promise<LoadedCorpus> {
  const selected = new Set(scope.annotatorIds);
  const wanted: { id: string; owners: string[]; hasGold: boolean; isPair: boolean; isGold: boolean }[] = [];
  for (const [id, entry] of presence.byDocument) {
    const owners = entry.owners.filter((o) => selected.has(o));
    const isPair = scope.mode === "all" && owners.length >= 2;
    const isGold = entry.hasGold && owners.length >= 1;
    if (isPair || isGold) wanted.push({ id, owners, hasGold: entry.hasGold, isPair, isGold });
  }
  wanted.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const basis: AgreementBasisDto = {
    documents: 0,
    tokens: 0,
    spans: 0,
    spansByAnnotator: Object.fromEntries(scope.annotatorIds.map((id) => [id, 0])),
    spansByLabel: {},
    goldDocuments: 0,
    goldSpans: 0,
    skippedSpans: 0,
  };
  const pairDocs: AgreementDocument[] = [];
  const goldDocs: AgreementDocument[] = [];
  const annotatorIds = [...scope.annotatorIds];
  const tokenizeClock = { ms: 0 };

  const fetchBatch = (offset: number) => {
    const batch = wanted.slice(offset, offset + BATCH_SIZE);
    const ids = batch.map((d) => d.id);
    const includeGold = batch.some((d) => d.isGold);
    const promise = Promise.all([
      listDocumentTexts(db, scope.projectId, ids),
      listAgreementLayerSpans(db, { projectId: scope.projectId, documentIds: ids, annotatorIds, labelIds: scope.labelIds, includeGold }),
    ]).then(([texts, layerSpans]) => ({ batch, texts, layerSpans }));
    promise.catch(() => undefined); // awaited below; this only keeps an early exit from leaving it unhandled
    return promise;
  };

  // The next batch is read while this one is unpacked.
  let pending = wanted.length > 0 ? fetchBatch(0) : null;
  for (let offset = 0; pending; offset += BATCH_SIZE) {
    const { batch, texts, layerSpans } = await pending;
    pending = offset + BATCH_SIZE < wanted.length ? fetchBatch(offset + BATCH_SIZE) : null;
    const textById = new Map(texts.map((t) => [t.id, t]));
    const docs = new Map<string, { doc: AgreementDocument; layers: Map<string, AnnotatorLayer>; meta: (typeof batch)[number] }>();
    for (const meta of batch) {
      const row = textById.get(meta.id);
      if (!row) continue; // deleted between the two reads
      const layers = new Map<string, AnnotatorLayer>();
      for (const owner of meta.owners) layers.set(owner, { annotator: owner, spans: [] });
      if (meta.isGold) layers.set(GOLD_ANNOTATOR, { annotator: GOLD_ANNOTATOR, spans: [] });
      const doc = lazyTokensDocument(meta.id, row.text, row.length, [...layers.values()], tokenizeClock);
      docs.set(meta.id, { doc, layers, meta });
    }
    for (const packed of layerSpans) {
      const entry = docs.get(packed.documentId);
      const layer = entry?.layers.get(packed.ownerId ?? GOLD_ANNOTATOR);
      if (!entry || !layer) continue;
      basis.skippedSpans += unpackSpans(packed.spans, scope.labelIds, entry.doc.length, layer.spans);
    }
    for (const { doc, layers, meta } of docs.values()) {
      if (meta.isPair) {
        pairDocs.push(doc);
        basis.documents++;
        for (const owner of meta.owners) {
          const layer = layers.get(owner)!;
          basis.spans += layer.spans.length;
          basis.spansByAnnotator[owner] = (basis.spansByAnnotator[owner] ?? 0) + layer.spans.length;
          for (const span of layer.spans) basis.spansByLabel[span.label] = (basis.spansByLabel[span.label] ?? 0) + 1;
        }
      }
      if (meta.isGold) {
        goldDocs.push(doc);
        basis.goldDocuments++;
        basis.goldSpans += layers.get(GOLD_ANNOTATOR)!.spans.length;
      }
    }
  }
  if (basis.skippedSpans > 0) {
    console.warn(`[agreement] project ${scope.projectId}: ${basis.skippedSpans} span(s) with offsets outside their article were left out`);
  }
  return { pairDocs, goldDocs, basis, tokenizeClock };
}

/**
 * A document whose `tokens` are computed when read, not stored: lib/agreement reads each
 * document's tokens once per pass and copies them into its own buffers, so the token objects die
 * young instead of 3.5 million of them (10,000 articles) surviving until the computation ends —
 * which halved the time spent tokenizing in bench/agreement.ts (GC) and keeps memory flat.
 */
function lazyTokensDocument(id: string, text: string, length: number, layers: AnnotatorLayer[], clock: { ms: number }): AgreementDocument {
  return {
    id,
    length,
    layers,
    get tokens() {
      const t0 = performance.now();
      const tokens = tokenizeWordOffsets(text);
      clock.ms += performance.now() - t0;
      return tokens;
    },
  };
}

/**
 * Appends the spans packed as "start,end,label,…" (label = 1-based index into `labelIds`) to `out`;
 * returns how many were left out because their offsets or label don't fit (0 in a healthy database).
 */
export function unpackSpans(packed: string, labelIds: readonly string[], length: number, out: AgreementSpan[]): number {
  let skipped = 0;
  let value = 0;
  let field = 0;
  let start = 0;
  let end = 0;
  for (let i = 0; i <= packed.length; i++) {
    const c = i < packed.length ? packed.charCodeAt(i) : 44; // a final "," flushes the last number
    if (c !== 44) {
      value = value * 10 + (c - 48);
      continue;
    }
    if (field === 0) start = value;
    else if (field === 1) end = value;
    else {
      const label = labelIds[value - 1];
      if (label === undefined || start >= end || end > length) skipped++;
      else out.push({ start, end, label });
    }
    field = field === 2 ? 0 : field + 1;
    value = 0;
  }
  return skipped;
}

/** Display names, unique within the list: "Alex" twice becomes "Alex (alex@…)" and "Alex (alex.b@…)". */
function displayNames(users: { id: string; name: string; email: string }[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const u of users) count.set(u.name, (count.get(u.name) ?? 0) + 1);
  return new Map(users.map((u) => [u.id, (count.get(u.name) ?? 0) > 1 ? `${u.name} (${u.email})` : u.name]));
}

function byName(a: AgreementPersonDto, b: AgreementPersonDto): number {
  return a.name.localeCompare(b.name, "en") || (a.id < b.id ? -1 : 1);
}

function parseFilters(input: unknown): AgreementFiltersDto {
  const parsed = ZAgreementFilters.safeParse(input ?? {});
  if (!parsed.success) throw new AppError("validation_failed", "Some filters are not valid.", { fields: fieldErrors(parsed.error) });
  const unique = <T,>(xs: T[] | undefined): T[] => [...new Set(xs ?? [])];
  return {
    labelIds: unique(parsed.data.labelIds?.map((id) => id.toLowerCase())),
    annotatorIds: unique(parsed.data.annotatorIds?.map((id) => id.toLowerCase())),
    statuses: unique(parsed.data.statuses),
    documentIds: unique(parsed.data.documentIds?.map((id) => id.toLowerCase())),
  };
}

/**
 * The project's agreement report: GET /api/projects/:projectId/agreement. Needs `agreement.read`.
 * Filters (all optional, empty = all): labels, annotators (at least two make a pair), document
 * statuses, documents.
 */
export async function getProjectAgreement(db: Db, actor: Actor, projectId: string, input: unknown = {}): Promise<ProjectAgreementDto> {
  const startedAt = performance.now();
  const ctx = await authorizeProject(db, actor, projectId, "agreement.read");
  const filters = parseFilters(input);
  const pid = ctx.project.id;

  const labelRows = await listLabels(db, pid, { includeArchived: true });
  const labels: AgreementLabelDto[] = labelRows.map((l) => ({ id: l.id, name: l.name, color: l.color, archived: l.archivedAt !== null }));
  const knownLabels = new Set(labels.map((l) => l.id));
  const unknownLabels = filters.labelIds.filter((id) => !knownLabels.has(id));
  if (unknownLabels.length > 0) {
    throw new AppError("validation_failed", "Some labels in the filter are not labels of this project. Reload the page and pick again.", {
      fields: { labelIds: [`Not a label of this project: ${unknownLabels.join(", ")}`] },
    });
  }

  const presence = await loadPresence(db, {
    projectId: pid,
    statuses: filters.statuses.length > 0 ? filters.statuses : null,
    documentIds: filters.documentIds.length > 0 ? filters.documentIds : null,
  });
  const people = await listProjectUserNames(db, pid, [...new Set([...presence.owners, ...filters.annotatorIds])]);
  const names = displayNames(people);
  const unknownAnnotators = filters.annotatorIds.filter((id) => !names.has(id));
  if (unknownAnnotators.length > 0) {
    throw new AppError("validation_failed", "Some annotators in the filter are not people of this project. Reload the page and pick again.", {
      fields: { annotatorIds: [`Not a person of this project: ${unknownAnnotators.join(", ")}`] },
    });
  }
  const person = (id: string): AgreementPersonDto => ({ id, name: names.get(id) ?? "Former member" });
  const availableAnnotators = [...presence.owners].map(person).sort(byName);
  const annotators = (filters.annotatorIds.length > 0 ? filters.annotatorIds.map(person) : availableAnnotators).sort(byName);
  const annotatorIds = annotators.map((a) => a.id);
  const labelFilter = filters.labelIds.length > 0 ? filters.labelIds : null;

  const corpus = await loadCorpus(
    db,
    {
      projectId: pid,
      annotatorIds,
      labelIds: labelFilter ?? labels.map((l) => l.id),
      statuses: filters.statuses.length > 0 ? filters.statuses : null,
      documentIds: filters.documentIds.length > 0 ? filters.documentIds : null,
      mode: "all",
    },
    presence,
  );
  const loadedAt = performance.now();
  const options = { annotators: annotatorIds, ...(labelFilter ? { labels: labelFilter } : {}) };
  const report = corpus.pairDocs.length > 0 ? computeAgreement(corpus.pairDocs, options) : null;
  const gold = corpus.goldDocs.length > 0 ? agreementAgainstGold(corpus.goldDocs, GOLD_ANNOTATOR, options) : null;
  const doneAt = performance.now();
  // Every article the pairwise figures rest on has ≥ 2 layers, so Krippendorff's α covers them all.
  corpus.basis.tokens = report?.overall.krippendorffAlpha.tokens ?? 0;

  return {
    project: { id: pid, slug: ctx.project.slug, name: ctx.project.name },
    filters,
    annotators,
    availableAnnotators,
    labels,
    basis: corpus.basis,
    report,
    gold,
    tokenizer: TOKENIZER_DESCRIPTION,
    computedInMs: Math.round(doneAt - startedAt),
    timings: {
      loadMs: Math.round(loadedAt - startedAt),
      tokenizeMs: Math.round(corpus.tokenizeClock.ms),
      computeMs: Math.round(doneAt - loadedAt - corpus.tokenizeClock.ms),
    },
    generatedAt: new Date().toISOString(),
  };
}

export interface GoldScoreDto {
  annotator: AgreementPersonDto;
  documents: number;
  /** Span scores with gold as the reference, exact and overlap matching. */
  exact: { precision: number | null; recall: number | null; f1: number | null; tp: number; fp: number; fn: number };
  overlap: { precision: number | null; recall: number | null; f1: number | null; tp: number; fp: number; fn: number };
  cohenKappa: number | null;
}

export interface GoldSummaryDto {
  /** Articles with a gold layer and at least one annotator's layer. */
  documents: number;
  goldSpans: number;
  annotators: GoldScoreDto[];
}

/**
 * Every annotator against gold, over the whole project (the review dashboard). No authorization
 * here: the caller (lib/server/review-queue.ts) has checked `review.decide`. Null without gold.
 */
export async function computeProjectGoldSummary(db: Db, projectId: string): Promise<GoldSummaryDto | null> {
  const presence = await loadPresence(db, { projectId, statuses: null, documentIds: null });
  const goldOwners = new Set<string>();
  for (const entry of presence.byDocument.values()) if (entry.hasGold) for (const o of entry.owners) goldOwners.add(o);
  if (goldOwners.size === 0) return null;
  const names = displayNames(await listProjectUserNames(db, projectId, [...goldOwners]));
  const annotators = [...goldOwners].map((id) => ({ id, name: names.get(id) ?? "Former member" })).sort(byName);
  const labelIds = (await listLabels(db, projectId, { includeArchived: true })).map((l) => l.id);
  const corpus = await loadCorpus(
    db,
    { projectId, annotatorIds: annotators.map((a) => a.id), labelIds, statuses: null, documentIds: null, mode: "gold" },
    presence,
  );
  if (corpus.goldDocs.length === 0) return null;
  const report = agreementAgainstGold(corpus.goldDocs, GOLD_ANNOTATOR, { annotators: annotators.map((a) => a.id) });
  const byId = new Map(annotators.map((a) => [a.id, a]));
  const score = (s: { precision: number | null; recall: number | null; f1: number | null; tp: number; fp: number; fn: number }) => ({
    precision: s.precision,
    recall: s.recall,
    f1: s.f1,
    tp: s.tp,
    fp: s.fp,
    fn: s.fn,
  });
  return {
    documents: report.documents,
    goldSpans: corpus.basis.goldSpans,
    annotators: report.annotators
      .filter((a) => a.documents > 0)
      .map((a) => ({
        annotator: byId.get(a.annotator) ?? { id: a.annotator, name: "Former member" },
        documents: a.documents,
        exact: score(a.span.exact.micro),
        overlap: score(a.span.overlap.micro),
        cohenKappa: a.cohenKappa.value,
      })),
  };
}

// ---------------------------------------------------------------------------------------------
// Downloads

/** One figure per row, with display names instead of ids (annotators, labels; gold stays "gold"). */
export function agreementDownloadRows(dto: ProjectAgreementDto): AgreementRow[] {
  const annotatorName = new Map(dto.annotators.map((a) => [a.id, a.name]));
  const labelName = new Map(dto.labels.map((l) => [l.id, l.name]));
  const rename = (row: AgreementRow): AgreementRow => ({
    ...row,
    annotatorA: row.annotatorA === null ? null : (annotatorName.get(row.annotatorA) ?? row.annotatorA),
    annotatorB: row.annotatorB === null ? null : (annotatorName.get(row.annotatorB) ?? row.annotatorB),
    label: row.label === null ? null : (labelName.get(row.label) ?? row.label),
  });
  return [...(dto.report ? agreementReportToRows(dto.report) : []), ...(dto.gold ? goldAgreementReportToRows(dto.gold) : [])].map(rename);
}

/** The CSV columns, in order (snake_case names of AgreementRow's fields). */
export const AGREEMENT_CSV_COLUMNS: { key: keyof AgreementRow; header: string }[] = [
  { key: "scope", header: "scope" },
  { key: "metric", header: "metric" },
  { key: "annotatorA", header: "annotator_a" },
  { key: "annotatorB", header: "annotator_b" },
  { key: "label", header: "label" },
  { key: "value", header: "value" },
  { key: "precision", header: "precision" },
  { key: "recall", header: "recall" },
  { key: "tp", header: "tp" },
  { key: "fp", header: "fp" },
  { key: "fn", header: "fn" },
  { key: "pairs", header: "pairs" },
  { key: "documents", header: "documents" },
  { key: "tokens", header: "tokens" },
  { key: "note", header: "note" },
];

/** A file name for downloads: "<project-slug>-agreement-<yyyy-mm-dd>.<ext>". */
export function agreementFileName(dto: ProjectAgreementDto, ext: "csv" | "json"): string {
  return `${dto.project.slug}-agreement-${dto.generatedAt.slice(0, 10)}.${ext}`;
}
