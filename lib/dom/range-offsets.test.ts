// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from "vitest";
import { createOffsetIndex, sliceByCodePoints, type OffsetIndex } from "../annotation/offsets";
import {
  createDomOffsetMapper,
  offsetsToRange,
  pointToOffset,
  rangeToOffsets,
  selectionToOffsets,
  type RangeLike,
} from "./range-offsets";

const FAMILY = "👩‍👩‍👧‍👦";
const FLAG = "🇺🇦";

/**
 * Paragraph specs: `parts` are concatenated to the paragraph text; a part that is an object is
 * rendered as an element (mark/strong) wrapping that text, a `widget` is an ignored element.
 */
type Part = string | { mark: string } | { widget: string };
const PARAGRAPHS: Part[][] = [
  ["Hello ", FAMILY, " ", { mark: "wor" }, "ld 👍🏽!"],
  ["中文", { widget: "[⚙ settings]" }, " cafe\u0301 ", { mark: FLAG }, " ok"],
  [],
  ["𝐌𝐚𝐭𝐡 ", { mark: "שלום" }, " ", { mark: "مرحبا" }, { widget: "✎" }],
  ["e\u0301e\u0301 ", { mark: "x" }, { mark: "y" }, "z 😀"],
];

const partText = (p: Part): string => (typeof p === "string" ? p : "mark" in p ? p.mark : "");
const paraTexts = PARAGRAPHS.map((ps) => ps.map(partText).join(""));
const TEXT = paraTexts.join("\n");

let root: HTMLElement;
let index: OffsetIndex;
let paras: HTMLElement[];

function build(doc: Document, withSeparators = true): HTMLElement {
  const article = doc.createElement("article");
  article.id = "root";
  let cp = 0;
  paras = [];
  PARAGRAPHS.forEach((parts, i) => {
    if (i > 0) {
      if (withSeparators) article.appendChild(doc.createTextNode("\n"));
      cp += 1;
    }
    const p = doc.createElement("p");
    p.setAttribute("data-start", String(cp));
    for (const part of parts) {
      if (typeof part === "string") {
        // Split plain text into two nodes to exercise node junctions.
        const half = Math.floor(part.length / 2);
        const safe = /[\uDC00-\uDFFF]/.test(part[half] ?? "") ? half + 1 : half;
        p.appendChild(doc.createTextNode(part.slice(0, safe)));
        p.appendChild(doc.createTextNode(part.slice(safe)));
      } else if ("mark" in part) {
        const m = doc.createElement("mark");
        m.textContent = part.mark;
        p.appendChild(m);
      } else {
        const w = doc.createElement("span");
        w.setAttribute("data-offset-ignore", "");
        w.innerHTML = `<b>${part.widget}</b><i>!</i>`;
        p.appendChild(w);
      }
    }
    cp += [...(paraTexts[i] ?? "")].length;
    paras.push(p);
    article.appendChild(p);
  });
  return article;
}

/** Text of a range with ignored subtrees removed: what the user "selected" as document text. */
function selectedText(range: Range): string {
  const frag = range.cloneContents();
  for (const el of Array.from(frag.querySelectorAll("[data-offset-ignore]"))) el.remove();
  return frag.textContent ?? "";
}

/** Every boundary point inside root (text offsets and element child indices). */
function allPoints(el: Node): { node: Node; offset: number }[] {
  const out: { node: Node; offset: number }[] = [];
  const visit = (n: Node): void => {
    if (n.nodeType === 3) {
      const len = (n as Text).data.length;
      for (let i = 0; i <= len; i++) out.push({ node: n, offset: i });
      return;
    }
    for (let i = 0; i <= n.childNodes.length; i++) {
      out.push({ node: n, offset: i });
      const c = n.childNodes[i];
      if (c) visit(c);
    }
  };
  visit(el);
  return out;
}

/** Oracle: code points of counted text before the point, by a full walk of the root. */
function oracle(rootEl: HTMLElement, node: Node, offset: number, rounding: "floor" | "ceil" = "floor"): number {
  const range = document.createRange();
  range.setStart(rootEl, 0);
  // Points inside ignored subtrees collapse to before the subtree.
  let target: { node: Node; offset: number } = { node, offset };
  for (let n: Node | null = node; n && n !== rootEl; n = n.parentNode) {
    if (n.nodeType === 1 && (n as Element).hasAttribute("data-offset-ignore") && n.parentNode) {
      target = { node: n.parentNode, offset: Array.from(n.parentNode.childNodes).indexOf(n as ChildNode) };
    }
  }
  range.setEnd(target.node, target.offset);
  const units = selectedText(range);
  const cps = [...units];
  if (rounding === "floor" && /[\uD800-\uDBFF]$/.test(units)) return cps.length - 1;
  return cps.length;
}

