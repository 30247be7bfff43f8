import { describe, expect, it } from "vitest";
import { sliceByCodePoints } from "@/lib/annotation/offsets";
import { expectGolden, formatReport, MISMATCHED_SPAN_ID, runTextExport, VALID_SPANS } from "./__fixtures__/golden";
import { HARBOUR_PROJECT } from "./__fixtures__/harbour-project";
import { createLabelStudioConfig } from "./label-studio";

interface LsResult {
  id?: string;
  type: string;
  from_name?: string;
  from_id?: string;
  to_id?: string;
  value?: { start: number; end: number; text?: string | string[]; labels?: string[]; choices?: string[] };
  labels?: string[];
}

interface LsTask {
  id: string;
  data: { text: string; title: string } & Record<string, unknown>;
  annotations: { spanlab_annotator: string; ground_truth: boolean; result: LsResult[] }[];
}

describe("label-studio", () => {
  it("matches the golden file, report and labelling config", async () => {
    const { output, report } = await runTextExport("label-studio");
    expectGolden("harbour.golden.label-studio.json", output);
    expectGolden("harbour-label-studio.golden.report.json", formatReport(report));
    expectGolden("harbour-label-studio-config.golden.xml", createLabelStudioConfig(HARBOUR_PROJECT));
  });

  it("is one JSON array with one annotation per annotator", async () => {
    const tasks = JSON.parse((await runTextExport("label-studio")).output) as LsTask[];
    expect(tasks.map((t) => t.id)).toEqual(["doc-harbour", "doc-market"]);
    expect(tasks[0]?.annotations.map((a) => a.spanlab_annotator)).toEqual(["alice@example.org", "bob@example.org"]);
    expect(tasks[1]?.annotations.map((a) => [a.spanlab_annotator, a.ground_truth])).toEqual([["gold", true]]);
  });

  it("gives regions whose offsets slice to their text, in code points and in UTF-16", async () => {
    for (const unit of ["codepoint", "utf16"] as const) {
      const tasks = JSON.parse((await runTextExport("label-studio", { offsets: unit })).output) as LsTask[];
      const seen = new Set<string>();
      for (const task of tasks) {
        for (const annotation of task.annotations) {
          for (const result of annotation.result) {
            if (result.type === "relation" || !result.value || !result.id) continue;
            const { start, end } = result.value;
            const slice = unit === "utf16" ? task.data.text.slice(start, end) : sliceByCodePoints(task.data.text, start, end);
            expect(slice, `${result.id} ${result.from_name ?? ""}`).toBe(VALID_SPANS.get(result.id)?.quote);
            if (result.type === "labels") {
              expect(result.value.text).toBe(slice);
              expect(VALID_SPANS.get(result.id)?.annotator).toBe(annotation.spanlab_annotator);
              seen.add(result.id);
            }
          }
        }
      }
      expect(seen).toEqual(new Set(VALID_SPANS.keys()));
    }
  });

  it("writes per-region attributes and notes under the region id", async () => {
    const tasks = JSON.parse((await runTextExport("label-studio")).output) as LsTask[];
    const fares = tasks[0]?.annotations[0]?.result.filter((r) => r.id === "s-fares") ?? [];
    expect(fares.map((r) => [r.from_name, r.type])).toEqual([
      ["label", "labels"],
      ["attr_checkworthy", "choices"],
      ["attr_source_hint", "textarea"],
      ["attr_stance", "choices"],
      ["note", "textarea"],
    ]);
    expect(fares[4]?.value?.text).toEqual(["Check against the 2024 fare table.\nAsk the operator."]);
  });

  it("keeps relations inside one annotator's annotation and reports the others", async () => {
    const { output, report } = await runTextExport("label-studio");
    const tasks = JSON.parse(output) as LsTask[];
    const relations = tasks.flatMap((t) =>
      t.annotations.flatMap((a) => a.result.filter((r) => r.type === "relation").map((r) => `${r.from_id}->${r.to_id}`)),
    );
    expect(relations).toEqual(["s-quote->s-ana", "s-fares->s-joao", "g-quote->g-owner"]);
    expect(report.relationsDropped.map((r) => r.relationId)).toEqual(["r-bug-ana", "r-critics-ana"]);
    expect(output).not.toContain(MISMATCHED_SPAN_ID);
  });

  it("streams a valid empty array when there are no documents", async () => {
    const { output } = await runTextExport("label-studio", {}, []);
    expect(JSON.parse(output)).toEqual([]);
  });
});
