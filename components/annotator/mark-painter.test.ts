// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { createOffsetIndex } from "@/lib/annotation/offsets";
import { splitParagraphs } from "@/lib/annotation/paragraphs";
import { createDomOffsetMapper } from "@/lib/dom/range-offsets";
import { createPainter, labelMarkCss, labelTags, mergeLineBoxes, type Box, type Measure, type PaintSpan } from "./mark-painter";

/** An article rendered as the editor renders it: one <p data-start> per line, one text node each. */
function article(text: string): HTMLElement {
  const root = document.createElement("div");
  for (const p of splitParagraphs(text)) {
    const el = document.createElement("p");
    el.dataset.start = String(p.start);
    if (p.text) el.textContent = p.text;
    root.appendChild(el);
  }
  document.body.appendChild(root);
  return root;
}

/** A fake layout: every code point is 10 px wide, one line per paragraph; records what was measured. */
function fakeMeasure(log: [number, number][]): Measure {
  return (_para, _paraStart, start, end): Box[] => {
    log.push([start, end]);
    return [{ left: start * 10, top: 0, width: (end - start) * 10, height: 20 }];
  };
}

function marksOf(root: HTMLElement, id: string): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(`.sl-marks [data-span="${id}"]`));
}

const LABELS = [
  { id: "claim", color: "#d97706" },
  { id: "quote", color: "#2563eb" },
];
const TEXT = "Harbour board said the ferry will run.\nShe said 🚢 it would.\nLast line here.";

afterEach(() => {
  document.body.innerHTML = "";
});

