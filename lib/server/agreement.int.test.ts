import { expect, it } from "vitest";
import { agreementSearchParams } from "@/lib/api-client/agreement";
import { agreementFiltersFromSearchParams, ZAgreementFilters } from "@/lib/validation/agreement";
import { describeWithDb } from "@/test/db";
import { createTestUser } from "@/test/factories";
import { agreementDownloadRows, getProjectAgreement } from "./agreement";
import { expectAppError } from "./members.test-helpers";
import { setUpReviewProject, submit, tag } from "./review.test-helpers";

/*
 * The test ARTICLE (lib/server/review.test-helpers.ts) has 35 tokens (words and punctuation,
 * whitespace dropped): 17 words + "." in the first sentence, 6 + "." in the second, 9 + "." in the
 * third. "Mira Vance" is 2 tokens, "the ferry pier will close" 5.
 */
const TOKENS = 35;

describeWithDb("project agreement", ({ db }) => {
  it("scores two annotators on one article: values worked out by hand", async () => {
    const f = await setUpReviewProject(db(), "Agree");
    await tag(db(), f, f.ann1, f.labels.entity, "Mira Vance");
    await tag(db(), f, f.ann1, f.labels.claim, "the ferry pier will close");
    await tag(db(), f, f.ann2, f.labels.entity, "Mira Vance");

    const dto = await getProjectAgreement(db(), f.reviewer, f.projectId, {});
    expect(dto.annotators.map((a) => a.name)).toEqual(["Ann One", "Bea Two"]);
    expect(dto.basis).toEqual({
      documents: 1,
      tokens: TOKENS,
      spans: 3,
      spansByAnnotator: { [f.ann1.userId]: 2, [f.ann2.userId]: 1 },
      spansByLabel: { [f.labels.entity]: 2, [f.labels.claim]: 1 },
      goldDocuments: 0,
      goldSpans: 0,
      skippedSpans: 0,
    });
    expect(dto.gold).toBeNull();
    const report = dto.report!;
    expect(report.pairs).toHaveLength(1);
    const pair = report.pairs[0]!;
    expect(pair).toMatchObject({ annotatorA: f.ann1.userId, annotatorB: f.ann2.userId, documents: 1, tokens: TOKENS });

    // Spans, Ann (A) as the reference: Entity matches (tp = 1), Ann's Claim has no partner (fn = 1),
    // Bea has nothing extra (fp = 0). P = 1/1, R = 1/2, F1 = 2·1 / (2·1 + 0 + 1) = 2/3.
    // Overlap matching finds nothing more: the same figures.
    for (const mode of ["exact", "overlap"] as const) {
      const micro = pair.span[mode].micro;
      expect(micro).toMatchObject({ tp: 1, fp: 0, fn: 1, precision: 1, recall: 0.5 });
      expect(micro.f1).toBeCloseTo(2 / 3, 12);
    }

    // Tokens (rows Ann, columns Bea): Entity/Entity 2, Claim/O 5, O/O 28; n = 35.
    // Cohen: p_o = 30/35; p_e = (2·2 + 5·0 + 28·33) / 35² = 928/1225;
    //        κ = (1050 − 928) / (1225 − 928) = 122/297 ≈ 0.4108.
    expect(pair.cohenKappa.observedAgreement).toBeCloseTo(30 / 35, 12);
    expect(pair.cohenKappa.expectedAgreement).toBeCloseTo(928 / 1225, 12);
    expect(pair.cohenKappa.value).toBeCloseTo(122 / 297, 12);

    // Fleiss (2 raters): P̄ = 30/35; pooled shares Entity 4/70, Claim 5/70, O 61/70,
    //        P_e = (16 + 25 + 3721) / 4900 = 3762/4900; κ = (4200 − 3762) / (4900 − 3762) = 438/1138 = 219/569 ≈ 0.3849.
    // Krippendorff (nominal): n = 70 values, n_c = 4, 5, 61; the 5 Claim/O tokens give Σ_{c≠k} o_ck = 10;
    //        Σ_{c≠k} n_c·n_k = 70² − 3762 = 1138; α = 1 − 69·10/1138 = 448/1138 = 224/569 ≈ 0.3937.
    const { fleissKappa, krippendorffAlpha } = report.overall;
    expect(fleissKappa).toMatchObject({ documents: 1, tokens: TOKENS, raters: 2 });
    expect(fleissKappa.value).toBeCloseTo(219 / 569, 12);
    expect(krippendorffAlpha).toMatchObject({ documents: 1, tokens: TOKENS, pairableValues: 2 * TOKENS });
    expect(krippendorffAlpha.value).toBeCloseTo(224 / 569, 12);

    // Per label, one pair each: Entity F1 = 2·1/(2·1) = 1; Claim F1 = 0/(0 + 0 + 1) = 0.
    const perLabel = new Map(report.perLabel.map((l) => [l.label, l]));
    expect(perLabel.get(f.labels.entity)?.exact).toEqual({ meanF1: 1, pairs: 1, tp: 1, fp: 0, fn: 0 });
    expect(perLabel.get(f.labels.claim)?.exact).toEqual({ meanF1: 0, pairs: 1, tp: 0, fp: 0, fn: 1 });
    expect(perLabel.has(f.labels.quote)).toBe(false); // nobody used it

    // Downloads carry names, not ids.
    const rows = agreementDownloadRows(dto);
    expect(rows.find((r) => r.scope === "pair" && r.metric === "cohen_kappa")).toMatchObject({ annotatorA: "Ann One", annotatorB: "Bea Two", documents: 1, tokens: TOKENS });
    expect(rows.filter((r) => r.scope === "label").map((r) => r.label)).toEqual(expect.arrayContaining(["Entity", "Claim"]));
  });

  it("a label filter leaves other labels out as if nobody had marked them", async () => {
    const f = await setUpReviewProject(db(), "Agree labels");
    await tag(db(), f, f.ann1, f.labels.entity, "Mira Vance");
    await tag(db(), f, f.ann1, f.labels.claim, "the ferry pier will close");
    await tag(db(), f, f.ann2, f.labels.entity, "Mira Vance");

    const dto = await getProjectAgreement(db(), f.owner, f.projectId, { labelIds: [f.labels.entity] });
    expect(dto.filters.labelIds).toEqual([f.labels.entity]);
    expect(dto.basis).toMatchObject({ documents: 1, spans: 2 });
    const pair = dto.report!.pairs[0]!;
    // Only Entity: tp = 1, fp = fn = 0 → F1 = 1. Tokens Entity/Entity 2, O/O 33: p_o = 1,
    // p_e = (2·2 + 33·33) / 35² = 1093/1225, κ = (1225 − 1093) / (1225 − 1093) = 1.
    expect(pair.span.exact.micro).toMatchObject({ tp: 1, fp: 0, fn: 0, f1: 1 });
    expect(pair.cohenKappa.value).toBeCloseTo(1, 12);
    expect(dto.report!.perLabel.map((l) => l.label)).toEqual([f.labels.entity]);
  });

  it("a submitted article with no spans is an empty layer (found nothing), not a missing one", async () => {
    const f = await setUpReviewProject(db(), "Agree empty");
    await tag(db(), f, f.ann1, f.labels.entity, "Mira Vance");
    expect((await getProjectAgreement(db(), f.owner, f.projectId, {})).report).toBeNull(); // Bea has no layer yet
    await submit(db(), f, f.ann2);

    const dto = await getProjectAgreement(db(), f.owner, f.projectId, {});
    expect(dto.basis).toMatchObject({ documents: 1, tokens: TOKENS, spans: 1 });
    const pair = dto.report!.pairs[0]!;
    // Ann's Entity is unmatched: tp = 0, fp = 0, fn = 1 → P undefined (0/0), R = 0, F1 = 0.
    expect(pair.span.exact.micro).toEqual({ tp: 0, fp: 0, fn: 1, precision: null, recall: 0, f1: 0 });
    // Tokens Entity/O 2, O/O 33: p_o = 33/35 = 1155/1225, p_e = (2·0 + 33·35) / 35² = 1155/1225 → κ = 0.
    expect(pair.cohenKappa.value).toBeCloseTo(0, 12);
  });

  it("filters that leave no shared article give no report, and say so with zero counts", async () => {
    const f = await setUpReviewProject(db(), "Agree none");
    await tag(db(), f, f.ann1, f.labels.entity, "Mira Vance");
    await tag(db(), f, f.ann2, f.labels.entity, "Mira Vance");
    const dto = await getProjectAgreement(db(), f.owner, f.projectId, { statuses: ["approved"] });
    expect(dto.report).toBeNull();
    expect(dto.gold).toBeNull();
    expect(dto.basis).toMatchObject({ documents: 0, tokens: 0, spans: 0 });
    expect(dto.availableAnnotators).toEqual([]);

    const one = await getProjectAgreement(db(), f.owner, f.projectId, { annotatorIds: [f.ann1.userId] });
    expect(one.report).toBeNull(); // one annotator makes no pair
    expect(one.annotators.map((a) => a.id)).toEqual([f.ann1.userId]);
  });

  it("refuses annotators and outsiders (403), and labels or annotators that are not the project's (422)", async () => {
    const f = await setUpReviewProject(db(), "Agree refuse");
    const outsider = await createTestUser(db(), "Out Sider");
    await expectAppError(getProjectAgreement(db(), f.ann1, f.projectId, {}), 403);
    await expectAppError(getProjectAgreement(db(), outsider, f.projectId, {}), 403);
    // The permission is checked before the filters: an annotator learns nothing from a bad filter.
    await expectAppError(getProjectAgreement(db(), f.ann1, f.projectId, { labelIds: [crypto.randomUUID()] }), 403);

    const unknownLabel = await expectAppError(getProjectAgreement(db(), f.reviewer, f.projectId, { labelIds: [crypto.randomUUID()] }), 422, /not labels of this project/);
    expect(unknownLabel.fields?.labelIds).toHaveLength(1);
    await expectAppError(getProjectAgreement(db(), f.reviewer, f.projectId, { labelIds: ["not-a-uuid"] }), 422);
    await expectAppError(getProjectAgreement(db(), f.reviewer, f.projectId, { statuses: ["finished"] }), 422);
    await expectAppError(getProjectAgreement(db(), f.reviewer, f.projectId, { annotatorIds: [outsider.userId] }), 422, /not people of this project/);
  });

  it("the API client's query string reads back as the same filters on the server", () => {
    const filters = {
      labelIds: [crypto.randomUUID(), crypto.randomUUID()],
      annotatorIds: [crypto.randomUUID()],
      statuses: ["submitted" as const, "approved" as const],
      documentIds: [crypto.randomUUID()],
    };
    const parsed = ZAgreementFilters.parse(agreementFiltersFromSearchParams(agreementSearchParams(filters)));
    expect(parsed).toEqual({
      labelIds: [...filters.labelIds].sort(),
      annotatorIds: filters.annotatorIds,
      statuses: ["approved", "submitted"],
      documentIds: filters.documentIds,
    });
  });
});
