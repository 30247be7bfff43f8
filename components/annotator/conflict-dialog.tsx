"use client";
import dynamic from "next/dynamic";
import type { AnnotationWriter } from "@/lib/api-client/annotations";
import type { AnnotationDto } from "@/lib/server/annotation-dto";
import type { LabelDto } from "@/lib/server/dto";
import { useOutboxSnapshot } from "./save-status";

// The dialog itself (and Radix's) loads only when a conflict happens (or ahead, when idle).
const ConflictDialog = dynamic(() => import("./conflict-dialog-view").then((m) => m.ConflictDialog), { ssr: false });

/** Shows the conflict dialog while the head of the save queue is a refused edit (409); renders nothing otherwise. */
export function ConflictHost({ writer, findSpan, labels }: { writer: AnnotationWriter; findSpan: (id: string | null) => AnnotationDto | null; labels: Map<string, LabelDto> }) {
  const head = useOutboxSnapshot(writer.outbox).ops[0];
  if (head?.status !== "failed" || head.error?.code !== "version_conflict") return null;
  return <ConflictDialog op={head} mine={findSpan(head.meta.target ?? null)} labels={labels} onKeepMine={() => writer.keepMine(head)} onTakeTheirs={() => writer.takeTheirs(head)} />;
}