beforeEach(() => {
  document.body.innerHTML = "<header>Site header</header>";
  root = build(document);
  document.body.appendChild(root);
  const footer = document.createElement("footer");
  footer.textContent = "Footer";
  document.body.appendChild(footer);
  index = createOffsetIndex(TEXT);
});

describe("test fixture", () => {
  it("renders exactly the document text (minus widgets)", () => {
    const r = document.createRange();
    r.selectNodeContents(root);
    expect(selectedText(r)).toBe(TEXT);
    expect(index.hasAstral).toBe(true);
  });
});

describe("pointToOffset", () => {
  it("matches a whole-document walk for every boundary point (with and without index)", () => {
    for (const { node, offset } of allPoints(root)) {
      const expected = oracle(root, node, offset);
      expect(pointToOffset(root, node, offset, { index }), `${node.nodeName} ${offset}`).toBe(expected);
      expect(pointToOffset(root, node, offset), `${node.nodeName} ${offset} (no index)`).toBe(expected);
    }
  });

  it("returns null for points outside the root", () => {
    const header = document.querySelector("header") as HTMLElement;
    expect(pointToOffset(root, header.firstChild as Node, 2)).toBeNull();
    expect(pointToOffset(root, document.body, 0)).toBeNull();
  });

  it("maps container boundaries to 0 and the document length", () => {
    expect(pointToOffset(root, root, 0, { index })).toBe(0);
    expect(pointToOffset(root, root, root.childNodes.length, { index })).toBe(index.codePointLength);
  });

  it("maps a paragraph start to its data-start", () => {
    paras.forEach((p) => {
      expect(pointToOffset(root, p, 0, { index })).toBe(Number(p.getAttribute("data-start")));
    });
  });

  it("rounds positions inside a surrogate pair down or up", () => {
    const p = paras[4] as HTMLElement;
    const last = p.lastChild as Text; // "z 😀"
    const inside = last.data.indexOf("😀") + 1;
    const floor = pointToOffset(root, last, inside, { index });
    const ceil = pointToOffset(root, last, inside, { index, rounding: "ceil" });
    expect(ceil).toBe((floor ?? 0) + 1);
    expect(pointToOffset(root, last, inside)).toBe(floor);
    expect(pointToOffset(root, last, inside, { rounding: "ceil" })).toBe(ceil);
    expect(sliceByCodePoints(TEXT, floor ?? 0, ceil ?? 0)).toBe("😀");
  });

  it("maps points inside an ignored widget to the widget position", () => {
    const widget = root.querySelector("[data-offset-ignore] b") as HTMLElement;
    const offset = pointToOffset(root, widget.firstChild as Node, 3, { index });
    expect(sliceByCodePoints(TEXT, 0, offset ?? 0).endsWith("中文")).toBe(true);
  });

  it("works without separators in the DOM and without paragraphs", () => {
    const noSep = build(document, false);
    document.body.appendChild(noSep);
    const p3 = noSep.querySelectorAll("p")[3] as HTMLElement;
    expect(pointToOffset(noSep, p3, 0, { index })).toBe(Number(p3.getAttribute("data-start")));

    const plain = document.createElement("div");
    plain.innerHTML = `<span>a${FAMILY}</span>b<em>${FLAG}c</em>`;
    document.body.appendChild(plain);
    const idx = createOffsetIndex(`a${FAMILY}b${FLAG}c`);
    const em = plain.querySelector("em") as HTMLElement;
    expect(pointToOffset(plain, em.firstChild as Node, 4, { index: idx })).toBe(11);
    expect(pointToOffset(plain, em, 0)).toBe(9);
  });
});

