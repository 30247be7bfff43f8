import { describe, expect, it } from "vitest";
import type { AgreementSpan } from "./types";
import { computePairwiseSpanF1, computeSpanF1, matchSpans, scoreSpanCounts } from "./span-f1";

const span = (start: number, end: number, label: string): AgreementSpan => ({ start, end, label });

/** Small deterministic PRNG (mulberry32) so shuffles and random cases are reproducible. */
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

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

describe("scoreSpanCounts", () => {
  it("computes P/R/F1 and uses null for 0/0", () => {
    // P = 2/(2+1), R = 2/(2+2), F1 = 2·2/(2·2 + 1 + 2) = 4/7
    expect(scoreSpanCounts({ tp: 2, fp: 1, fn: 2 })).toEqual({ tp: 2, fp: 1, fn: 2, precision: 2 / 3, recall: 0.5, f1: 4 / 7 });
    // nothing predicted: precision undefined, recall 0, F1 = 0/(0+0+3) = 0
    expect(scoreSpanCounts({ tp: 0, fp: 0, fn: 3 })).toEqual({ tp: 0, fp: 0, fn: 3, precision: null, recall: 0, f1: 0 });
    expect(scoreSpanCounts({ tp: 0, fp: 0, fn: 0 }).f1).toBeNull();
  });
});