describe("mark painter", () => {
  it("draws one mark per span line inside the span's paragraph, behind the text, with label and lane classes", () => {
    const root = article(TEXT);
    const log: [number, number][] = [];
    const painter = createPainter(createDomOffsetMapper(root, createOffsetIndex(TEXT)), { measure: fakeMeasure(log), paint: "all" });
    painter.setLabels(LABELS);
    painter.sync([
      { id: "a", start: 0, end: 13, labelId: "quote" },
      { id: "b", start: 8, end: 13, labelId: "claim" },
    ]);
    const [a] = marksOf(root, "a");
    const [b] = marksOf(root, "b");
    expect(a?.className).toBe("sl-m sl-m-l1 sl-lane-0");
    expect(b?.className).toBe("sl-m sl-m-l0 sl-lane-1"); // nested in "a": the next lane
    expect(a?.style.left).toBe("0px");
    expect(a?.style.width).toBe("130px");
    // The marks layer is the paragraph's last child: its text node stays first and whole.
    const p = root.children[0] as HTMLElement;
    expect(p.firstChild?.nodeType).toBe(3);
    expect(p.lastElementChild?.className).toBe("sl-marks");
    expect(p.lastElementChild?.getAttribute("aria-hidden")).toBe("true");
    expect(p.lastElementChild?.hasAttribute("data-offset-ignore")).toBe(true);
    expect(p.textContent?.startsWith("Harbour board")).toBe(true);
    expect(painter.stats()).toEqual({ spans: 2, teammates: 0, paragraphs: 1 }); // paragraphs without spans are never built
  });

  it("measures only what changed: the same spans again cost nothing, a new one is measured alone", () => {
    const root = article(TEXT);
    const log: [number, number][] = [];
    const painter = createPainter(createDomOffsetMapper(root, createOffsetIndex(TEXT)), { measure: fakeMeasure(log), paint: "all" });
    painter.setLabels(LABELS);
    const spans: PaintSpan[] = [
      { id: "a", start: 0, end: 7, labelId: "claim" },
      { id: "b", start: 39, end: 42, labelId: "quote" },
    ];
    painter.sync(spans);
    const before = marksOf(root, "a")[0];
    log.length = 0;
    painter.sync(spans);
    expect(log).toEqual([]);
    painter.sync([...spans, { id: "c", start: 60, end: 64, labelId: "claim" }]);
    expect(log).toEqual([[60, 64]]);
    expect(marksOf(root, "a")[0]).toBe(before); // untouched element
  });

  it("moves, relabels and removes a span's marks; restacks the spans it overlapped", () => {
    const root = article(TEXT);
    const log: [number, number][] = [];
    const painter = createPainter(createDomOffsetMapper(root, createOffsetIndex(TEXT)), { measure: fakeMeasure(log), paint: "all" });
    painter.setLabels(LABELS);
    const outer = { id: "outer", start: 0, end: 18, labelId: "quote" };
    const inner = { id: "inner", start: 8, end: 13, labelId: "claim" };
    painter.sync([outer, inner]);
    expect(marksOf(root, "inner")[0]?.className).toContain("sl-lane-1");

    // Moving the outer span away: the inner one drops to lane 0.
    painter.sync([{ ...outer, start: 19, end: 22 }, inner]);
    expect(marksOf(root, "outer")[0]?.style.left).toBe("190px");
    expect(marksOf(root, "inner")[0]?.className).toBe("sl-m sl-m-l0 sl-lane-0");

    painter.sync([{ ...outer, start: 19, end: 22, labelId: "claim" }, inner]);
    expect(marksOf(root, "outer")[0]?.className).toContain("sl-m-l0");

    painter.sync([inner]);
    expect(marksOf(root, "outer")).toEqual([]);
    expect(painter.stats().spans).toBe(1);
  });

  it("follows one span at a time (put, remove) like a full sync, and a later full sync agrees", async () => {
    const root = article(TEXT);
    const log: [number, number][] = [];
    const painter = createPainter(createDomOffsetMapper(root, createOffsetIndex(TEXT)), { measure: fakeMeasure(log), paint: "all" });
    painter.setLabels(LABELS);
    const outer = { id: "outer", start: 0, end: 18, labelId: "quote" };
    painter.sync([outer]);
    log.length = 0;
    const inner = { id: "inner", start: 8, end: 13, labelId: "claim" };
    painter.put(inner);
    expect(log).toEqual([[8, 13]]);
    expect(marksOf(root, "inner")[0]?.className).toBe("sl-m sl-m-l0 sl-lane-1");
    painter.put({ ...inner, labelId: "quote" });
    expect(marksOf(root, "inner")[0]?.className).toBe("sl-m sl-m-l1 sl-lane-1");
    painter.remove("outer");
    expect(marksOf(root, "outer")).toEqual([]);
    expect(marksOf(root, "inner")[0]?.className).toBe("sl-m sl-m-l1 sl-lane-0");
    log.length = 0;
    const current = { ...inner, labelId: "quote" };
    painter.put(current);
    painter.sync([current]);
    expect(log).toEqual([]); // nothing left to measure: the painter already shows exactly this
    expect(painter.stats().spans).toBe(1);
  });

  it("splits a span over two paragraphs at the line break, and gives labels of other projects a neutral class", () => {
    const root = article(TEXT);
    const log: [number, number][] = [];
    const painter = createPainter(createDomOffsetMapper(root, createOffsetIndex(TEXT)), { measure: fakeMeasure(log), paint: "all" });
    painter.setLabels(LABELS);
    painter.sync([{ id: "x", start: 30, end: 48, labelId: "gone" }]);
    expect(log).toEqual([
      [30, 38],
      [39, 48],
    ]);
    const marks = marksOf(root, "x");
    expect(marks.map((m) => m.closest("p")?.dataset.start)).toEqual(["0", "39"]);
    expect(marks[0]?.className).toContain("sl-m-lx");
  });

  it("paints the selected span's ring, the selection, and teammates' spans, and takes them away again", () => {
    const root = article(TEXT);
    const painter = createPainter(createDomOffsetMapper(root, createOffsetIndex(TEXT)), { measure: fakeMeasure([]), paint: "all" });
    painter.setLabels(LABELS);
    painter.sync([{ id: "a", start: 0, end: 7, labelId: "claim" }]);
    painter.setSelected("a");
    painter.setSelection({ start: 14, end: 18 });
    painter.setTeammates([
      { start: 0, end: 7 },
      { start: 39, end: 42 },
    ]);
    expect(root.querySelectorAll(".sl-m-selected")).toHaveLength(1);
    expect(root.querySelectorAll(".sl-m-selection")).toHaveLength(1);
    expect(root.querySelectorAll(".sl-m-team")).toHaveLength(2);
    expect(painter.stats().teammates).toBe(2);
    painter.setSelected(null);
    painter.setSelection(null);
    painter.setTeammates([]);
    expect(root.querySelectorAll(".sl-m-selected, .sl-m-selection, .sl-m-team")).toHaveLength(0);
    // Deleting the selected span takes its ring with it.
    painter.setSelected("a");
    painter.sync([]);
    expect(root.querySelectorAll(".sl-m-selected")).toHaveLength(0);
  });

  it("builds a paragraph's marks only when it comes near the viewport, and re-measures on a new layout", () => {
    const root = article(TEXT);
    // Only the first paragraph is on screen; the others are far below.
    Array.from(root.children).forEach((p, i) => {
      if (i > 0) (p as HTMLElement).getBoundingClientRect = () => ({ top: 100_000, bottom: 100_100, left: 0, right: 0, width: 0, height: 100, x: 0, y: 0, toJSON: () => ({}) });
    });
    const view = window as unknown as Record<string, unknown>;
    view.ContentVisibilityAutoStateChangeEvent = class {};
    const log: [number, number][] = [];
    const painter = createPainter(createDomOffsetMapper(root, createOffsetIndex(TEXT)), { measure: fakeMeasure(log) });
    painter.setLabels(LABELS);
    painter.sync([
      { id: "a", start: 0, end: 7, labelId: "claim" },
      { id: "b", start: 39, end: 42, labelId: "quote" },
    ]);
    expect(marksOf(root, "a")).toHaveLength(1);
    expect(marksOf(root, "b")).toHaveLength(0);

    // The browser starts laying out the second paragraph: its marks are built then.
    const second = root.children[1] as HTMLElement;
    second.dispatchEvent(Object.assign(new Event("contentvisibilityautostatechange", { bubbles: false }), { skipped: false }));
    expect(marksOf(root, "b")).toHaveLength(1);

    log.length = 0;
    painter.relayout(true);
    expect(log.sort((x, y) => x[0] - y[0])).toEqual([
      [0, 7],
      [39, 42],
    ]);
    delete view.ContentVisibilityAutoStateChangeEvent;
    painter.destroy();
    expect(root.querySelectorAll(".sl-marks")).toHaveLength(0);
  });

  it("draws one box per line: pieces of a line (a hanging space) are joined, other lines are not", () => {
    const line1 = { left: 10, top: 0, width: 100, height: 20 };
    const space = { left: 110, top: 0, width: 4, height: 20 };
    const line2 = { left: 0, top: 38, width: 60, height: 20 };
    expect(mergeLineBoxes([line1, space, line2])).toEqual([{ left: 10, top: 0, width: 104, height: 20 }, line2]);
    expect(mergeLineBoxes([line1, { ...space, left: 140 }])).toHaveLength(2); // a gap: two boxes
  });

  it("marks the first box of each of my spans as its head (where its label's tag goes), and only that one", () => {
    const root = article(TEXT);
    // Two lines for a span crossing into the second paragraph; two boxes for one on a wrapped line.
    const measure: Measure = (_p, _ps, start, end) =>
      end - start > 4 ? [{ left: start * 10, top: 0, width: 40, height: 20 }, { left: 0, top: 38, width: (end - start - 4) * 10, height: 20 }] : [{ left: start * 10, top: 0, width: (end - start) * 10, height: 20 }];
    const painter = createPainter(createDomOffsetMapper(root, createOffsetIndex(TEXT)), { measure, paint: "all" });
    painter.setLabels(LABELS);
    painter.sync([
      { id: "long", start: 30, end: 45, labelId: "claim" },
      { id: "short", start: 0, end: 3, labelId: "quote" },
    ]);
    const heads = (id: string) => marksOf(root, id).map((m) => m.hasAttribute("data-head"));
    expect(heads("long")).toEqual([true, false, false, false]); // 2 boxes in each of its two paragraphs
    expect(heads("short")).toEqual([true]);
    // Teammates' spans (dotted, unlabelled) carry no tag, nor do the selected span's ring and the selection.
    painter.setTeammates([{ start: 0, end: 3 }]);
    painter.setSelected("short");
    painter.setSelection({ start: 14, end: 18 });
    expect(Array.from(root.querySelectorAll(".sl-m-team, .sl-m-selected, .sl-m-selection")).map((m) => m.hasAttribute("data-head"))).toEqual([false, false, false]);
  });

  it("tags labels by the fewest first letters that tell them apart", () => {
    expect(labelTags(["Claim", "Quote", "Entity"])).toEqual(["C", "Q", "E"]);
    expect(labelTags(["Claim", "Company", "quote"])).toEqual(["Cl", "Co", "Q"]);
    expect(labelTags(["Person", "Person name", ""])).toEqual(["P1", "P2", "3"]);
    expect(labelTags(["👩‍👩‍👧 Family", "數學", "éclat"])).toEqual(["👩‍👩‍👧", "數", "É"]);
  });

  it("writes each label's tag as a CSS string nothing can break out of", () => {
    const css = labelMarkCss([
      { id: "x", color: "#abc", name: "Claim" },
      { id: "y", color: "#123456", name: '"}</style><script>' },
    ]);
    expect(css).toBe('.sl-m-l0{--sl-c:#abc;--sl-tag:"C"}\n.sl-m-l1{--sl-c:#123456;--sl-tag:"\\22 "}');
    expect(css).not.toMatch(/<|>/);
  });

  it("writes each label's colour as a CSS rule, refusing anything but hex colours", () => {
    expect(labelMarkCss([{ id: "x", color: "#abc" }, { id: "y", color: "red;}body{display:none" }])).toBe(".sl-m-l0{--sl-c:#abc}\n.sl-m-l1{--sl-c:#6b7280}");
  });
});
