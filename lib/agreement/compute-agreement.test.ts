import { describe, expect, it } from "vitest";
import type { AgreementDocument, AgreementSpan, AnnotatorLayer } from "./types";
import { agreementAgainstGold, computeAgreement } from "./compute-agreement";
import { computeCohenKappa, computeFleissKappaFromRatings, computeKrippendorffAlpha, type MaybeRating } from "./kappa";
import { computeSpanF1 } from "./span-f1";
import { assignTokenLabels } from "./token-labels";

const span = (start: number, end: number, label: string): AgreementSpan => ({ start, end, label });
const layer = (annotator: string, spans: AgreementSpan[]): AnnotatorLayer => ({ annotator, spans });

/** A document whose tokens are the single offsets 0..length−1, so offsets and token indices coincide. */
function unitDocument(id: string, length: number, layers: AnnotatorLayer[]): AgreementDocument {
  return { id, length, tokens: Array.from({ length }, (_, i) => ({ start: i, end: i + 1 })), layers };
}

function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe("computeAgreement", () => {
  it("computes pair κ and span F1 for two annotators (hand-computed)", () => {
    // tokens 0..9; ann1: PER 0–2, ORG 5–6; ann2: PER 0–2, ORG 5–7
    //   ann1: P P P O O G G O O O
    //   ann2: P P P O O G G G O O
    const docs = [
      unitDocument("d1", 10, [
        layer("ann1", [span(0, 3, "PER"), span(5, 7, "ORG")]),
        layer("ann2", [span(0, 3, "PER"), span(5, 8, "ORG")]),
      ]),
    ];
    const report = computeAgreement(docs);
    expect(report.annotators).toEqual(["ann1", "ann2"]);
    expect(report.labels).toEqual(["ORG", "PER"]);
    const pair = report.pairs[0]!;
    expect(report.pairs).toHaveLength(1);
    expect([pair.annotatorA, pair.annotatorB, pair.documents, pair.tokens]).toEqual(["ann1", "ann2", 1, 10]);
    // p_o = (3 P + 4 O + 2 G) / 10 = 0.9
    // marginals ann1 P3 O5 G2, ann2 P3 O4 G3 → p_e = (3·3 + 5·4 + 2·3) / 100 = 0.35
    // κ = (0.9 − 0.35) / (1 − 0.35) = 0.55 / 0.65 = 11/13 ≈ 0.84615
    expect(pair.cohenKappa.observedAgreement).toBeCloseTo(0.9, 15);
    expect(pair.cohenKappa.expectedAgreement).toBeCloseTo(0.35, 15);
    expect(pair.cohenKappa.value).toBeCloseTo(11 / 13, 15);
    // exact: PER matches, ORG [5,7) ≠ [5,8) → tp 1, fp 1, fn 1 → P = R = F1 = 1/2
    expect(pair.span.exact.micro).toEqual({ tp: 1, fp: 1, fn: 1, precision: 0.5, recall: 0.5, f1: 0.5 });
    // overlap: both ORG spans intersect → tp 2 → F1 = 1
    expect(pair.span.overlap.micro).toEqual({ tp: 2, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1 });
  });

  it("computes Fleiss' κ, Krippendorff's α and per-label averages with a missing annotator (hand-computed)", () => {
    // d2 (4 tokens, all three annotators):     d3 (2 tokens, c did not annotate):
    //   a: X X O O                                a: X O
    //   b: X O O O                                b: O O
    //   c: X X O Y                                c: –
    const docs = [
      unitDocument("d2", 4, [
        layer("a", [span(0, 2, "X")]),
        layer("b", [span(0, 1, "X")]),
        layer("c", [span(0, 2, "X"), span(3, 4, "Y")]),
      ]),
      unitDocument("d3", 2, [layer("a", [span(0, 1, "X")]), layer("b", [])]),
    ];
    const report = computeAgreement(docs);

    // Fleiss: complete matrix only → d2 alone. Counts per token (X, O, Y), n = 3:
    //   t0 [3,0,0] P=1   t1 [2,1,0] P=(4+1−3)/6=1/3   t2 [0,3,0] P=1   t3 [0,2,1] P=1/3
    //   P̄ = (1 + 1/3 + 1 + 1/3)/4 = 2/3
    //   totals X 5, O 6, Y 1 of 12 → P_e = (25 + 36 + 1)/144 = 31/72
    //   κ = (2/3 − 31/72)/(1 − 31/72) = (17/72)/(41/72) = 17/41 ≈ 0.41463
    const { fleissKappa, krippendorffAlpha } = report.overall;
    expect(fleissKappa.observedAgreement).toBeCloseTo(2 / 3, 15);
    expect(fleissKappa.expectedAgreement).toBeCloseTo(31 / 72, 15);
    expect(fleissKappa.value).toBeCloseTo(17 / 41, 15);
    expect([fleissKappa.documents, fleissKappa.tokens, fleissKappa.raters]).toEqual([1, 4, 3]);

    // α: d2 and d3 (d3 with m = 2 raters). Off-diagonal coincidences per token, (m² − Σ n_c²)/(m − 1):
    //   d2: t0 (9−9)/2 = 0, t1 (9−5)/2 = 2, t2 0, t3 (9−5)/2 = 2 → 4
    //   d3: t0 (X,O): (4−2)/1 = 2, t1 (O,O): 0                 → 2      total D = 6
    //   value totals: X 5+1 = 6, O 6+3 = 9, Y 1 → n = 16, Σ n_c² = 36 + 81 + 1 = 118
    //   α = 1 − (n − 1)·D / (n² − Σ n_c²) = 1 − 15·6/(256 − 118) = 1 − 90/138 = 8/23 ≈ 0.34783
    expect(krippendorffAlpha.value).toBeCloseTo(8 / 23, 15);
    expect([krippendorffAlpha.documents, krippendorffAlpha.tokens, krippendorffAlpha.pairableValues]).toEqual([2, 6, 16]);

    // Pairs: (a,b) over d2+d3, the others over d2 only.
    //   (a,b): a X X O O X O / b X O O O O O: agree 4 of 6 → p_o = 2/3;
    //          marginals a X3 O3, b X1 O5 → p_e = (3 + 15)/36 = 1/2; κ = (2/3 − 1/2)/(1/2) = 1/3
    //   (a,c): p_o = 3/4; a X2 O2, c X2 O1 Y1 → p_e = (4 + 2 + 0)/16 = 3/8; κ = (3/8)/(5/8) = 3/5
    //   (b,c): p_o = 2/4; b X1 O3, c X2 O1 Y1 → p_e = (2 + 3)/16 = 5/16; κ = (3/16)/(11/16) = 3/11
    expect(report.pairs.map((p) => [p.annotatorA, p.annotatorB, p.documents, p.tokens])).toEqual([
      ["a", "b", 2, 6],
      ["a", "c", 1, 4],
      ["b", "c", 1, 4],
    ]);
    const kappas = report.pairs.map((p) => p.cohenKappa.value);
    expect(kappas[0]).toBeCloseTo(1 / 3, 15);
    expect(kappas[1]).toBeCloseTo(3 / 5, 15);
    expect(kappas[2]).toBeCloseTo(3 / 11, 15);

    // Per label, per pair (exact | overlap):
    //   X (a,b): d2 [0,2) vs [0,1) fn1 fp1, d3 [0,1) vs – fn1 → tp0 fp1 fn2, F1 0 | tp1 fp0 fn1, F1 2/3
    //     (a,c): [0,2) = [0,2)                              → tp1, F1 1        | tp1, F1 1
    //     (b,c): [0,1) vs [0,2)                             → fp1 fn1, F1 0    | tp1, F1 1
    //   mean exact (0 + 1 + 0)/3 = 1/3; mean overlap (2/3 + 1 + 1)/3 = 8/9
    //   Y: only c used it → (a,b) undefined; (a,c) and (b,c) fp1, F1 0 → mean 0 over 2 pairs
    expect(report.perLabel).toEqual([
      {
        label: "X",
        exact: { meanF1: expect.closeTo(1 / 3, 15), pairs: 3, tp: 1, fp: 2, fn: 3 },
        overlap: { meanF1: expect.closeTo(8 / 9, 15), pairs: 3, tp: 3, fp: 0, fn: 1 },
      },
      {
        label: "Y",
        exact: { meanF1: 0, pairs: 2, tp: 0, fp: 2, fn: 0 },
        overlap: { meanF1: 0, pairs: 2, tp: 0, fp: 2, fn: 0 },
      },
    ]);
    expect(report.documents).toBe(2);
  });

  it("returns an empty, null-valued report for an empty corpus", () => {
    const report = computeAgreement([]);
    expect(report).toMatchObject({ annotators: [], labels: [], documents: 0, pairs: [], perLabel: [] });
    expect(report.overall.fleissKappa).toMatchObject({ value: null, undefinedReason: "fewer-than-two-raters" });
    expect(report.overall.krippendorffAlpha).toMatchObject({ value: null, undefinedReason: "no-items" });
    expect(report.conflicts.tokens).toBe(0);
  });

  it("reports 1 everywhere for perfect agreement", () => {
    const spans = [span(0, 2, "PER"), span(4, 6, "ORG")];
    const docs = [
      unitDocument("d1", 8, [layer("a", spans), layer("b", [...spans].reverse()), layer("c", spans)]),
    ];
    const report = computeAgreement(docs);
    for (const pair of report.pairs) {
      expect(pair.cohenKappa.value).toBe(1);
      expect(pair.span.exact.micro.f1).toBe(1);
      expect(pair.span.overlap.micro.f1).toBe(1);
    }
    expect(report.overall.fleissKappa.value).toBe(1);
    expect(report.overall.krippendorffAlpha.value).toBe(1);
    expect(report.perLabel.map((entry) => entry.exact.meanF1)).toEqual([1, 1]);
  });

  it("returns null, not NaN, when nobody annotated anything", () => {
    const report = computeAgreement([unitDocument("d1", 5, [layer("a", []), layer("b", [])])]);
    const pair = report.pairs[0]!;
    expect(pair.cohenKappa).toMatchObject({ value: null, undefinedReason: "single-category", observedAgreement: 1 });
    expect(pair.span.exact.micro.f1).toBeNull();
    expect(report.overall.fleissKappa.value).toBeNull();
    expect(report.overall.krippendorffAlpha.undefinedReason).toBe("single-category");
    expect(report.labels).toEqual([]);
    expect(JSON.stringify(report)).not.toContain("NaN");
  });

  it("handles a label one annotator never used", () => {
    // a: PER 0–1, LOC 3–4; b: PER 0–1 only.  a: P P O L L O / b: P P O O O O
    // p_o = 4/6; marginals a P2 O2 L2, b P2 O4 L0 → p_e = (4 + 8 + 0)/36 = 1/3
    // κ = (2/3 − 1/3)/(1 − 1/3) = 1/2
    const docs = [unitDocument("d1", 6, [layer("a", [span(0, 2, "PER"), span(3, 5, "LOC")]), layer("b", [span(0, 2, "PER")])])];
    const pair = computeAgreement(docs).pairs[0]!;
    expect(pair.cohenKappa.value).toBeCloseTo(0.5, 15);
    const loc = pair.span.exact.perLabel.find((entry) => entry.label === "LOC");
    // LOC: a is the reference → fn 1, b proposed nothing → precision undefined, recall 0, F1 0
    expect(loc).toEqual({ label: "LOC", tp: 0, fp: 0, fn: 1, precision: null, recall: 0, f1: 0 });
  });

  it("ignores spans of labels outside options.labels", () => {
    const docs = [
      unitDocument("d1", 6, [
        layer("a", [span(0, 2, "PER"), span(1, 5, "MISC")]),
        layer("b", [span(0, 2, "PER"), span(4, 6, "DATE")]),
      ]),
    ];
    const report = computeAgreement(docs, { labels: ["PER"] });
    expect(report.labels).toEqual(["PER"]);
    const pair = report.pairs[0]!;
    expect(pair.cohenKappa.value).toBe(1);
    expect(pair.span.exact.micro).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    expect(pair.span.exact.perLabel.map((entry) => entry.label)).toEqual(["PER"]);
    expect(report.conflicts.tokens).toBe(0); // the MISC/PER overlap is out of scope

    const unfiltered = computeAgreement(docs);
    expect(unfiltered.labels).toEqual(["DATE", "MISC", "PER"]);
    expect(unfiltered.conflicts.tokens).toBe(1); // token 1: PER and MISC in a's layer
  });

  it("counts conflicting tokens per annotator", () => {
    const docs = [
      unitDocument("d1", 6, [
        layer("a", [span(0, 4, "ORG"), span(2, 4, "PER")]), // tokens 2, 3 covered by ORG and PER
        layer("b", [span(0, 4, "ORG"), span(1, 3, "ORG")]), // nested, same label: no conflict
      ]),
      unitDocument("d2", 3, [layer("a", [span(0, 2, "ORG"), span(1, 3, "LOC")])]), // token 1
    ];
    const report = computeAgreement(docs);
    expect(report.conflicts).toEqual({
      tokens: 3,
      perAnnotator: [
        { annotator: "a", tokens: 3, documents: 2 },
        { annotator: "b", tokens: 0, documents: 0 },
      ],
    });
  });

  it("follows options.annotators (order, subset, absent names)", () => {
    const docs = [unitDocument("d1", 4, [layer("a", [span(0, 2, "X")]), layer("b", [span(0, 2, "X")]), layer("c", [])])];
    const report = computeAgreement(docs, { annotators: ["b", "a", "zed"] });
    expect(report.annotators).toEqual(["b", "a", "zed"]);
    expect(report.pairs.map((p) => [p.annotatorA, p.annotatorB, p.documents])).toEqual([
      ["b", "a", 1],
      ["b", "zed", 0],
      ["a", "zed", 0],
    ]);
    expect(report.pairs[1]!.cohenKappa.undefinedReason).toBe("no-items");
    // nobody but b and a annotated, so no document has all three selected annotators
    expect(report.overall.fleissKappa).toMatchObject({ value: null, undefinedReason: "no-items", documents: 0 });
    expect(report.overall.krippendorffAlpha).toMatchObject({ value: 1, documents: 1, tokens: 4 });
  });

  it("rejects inconsistent input with the document id in the message", () => {
    const twoLayers = unitDocument("dup", 3, [layer("a", []), layer("a", [])]);
    expect(() => computeAgreement([twoLayers])).toThrow(/"dup".*more than one layer/);
    const tooLong = unitDocument("long", 3, [layer("a", [span(0, 4, "X")])]);
    expect(() => computeAgreement([tooLong])).toThrow(/"long".*document length/);
    const unordered: AgreementDocument = {
      id: "order",
      length: 4,
      tokens: [
        { start: 2, end: 4 },
        { start: 0, end: 1 },
      ],
      layers: [],
    };
    expect(() => computeAgreement([unordered])).toThrow(/"order".*ordered/);
    const reserved = unitDocument("res", 3, [layer("a", [span(0, 1, "O")])]);
    expect(() => computeAgreement([reserved])).toThrow(/"res".*reserved/);
    expect(() => computeAgreement([reserved], { labels: ["X"] })).toThrow(/"res".*reserved/);
  });

  it("agrees with the standalone primitives on a random corpus", () => {
    const random = createRandom(2024);
    const labels = ["A", "B", "C"];
    const annotators = ["x", "y", "z"];
    const docs: AgreementDocument[] = [];
    for (let d = 0; d < 40; d++) {
      const tokens: { start: number; end: number }[] = [];
      let offset = 0;
      const tokenCount = Math.floor(random() * 25);
      for (let t = 0; t < tokenCount; t++) {
        const start = offset + Math.floor(random() * 2);
        const end = start + 1 + Math.floor(random() * 5);
        tokens.push({ start, end });
        offset = end;
      }
      const length = offset + 2;
      const layers = annotators
        .filter(() => random() < 0.8)
        .map((annotator) =>
          layer(
            annotator,
            Array.from({ length: Math.floor(random() * 6) }, () => {
              const start = Math.floor(random() * length);
              return span(start, Math.min(length, start + Math.floor(random() * 15)), labels[Math.floor(random() * 3)]!);
            }),
          ),
        );
      docs.push({ id: `r${d}`, length, tokens, layers });
    }
    const report = computeAgreement(docs);
    const labelsOf = (doc: AgreementDocument, annotator: string): string[] | null => {
      const found = doc.layers.find((entry) => entry.annotator === annotator);
      return found === undefined ? null : assignTokenLabels(doc.tokens, found.spans, { labels: report.labels }).labels;
    };

    for (const pair of report.pairs) {
      const ratingsA: string[] = [];
      const ratingsB: string[] = [];
      const counts = { exact: { tp: 0, fp: 0, fn: 0 }, overlap: { tp: 0, fp: 0, fn: 0 } };
      for (const doc of docs) {
        const layerA = doc.layers.find((entry) => entry.annotator === pair.annotatorA);
        const layerB = doc.layers.find((entry) => entry.annotator === pair.annotatorB);
        if (layerA === undefined || layerB === undefined) continue;
        ratingsA.push(...labelsOf(doc, pair.annotatorA)!);
        ratingsB.push(...labelsOf(doc, pair.annotatorB)!);
        for (const mode of ["exact", "overlap"] as const) {
          const { micro } = computeSpanF1(layerA.spans, layerB.spans, mode);
          counts[mode].tp += micro.tp;
          counts[mode].fp += micro.fp;
          counts[mode].fn += micro.fn;
        }
      }
      expect(pair.tokens).toBe(ratingsA.length);
      expect(pair.cohenKappa.value).toBeCloseTo(computeCohenKappa(ratingsA, ratingsB).value!, 12);
      expect(pair.span.exact.micro).toMatchObject(counts.exact);
      expect(pair.span.overlap.micro).toMatchObject(counts.overlap);
    }

    const fleissRows: string[][] = [];
    const alphaUnits: MaybeRating[][] = [];
    let conflicts = 0;
    for (const doc of docs) {
      const perAnnotator = annotators.map((annotator) => labelsOf(doc, annotator));
      for (const entry of doc.layers) conflicts += assignTokenLabels(doc.tokens, entry.spans).conflicts;
      doc.tokens.forEach((_, t) => {
        const ratings = perAnnotator.map((sequence) => (sequence === null ? null : sequence[t]!));
        alphaUnits.push(ratings);
        if (ratings.every((rating) => rating !== null)) fleissRows.push(ratings as string[]);
      });
    }
    expect(report.overall.fleissKappa.tokens).toBe(fleissRows.length);
    expect(report.overall.fleissKappa.value).toBeCloseTo(computeFleissKappaFromRatings(fleissRows).value!, 12);
    expect(report.overall.krippendorffAlpha.value).toBeCloseTo(computeKrippendorffAlpha(alphaUnits).value!, 12);
    expect(report.conflicts.tokens).toBe(conflicts);
  });
});