describe("computeSpanF1", () => {
  it("is perfect for identical span lists", () => {
    const spans = [span(0, 5, "PER"), span(10, 20, "ORG")];
    for (const mode of ["exact", "overlap"] as const) {
      const { micro } = computeSpanF1(spans, [...spans], mode);
      expect(micro).toEqual({ tp: 2, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1 });
    }
  });

  it("counts per label and micro-averages (hand-counted example)", () => {
    const reference = [span(0, 5, "PER"), span(10, 15, "PER"), span(20, 30, "ORG")];
    const candidate = [span(0, 5, "PER"), span(20, 30, "ORG"), span(40, 45, "ORG"), span(50, 55, "LOC")];
    const result = computeSpanF1(reference, candidate, "exact");
    // LOC: tp 0, fp 1, fn 0 → P = 0, R = 0/0 → null, F1 = 0/(0+1+0) = 0 (reference never used LOC)
    // ORG: tp 1, fp 1, fn 0 → P = 1/2, R = 1, F1 = 2/(2+1) = 2/3
    // PER: tp 1, fp 0, fn 1 → P = 1, R = 1/2, F1 = 2/3
    expect(result.perLabel).toEqual([
      { label: "LOC", tp: 0, fp: 1, fn: 0, precision: 0, recall: null, f1: 0 },
      { label: "ORG", tp: 1, fp: 1, fn: 0, precision: 0.5, recall: 1, f1: 2 / 3 },
      { label: "PER", tp: 1, fp: 0, fn: 1, precision: 1, recall: 0.5, f1: 2 / 3 },
    ]);
    // micro: tp 2, fp 2, fn 1 → P = 2/4, R = 2/3, F1 = 4/(4+2+1) = 4/7
    expect(result.micro).toEqual({ tp: 2, fp: 2, fn: 1, precision: 0.5, recall: 2 / 3, f1: 4 / 7 });
    // macro: (0 + 2/3 + 2/3) / 3 = 4/9
    expect(result.macroF1).toBeCloseTo(4 / 9, 15);
  });

  it("matches overlapping spans of the same label in overlap mode only", () => {
    const reference = [span(0, 10, "PER")];
    const candidate = [span(2, 12, "PER")];
    expect(computeSpanF1(reference, candidate, "exact").micro).toMatchObject({ tp: 0, fp: 1, fn: 1, f1: 0 });
    expect(computeSpanF1(reference, candidate, "overlap").micro).toMatchObject({ tp: 1, fp: 0, fn: 0, f1: 1 });
  });

  it("does not match overlapping spans with different labels, nor touching spans", () => {
    expect(computeSpanF1([span(0, 10, "PER")], [span(2, 12, "ORG")], "overlap").micro.tp).toBe(0);
    // half-open intervals: [0,5) and [5,10) share no offset
    expect(computeSpanF1([span(0, 5, "PER")], [span(5, 10, "PER")], "overlap").micro.tp).toBe(0);
  });

  it("matches duplicates one-to-one", () => {
    const reference = [span(0, 10, "PER"), span(0, 10, "PER")];
    const candidate = [span(0, 10, "PER")];
    // tp 1, fn 1 → P = 1, R = 1/2, F1 = 2/(2+0+1) = 2/3 in both modes
    for (const mode of ["exact", "overlap"] as const) {
      expect(computeSpanF1(reference, candidate, mode).micro).toEqual({
        tp: 1,
        fp: 0,
        fn: 1,
        precision: 1,
        recall: 0.5,
        f1: 2 / 3,
      });
    }
  });

  it("finds the maximum matching where greedy-by-largest-overlap would lose a pair", () => {
    // Overlaps: [0,10)–[5,11) = 5, [0,10)–[0,3) = 3, [9,12)–[5,11) = 2, [9,12)–[0,3) = none.
    // Greedy takes the 5 first and strands both others (tp 1); the maximum matching has tp 2.
    const reference = [span(0, 10, "X"), span(9, 12, "X")];
    const candidate = [span(5, 11, "X"), span(0, 3, "X")];
    expect(computeSpanF1(reference, candidate, "overlap").micro).toMatchObject({ tp: 2, fp: 0, fn: 0 });
    expect(matchSpans(reference, candidate, "overlap")).toEqual([
      { referenceIndex: 0, candidateIndex: 1, overlap: 3 },
      { referenceIndex: 1, candidateIndex: 0, overlap: 2 },
    ]);
  });

  it("prefers the candidate with the largest overlap when only one can be matched", () => {
    const reference = [span(0, 10, "X")];
    const candidate = [span(0, 2, "X"), span(0, 9, "X"), span(8, 12, "X")];
    expect(matchSpans(reference, candidate, "overlap")).toEqual([{ referenceIndex: 0, candidateIndex: 1, overlap: 9 }]);
    expect(computeSpanF1(reference, candidate, "overlap").micro).toMatchObject({ tp: 1, fp: 2, fn: 0 });
  });

  it("handles nested spans of one label", () => {
    const reference = [span(0, 20, "ORG"), span(5, 10, "ORG")];
    const candidate = [span(4, 10, "ORG")];
    // exact: nothing equal → tp 0, fp 1, fn 2
    expect(computeSpanF1(reference, candidate, "exact").micro).toMatchObject({ tp: 0, fp: 1, fn: 2 });
    // overlap: [4,10) overlaps [0,20) by 6 and [5,10) by 5 → one match, with the outer span
    expect(computeSpanF1(reference, candidate, "overlap").micro).toMatchObject({ tp: 1, fp: 0, fn: 1 });
    expect(matchSpans(reference, candidate, "overlap")).toEqual([{ referenceIndex: 0, candidateIndex: 0, overlap: 6 }]);
  });

  it("lets empty spans match only an identical empty span", () => {
    expect(computeSpanF1([span(3, 3, "X")], [span(3, 3, "X")], "overlap").micro.tp).toBe(1);
    expect(computeSpanF1([span(3, 3, "X")], [span(0, 10, "X")], "overlap").micro.tp).toBe(0);
    // also when they sit exactly where another span ends
    expect(computeSpanF1([span(0, 5, "X"), span(5, 5, "X")], [span(5, 5, "X")], "overlap").micro).toMatchObject({
      tp: 1,
      fn: 1,
    });
  });

  it("matches long runs of adjacent spans one by one", () => {
    // 200 sentence-like spans [10k, 10k+10); the candidate shifts every span by one offset
    const reference = Array.from({ length: 200 }, (_, k) => span(10 * k, 10 * k + 10, "CLAIM"));
    const candidate = reference.map((entry) => span(entry.start + 1, Math.min(entry.end + 1, 2000), "CLAIM"));
    expect(computeSpanF1(reference, candidate, "exact").micro.tp).toBe(0);
    // each candidate overlaps its own reference span by 9 and the next one by 1
    const matches = matchSpans(reference, candidate, "overlap");
    expect(matches).toHaveLength(200);
    expect(matches.every((match) => match.referenceIndex === match.candidateIndex)).toBe(true);
  });

  it("does not depend on span order (seeded shuffles)", () => {
    const reference = [
      span(0, 10, "PER"),
      span(0, 10, "PER"),
      span(5, 15, "ORG"),
      span(12, 30, "ORG"),
      span(40, 41, "LOC"),
      span(50, 60, "PER"),
      span(52, 55, "PER"),
    ];
    const candidate = [
      span(0, 10, "PER"),
      span(2, 8, "PER"),
      span(6, 14, "ORG"),
      span(40, 41, "LOC"),
      span(40, 41, "LOC"),
      span(51, 58, "PER"),
      span(70, 80, "ORG"),
    ];
    const random = createRandom(42);
    for (const mode of ["exact", "overlap"] as const) {
      const expected = computeSpanF1(reference, candidate, mode);
      for (let round = 0; round < 25; round++) {
        expect(computeSpanF1(shuffle(reference, random), shuffle(candidate, random), mode)).toEqual(expected);
      }
    }
  });

  it("does not depend on span order for long lists (over 64 spans per layer)", () => {
    const random = createRandom(99);
    const make = (): AgreementSpan[] =>
      Array.from({ length: 150 }, () => {
        const start = Math.floor(random() * 400);
        return span(start, start + 1 + Math.floor(random() * 10), random() < 0.5 ? "A" : "B");
      });
    const reference = make();
    const candidate = [...make(), ...reference.slice(0, 50)];
    for (const mode of ["exact", "overlap"] as const) {
      const expected = computeSpanF1(reference, candidate, mode);
      expect(expected.micro.tp).toBeGreaterThanOrEqual(50);
      expect(computeSpanF1(shuffle(reference, random), shuffle(candidate, random), mode)).toEqual(expected);
      expect(computeSpanF1([...reference].reverse(), [...candidate].reverse(), mode)).toEqual(expected);
    }
  });

  it("is symmetric: F1 equal, precision/recall and fp/fn swapped", () => {
    const a = [span(0, 10, "PER"), span(20, 25, "ORG"), span(30, 40, "ORG")];
    const b = [span(0, 10, "PER"), span(21, 26, "ORG"), span(50, 60, "LOC")];
    for (const mode of ["exact", "overlap"] as const) {
      const forward = computeSpanF1(a, b, mode);
      const backward = computeSpanF1(b, a, mode);
      expect(backward.micro).toEqual({
        tp: forward.micro.tp,
        fp: forward.micro.fn,
        fn: forward.micro.fp,
        precision: forward.micro.recall,
        recall: forward.micro.precision,
        f1: forward.micro.f1,
      });
      backward.perLabel.forEach((entry, i) => expect(entry.f1).toBe(forward.perLabel[i]!.f1));
    }
  });

  it("ignores spans of labels outside options.labels and lists unused requested labels", () => {
    const result = computeSpanF1([span(0, 5, "PER"), span(6, 9, "MISC")], [span(0, 5, "PER")], "exact", {
      labels: ["PER", "DATE"],
    });
    expect(result.perLabel).toEqual([
      { label: "DATE", tp: 0, fp: 0, fn: 0, precision: null, recall: null, f1: null },
      { label: "PER", tp: 1, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1 },
    ]);
    expect(result.micro.f1).toBe(1); // the MISC span was ignored
    expect(result.macroF1).toBe(1); // DATE is undefined, so it does not enter the mean
  });

  it("returns null scores for two empty lists and recall 0 against an empty candidate", () => {
    expect(computeSpanF1([], [], "overlap").micro).toEqual({ tp: 0, fp: 0, fn: 0, precision: null, recall: null, f1: null });
    expect(computeSpanF1([span(0, 1, "X")], [], "overlap").micro).toMatchObject({ precision: null, recall: 0, f1: 0 });
  });

  it("rejects malformed spans and the reserved label O", () => {
    expect(() => computeSpanF1([span(5, 4, "X")], [], "exact")).toThrow(RangeError);
    expect(() => computeSpanF1([span(0.5, 4, "X")], [], "exact")).toThrow(RangeError);
    expect(() => computeSpanF1([span(-1, 4, "X")], [], "exact")).toThrow(RangeError);
    expect(() => computeSpanF1([span(0, 4, "O")], [], "exact")).toThrow(/reserved/);
  });
});

