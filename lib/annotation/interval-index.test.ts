import { describe, expect, it } from "vitest";
import { computeStacking, createIntervalIndex, IntervalIndex, stackSorted } from "./interval-index";
import { spansOverlap } from "./spans";

interface S {
  id: string;
  start: number;
  end: number;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomSpans(next: () => number, n: number, docLength: number, allowEmpty = false): S[] {
  const out: S[] = [];
  for (let i = 0; i < n; i++) {
    const start = Math.floor(next() * docLength);
    const len = allowEmpty && next() < 0.05 ? 0 : 1 + Math.floor(next() ** 3 * 400);
    out.push({ id: `s${i}`, start, end: Math.min(docLength + 1, start + len) });
  }
  return out;
}

const ids = (xs: readonly S[]): string[] => xs.map((s) => s.id).sort();

describe("IntervalIndex", () => {
  it("answers range and point queries like brute force (random)", () => {
    const next = rng(7);
    const spans = randomSpans(next, 2000, 20_000, true);
    const index = createIntervalIndex(spans);
    expect(index.size).toBe(2000);
    for (let q = 0; q < 500; q++) {
      const a = Math.floor(next() * 20_100) - 50;
      const b = q % 10 === 0 ? a : a + Math.floor(next() * 300); // include collapsed queries
      const expected = spans.filter((s) => spansOverlap(s, { start: a, end: b }));
      expect(ids(index.query(a, b)), `query ${a}-${b}`).toEqual(ids(expected));
      const atExpected = spans.filter((s) => s.start <= a && a < s.end);
      expect(ids(index.at(a)), `at ${a}`).toEqual(ids(atExpected));
    }
  });

  it("never reports duplicates", () => {
    const index = new IntervalIndex<S>([
      { id: "a", start: 0, end: 10 },
      { id: "b", start: 5, end: 6 },
      { id: "c", start: 5, end: 5 },
    ]);
    const r = index.query(4, 8);
    expect(ids(r)).toEqual(["a", "b", "c"]);
    expect(new Set(r).size).toBe(r.length);
  });

  it("handles boundaries half-open", () => {
    const index = new IntervalIndex<S>([
      { id: "a", start: 0, end: 5 },
      { id: "b", start: 5, end: 10 },
    ]);
    expect(ids(index.at(5))).toEqual(["b"]);
    expect(ids(index.at(4))).toEqual(["a"]);
    expect(ids(index.query(5, 6))).toEqual(["b"]);
    expect(ids(index.query(4, 5))).toEqual(["a"]);
    expect(ids(index.query(5, 5))).toEqual([]); // collapsed at the touching point
    expect(ids(index.query(3, 3))).toEqual(["a"]);
    expect(index.query(7, 2)).toEqual([]);
    expect(index.at(10)).toEqual([]);
  });

  it("supports insert, replace and remove", () => {
    const index = new IntervalIndex<S>();
    expect(index.query(0, 100)).toEqual([]);
    index.insert({ id: "a", start: 0, end: 10 });
    index.insert({ id: "b", start: 20, end: 30 });
    expect(ids(index.query(5, 25))).toEqual(["a", "b"]);
    index.insert({ id: "a", start: 40, end: 50 }); // replace
    expect(ids(index.query(5, 25))).toEqual(["b"]);
    expect(index.get("a")?.start).toBe(40);
    expect(index.remove("b")).toBe(true);
    expect(index.remove("b")).toBe(false);
    expect(index.has("b")).toBe(false);
    expect(ids(index.query(0, 100))).toEqual(["a"]);
    expect(index.size).toBe(1);
  });

  it("stays correct under random inserts and removes", () => {
    const next = rng(11);
    const live = new Map<string, S>();
    const index = new IntervalIndex<S>();
    for (let step = 0; step < 600; step++) {
      if (live.size > 0 && next() < 0.4) {
        const keys = [...live.keys()];
        const k = keys[Math.floor(next() * keys.length)] as string;
        live.delete(k);
        index.remove(k);
      } else {
        const s = randomSpans(next, 1, 2000)[0] as S;
        const span = { ...s, id: `x${step}` };
        live.set(span.id, span);
        index.insert(span);
      }
      if (step % 10 === 0) {
        const a = Math.floor(next() * 2000);
        const b = a + Math.floor(next() * 200);
        expect(ids(index.query(a, b))).toEqual(ids([...live.values()].filter((s) => spansOverlap(s, { start: a, end: b }))));
      }
    }
  });

  it("lists all spans in sorted order", () => {
    const index = new IntervalIndex<S>([
      { id: "c", start: 5, end: 6 },
      { id: "a", start: 0, end: 3 },
      { id: "b", start: 0, end: 9 },
    ]);
    expect(index.all().map((s) => s.id)).toEqual(["b", "a", "c"]);
  });

  it("supports numeric ids", () => {
    const index = new IntervalIndex([{ id: 1, start: 0, end: 4 }, { id: 2, start: 2, end: 8 }]);
    expect(index.at(3).map((s) => s.id).sort()).toEqual([1, 2]);
    expect(index.remove(1)).toBe(true);
  });

  it("answers 5,000 range queries over 5,000 spans on a 300k document like a linear scan", () => {
    const next = rng(3);
    const spans = randomSpans(next, 5000, 300_000);
    const index = createIntervalIndex(spans);
    let found = 0;
    for (let i = 0; i < 5000; i++) {
      const a = Math.floor(next() * 300_000);
      const got = index.query(a, a + 2000).length;
      if (i % 250 === 0) expect(got).toBe(spans.filter((s) => s.start < a + 2000 && s.end > a && s.end > s.start).length);
      found += got;
    }
    expect(found).toBeGreaterThan(0);
    expect(index.at(150_000).length).toBe(spans.filter((s) => s.start <= 150_000 && s.end > 150_000).length);
  });
});

describe("computeStacking", () => {
  it("puts disjoint and touching spans on lane 0", () => {
    const lanes = computeStacking([
      { id: "a", start: 0, end: 5 },
      { id: "b", start: 5, end: 9 },
      { id: "c", start: 20, end: 30 },
    ]);
    expect([...lanes.entries()].sort()).toEqual([
      ["a", 0],
      ["b", 0],
      ["c", 0],
    ]);
  });

  it("stacks nested spans, longer (outer) first", () => {
    const lanes = computeStacking([
      { id: "inner", start: 2, end: 4 },
      { id: "outer", start: 0, end: 10 },
      { id: "same-start-short", start: 0, end: 3 },
    ]);
    expect(lanes.get("outer")).toBe(0);
    expect(lanes.get("same-start-short")).toBe(1);
    expect(lanes.get("inner")).toBe(2);
  });

  it("reuses the lowest free lane", () => {
    const lanes = computeStacking([
      { id: "a", start: 0, end: 10 },
      { id: "b", start: 1, end: 3 },
      { id: "c", start: 2, end: 8 },
      { id: "d", start: 4, end: 6 }, // b ended: lane 1 free again
    ]);
    expect(Object.fromEntries(lanes)).toEqual({ a: 0, b: 1, c: 2, d: 1 });
  });

  it("gives empty spans lane 0 without blocking anything", () => {
    const lanes = computeStacking([
      { id: "a", start: 0, end: 10 },
      { id: "e", start: 3, end: 3 },
      { id: "b", start: 4, end: 5 },
    ]);
    expect(Object.fromEntries(lanes)).toEqual({ a: 0, e: 0, b: 1 });
  });

  it("never gives overlapping spans the same lane, uses the lowest lane, and is optimal (random)", () => {
    const next = rng(5);
    const spans = randomSpans(next, 800, 5000);
    const lanes = computeStacking(spans);
    let maxDepth = 0;
    for (let p = 0; p <= 5001; p++) maxDepth = Math.max(maxDepth, spans.filter((s) => s.start <= p && p < s.end).length);
    const used = Math.max(...lanes.values()) + 1;
    expect(used).toBe(maxDepth);
    const order = [...spans].sort((a, b) => a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : 1));
    for (let i = 0; i < order.length; i++) {
      const s = order[i] as S;
      const lane = lanes.get(s.id) as number;
      const earlierOverlapping = order.slice(0, i).filter((o) => spansOverlap(o, s));
      const taken = new Set(earlierOverlapping.map((o) => lanes.get(o.id)));
      expect(taken.has(lane)).toBe(false);
      for (let l = 0; l < lane; l++) expect(taken.has(l)).toBe(true);
    }
  });

  it("gives every one of 5,000 spans a lane", () => {
    const spans = randomSpans(rng(9), 5000, 300_000);
    expect(computeStacking(spans).size).toBe(5000);
  });
});

describe("stackSorted", () => {
  it("assigns the same lanes as computeStacking to spans already in order (random)", () => {
    const spans = randomSpans(rng(11), 1500, 8000);
    const order = [...spans].sort((a, b) => a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : 1));
    const lanes = new Map<string, number>();
    stackSorted(order, (s, lane) => lanes.set(s.id, lane));
    expect(lanes).toEqual(computeStacking(spans));
  });

  it("reuses a lane once its span has ended, and puts empty spans in lane 0", () => {
    const got: [string, number][] = [];
    stackSorted(
      [
        { id: "a", start: 0, end: 10 },
        { id: "b", start: 2, end: 4 },
        { id: "c", start: 3, end: 3 },
        { id: "d", start: 4, end: 8 },
        { id: "e", start: 10, end: 12 },
      ],
      (s, lane) => got.push([s.id, lane]),
    );
    expect(got).toEqual([
      ["a", 0],
      ["b", 1],
      ["c", 0],
      ["d", 1],
      ["e", 0],
    ]);
  });
});