describe("agreementAgainstGold", () => {
  it("scores each annotator against the gold layer (hand-computed)", () => {
    const docs = [
      unitDocument("g1", 10, [
        layer("gold", [span(0, 2, "PER"), span(5, 8, "ORG")]),
        layer("ann1", [span(0, 2, "PER"), span(5, 7, "ORG")]),
        layer("ann2", [span(0, 3, "PER")]),
      ]),
      // no gold layer: ignored
      unitDocument("g2", 4, [layer("ann1", [span(0, 1, "PER")]), layer("ann3", [span(0, 1, "PER")])]),
    ];
    const report = agreementAgainstGold(docs, "gold");
    expect(report.gold).toBe("gold");
    expect(report.documents).toBe(1);
    expect(report.annotators.map((entry) => [entry.annotator, entry.documents, entry.tokens])).toEqual([
      ["ann1", 1, 10],
      ["ann2", 1, 10],
      ["ann3", 0, 0],
    ]);
    const [ann1, ann2, ann3] = report.annotators;
    // ann1 exact: PER tp, ORG [5,7) vs gold [5,8): fp 1, fn 1 → P = R = F1 = 1/2; overlap: all matched
    expect(ann1!.span.exact.micro).toEqual({ tp: 1, fp: 1, fn: 1, precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(ann1!.span.overlap.micro).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    // ann1 tokens: gold P P O O O G G G O O / ann1 P P O O O G G O O O
    // p_o = 9/10; marginals gold P2 O5 G3, ann1 P2 O6 G2 → p_e = (4 + 30 + 6)/100 = 0.4; κ = 0.5/0.6 = 5/6
    expect(ann1!.cohenKappa.value).toBeCloseTo(5 / 6, 15);
    // ann2 exact: PER [0,3) vs [0,2): fp 1, fn 1; ORG missed: fn 1 → P = 0/1, R = 0/2, F1 = 0
    expect(ann2!.span.exact.micro).toEqual({ tp: 0, fp: 1, fn: 2, precision: 0, recall: 0, f1: 0 });
    // ann2 overlap: PER matched, ORG missed → P = 1/1, R = 1/2, F1 = 2/3
    expect(ann2!.span.overlap.micro).toEqual({ tp: 1, fp: 0, fn: 1, precision: 1, recall: 0.5, f1: 2 / 3 });
    // ann3 never shares a document with gold
    expect(ann3!.cohenKappa.undefinedReason).toBe("no-items");
    expect(ann3!.span.exact.micro.f1).toBeNull();
  });
});