describe("overlap matching against brute force", () => {
  /** Best (matched pairs, total overlap) over all one-to-one matchings, by exhaustive search. */
  function bruteForce(reference: AgreementSpan[], candidate: AgreementSpan[]): [number, number] {
    let best: [number, number] = [0, 0];
    const used = new Array<boolean>(candidate.length).fill(false);
    const visit = (r: number, pairs: number, overlapSum: number): void => {
      if (r === reference.length) {
        if (pairs > best[0] || (pairs === best[0] && overlapSum > best[1])) best = [pairs, overlapSum];
        return;
      }
      visit(r + 1, pairs, overlapSum);
      const ref = reference[r]!;
      candidate.forEach((cand, c) => {
        if (used[c] || cand.label !== ref.label) return;
        const overlap = Math.min(ref.end, cand.end) - Math.max(ref.start, cand.start);
        if (overlap <= 0) return;
        used[c] = true;
        visit(r + 1, pairs + 1, overlapSum + overlap);
        used[c] = false;
      });
    };
    visit(0, 0, 0);
    return best;
  }

  function randomSpans(random: () => number, count: number): AgreementSpan[] {
    return Array.from({ length: count }, () => {
      const start = Math.floor(random() * 30);
      return span(start, start + 1 + Math.floor(random() * 12), random() < 0.7 ? "A" : "B");
    });
  }

  it("reaches the maximum number of pairs and, among those, the maximum total overlap (300 random cases)", () => {
    const random = createRandom(7);
    for (let round = 0; round < 300; round++) {
      const reference = randomSpans(random, 1 + Math.floor(random() * 6));
      const candidate = randomSpans(random, 1 + Math.floor(random() * 6));
      const matches = matchSpans(reference, candidate, "overlap");
      const overlapSum = matches.reduce((sum, match) => sum + match.overlap, 0);
      expect([matches.length, overlapSum]).toEqual(bruteForce(reference, candidate));
      // one-to-one, same label, really overlapping
      expect(new Set(matches.map((m) => m.referenceIndex)).size).toBe(matches.length);
      expect(new Set(matches.map((m) => m.candidateIndex)).size).toBe(matches.length);
      for (const match of matches) {
        const ref = reference[match.referenceIndex]!;
        const cand = candidate[match.candidateIndex]!;
        expect(cand.label).toBe(ref.label);
        expect(Math.min(ref.end, cand.end) - Math.max(ref.start, cand.start)).toBe(match.overlap);
      }
      // exact matches are overlap matches, so overlap tp can never be lower
      expect(matches.length).toBeGreaterThanOrEqual(computeSpanF1(reference, candidate, "exact").micro.tp);
    }
  });
});

describe("computePairwiseSpanF1", () => {
  it("scores every pair once, in layer order, in both modes", () => {
    const layers = [
      { annotator: "ann1", spans: [span(0, 5, "PER")] },
      { annotator: "ann2", spans: [span(0, 5, "PER")] },
      { annotator: "ann3", spans: [span(1, 5, "PER")] },
    ];
    const result = computePairwiseSpanF1(layers);
    expect(result.map((pair) => [pair.annotatorA, pair.annotatorB, pair.exact.micro.f1, pair.overlap.micro.f1])).toEqual([
      ["ann1", "ann2", 1, 1],
      ["ann1", "ann3", 0, 1],
      ["ann2", "ann3", 0, 1],
    ]);
  });
});