describe("offsetsToRange", () => {
  it("selects exactly the code-point slice for every grapheme-aligned range", () => {
    const bounds = [0];
    let cp = 0;
    for (const { segment } of new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(TEXT)) {
      cp += [...segment].length;
      bounds.push(cp);
    }
    for (let i = 0; i < bounds.length; i++) {
      for (let j = i; j < bounds.length; j += 3) {
        const s = bounds[i] as number;
        const e = bounds[j] as number;
        const range = offsetsToRange(root, s, e, index);
        expect(selectedText(range), `${s}-${e}`).toBe(sliceByCodePoints(TEXT, s, e));
        expect(rangeToOffsets(root, range, index), `${s}-${e} round trip`).toEqual({ start: s, end: e });
      }
    }
  });

  it("starts ranges in the later node and ends them in the earlier one at junctions", () => {
    const markStart = [...TEXT.slice(0, TEXT.indexOf("wor"))].length;
    const r = offsetsToRange(root, markStart, markStart + 3, index);
    expect(r.startContainer.parentNode?.nodeName).toBe("MARK");
    expect(r.endContainer.parentNode?.nodeName).toBe("MARK");
    expect(r.toString()).toBe("wor");
  });

  it("handles empty paragraphs and collapsed ranges", () => {
    const emptyStart = Number((paras[2] as HTMLElement).getAttribute("data-start"));
    const r = offsetsToRange(root, emptyStart, emptyStart, index);
    expect(r.collapsed).toBe(true);
    expect(rangeToOffsets(root, r, index)).toEqual({ start: emptyStart, end: emptyStart });
  });

  it("throws on invalid offsets", () => {
    expect(() => offsetsToRange(root, 3, 2, index)).toThrow(RangeError);
    expect(() => offsetsToRange(root, 0, index.codePointLength + 1, index)).toThrow(RangeError);
    expect(() => offsetsToRange(root, -1, 2, index)).toThrow(RangeError);
  });

  it("works when separators are not in the DOM", () => {
    const noSep = build(document, false);
    document.body.appendChild(noSep);
    const p1Start = Number(noSep.querySelectorAll("p")[1]?.getAttribute("data-start"));
    const r = offsetsToRange(noSep, p1Start, p1Start + 2, index);
    expect(r.toString()).toBe("中文");
  });
});

describe("rangeToOffsets", () => {
  it("handles a triple-click selection ending at the start of the next paragraph", () => {
    const r = document.createRange();
    r.setStart(paras[0] as HTMLElement, 0);
    r.setEnd(paras[1] as HTMLElement, 0);
    const off = rangeToOffsets(root, r, index);
    expect(off).toEqual({ start: 0, end: [...(paraTexts[0] ?? "")].length + 1 });
    expect(sliceByCodePoints(TEXT, off?.start ?? 0, off?.end ?? 0)).toBe(`${paraTexts[0]}\n`);
  });

  it("handles element endpoints at container boundaries", () => {
    const r = document.createRange();
    r.setStart(root, 0);
    r.setEnd(root, root.childNodes.length);
    expect(rangeToOffsets(root, r, index)).toEqual({ start: 0, end: index.codePointLength });
    const mark = root.querySelector("mark") as HTMLElement;
    r.setStart(mark, 0);
    r.setEnd(mark, 1);
    const off = rangeToOffsets(root, r, index);
    expect(sliceByCodePoints(TEXT, off?.start ?? 0, off?.end ?? 0)).toBe("wor");
  });

  it("reorders a backward range-like object", () => {
    const t = (paras[3] as HTMLElement).firstChild as Text; // starts with "𝐌𝐚"
    const backward: RangeLike = { startContainer: t, startOffset: 4, endContainer: t, endOffset: 0 };
    const start = Number((paras[3] as HTMLElement).getAttribute("data-start"));
    expect(rangeToOffsets(root, backward, index)).toEqual({ start, end: start + 2 });
  });

  it("widens endpoints that split a surrogate pair, but keeps collapsed ranges collapsed", () => {
    const t = (paras[3] as HTMLElement).firstChild as Text;
    const start = Number((paras[3] as HTMLElement).getAttribute("data-start"));
    const r: RangeLike = { startContainer: t, startOffset: 1, endContainer: t, endOffset: 3 };
    expect(rangeToOffsets(root, r, index)).toEqual({ start, end: start + 2 });
    const c: RangeLike = { startContainer: t, startOffset: 1, endContainer: t, endOffset: 1 };
    expect(rangeToOffsets(root, c, index)).toEqual({ start, end: start });
  });

  it("returns null outside the root and clamps partially outside ranges", () => {
    const header = document.querySelector("header") as HTMLElement;
    const footer = document.querySelector("footer") as HTMLElement;
    const r = document.createRange();
    r.setStart(header.firstChild as Node, 0);
    r.setEnd(header.firstChild as Node, 4);
    expect(rangeToOffsets(root, r, index)).toBeNull();
    r.setStart(footer.firstChild as Node, 0);
    r.setEnd(footer.firstChild as Node, 3);
    expect(rangeToOffsets(root, r, index)).toBeNull();
    const midText = (paras[1] as HTMLElement).firstChild as Text;
    r.setStart(header.firstChild as Node, 2);
    r.setEnd(midText, 1);
    expect(rangeToOffsets(root, r, index)).toEqual({ start: 0, end: oracle(root, midText, 1) });
    r.setStart(midText, 0);
    r.setEnd(footer.firstChild as Node, 2);
    expect(rangeToOffsets(root, r, index)).toEqual({ start: oracle(root, midText, 0), end: index.codePointLength });
    r.setStart(header.firstChild as Node, 0);
    r.setEnd(footer.firstChild as Node, 2);
    expect(rangeToOffsets(root, r, index)).toEqual({ start: 0, end: index.codePointLength });
  });

  it("asserts the slice equals the selected text for ranges between arbitrary text points", () => {
    const texts = allPoints(root).filter((p) => p.node.nodeType === 3 && !(p.node.parentElement?.closest("[data-offset-ignore]")));
    for (let i = 0; i < texts.length; i += 5) {
      for (let j = i; j < texts.length; j += 7) {
        const a = texts[i] as { node: Node; offset: number };
        const b = texts[j] as { node: Node; offset: number };
        const r = document.createRange();
        r.setStart(a.node, a.offset);
        r.setEnd(b.node, b.offset);
        const off = rangeToOffsets(root, r, index);
        const sel = selectedText(r);
        if (/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(sel)) continue; // split pair: widened, checked elsewhere
        expect(sliceByCodePoints(TEXT, off?.start ?? 0, off?.end ?? 0)).toBe(sel);
      }
    }
  });
});

describe("selectionToOffsets", () => {
  it("reports forward and backward selections", () => {
    const sel = document.getSelection() as Selection;
    const t = (paras[0] as HTMLElement).firstChild as Text; // "Hel"
    sel.setBaseAndExtent(t, 0, t, 3);
    expect(selectionToOffsets(root, sel, index)).toEqual({ start: 0, end: 3, backward: false });
    sel.setBaseAndExtent(t, 3, t, 1);
    expect(selectionToOffsets(root, sel, index)).toEqual({ start: 1, end: 3, backward: true });
    sel.removeAllRanges();
    expect(selectionToOffsets(root, sel, index)).toBeNull();
  });
});

describe("createDomOffsetMapper", () => {
  it("converts like the standalone functions", () => {
    const mapper = createDomOffsetMapper(root, index);
    const s = [...TEXT.slice(0, TEXT.indexOf("cafe"))].length;
    const r = mapper.offsetsToRange(s, s + 5);
    expect(selectedText(r)).toBe("cafe\u0301");
    expect(mapper.rangeToOffsets(r)).toEqual({ start: s, end: s + 5 });
    expect(mapper.pointToOffset(root, 0)).toBe(0);
  });

  it("recovers when paragraphs are re-rendered", () => {
    const mapper = createDomOffsetMapper(root, index);
    const p1Start = Number((paras[1] as HTMLElement).getAttribute("data-start"));
    expect(mapper.offsetsToRange(p1Start, p1Start + 2).toString()).toBe("中文");
    // Replace the whole article content with a fresh rendering (new paragraph elements).
    const rebuilt = build(document);
    root.replaceChildren(...Array.from(rebuilt.childNodes));
    const r = mapper.offsetsToRange(p1Start, p1Start + 2);
    expect(root.contains(r.startContainer)).toBe(true);
    expect(r.toString()).toBe("中文");
  });

  it("maps 5,000 spans over a 300k-character article there and back exactly", () => {
    const paraText = `The minister ${FAMILY} said ${FLAG} that cafe\u0301 中文 prices 𝐌𝐚𝐭𝐡 rose 👍🏽 again and again. `.repeat(2);
    const count = 1500;
    const text = Array.from({ length: count }, () => paraText).join("\n");
    const idx = createOffsetIndex(text);
    expect(idx.utf16Length).toBeGreaterThan(250_000);
    const article = document.createElement("article");
    const paraLen = [...paraText].length;
    for (let i = 0; i < count; i++) {
      if (i > 0) article.appendChild(document.createTextNode("\n"));
      const p = document.createElement("p");
      p.setAttribute("data-start", String(i * (paraLen + 1)));
      p.textContent = paraText;
      article.appendChild(p);
    }
    document.body.appendChild(article);
    const mapper = createDomOffsetMapper(article, idx);
    for (let i = 0; i < 5000; i++) {
      const p = (i * 7919) % count;
      const s = p * (paraLen + 1) + 13; // the family emoji
      // Points, not Ranges: happy-dom's Range construction is itself slow (~ms), unlike browsers'.
      const pts = mapper.offsetsToPoints(s, s + 7);
      const r: RangeLike = {
        startContainer: pts.start.node,
        startOffset: pts.start.offset,
        endContainer: pts.end.node,
        endOffset: pts.end.offset,
      };
      expect(mapper.rangeToOffsets(r)).toEqual({ start: s, end: s + 7 });
    }
    expect(mapper.offsetsToRange(13, 20).toString()).toBe(FAMILY);
  });
});
