import { z } from "zod";
import { REASON_MAX_LENGTH } from "@/lib/review/workflow";

/** Longest comment sent with a return, in characters. */
export const RETURN_COMMENT_MAX_LENGTH = 10_000;

const ZId = (what: string) => z.uuid({ error: `${what} must be a UUID.` });

const ZReason = (what: string) =>
  z
    .string({ error: `Give a reason: ${what}` })
    .trim()
    .min(1, `Give a reason: ${what}`)
    .max(REASON_MAX_LENGTH, `A reason has at most ${REASON_MAX_LENGTH.toLocaleString("en")} characters; shorten it.`);

export const ZReturnRequest = z.object({
  reason: ZReason("the annotators will read it to know what to fix."),
  comment: z
    .string({ error: "A comment must be text." })
    .trim()
    .max(RETURN_COMMENT_MAX_LENGTH, `A comment has at most ${RETURN_COMMENT_MAX_LENGTH.toLocaleString("en")} characters; shorten it.`)
    .nullish(),
  /** Return only these annotators' work (default: everyone's submitted work on the article). */
  annotatorIds: z.array(ZId("An annotator id")).min(1, "Name at least one annotator, or leave the list out to return everyone's work.").max(100).optional(),
});
export type TReturnRequest = z.infer<typeof ZReturnRequest>;

export const ZAcceptRequest = z.object({
  annotationId: ZId("The span id"),
});
export type TAcceptRequest = z.infer<typeof ZAcceptRequest>;

export const ZAcceptAgreedRequest = z.object({
  /** Compare only these layers (the chips switched on); default: every layer that annotated. */
  annotatorIds: z.array(ZId("An annotator id")).min(1, "Switch on at least one layer.").max(100).optional(),
});
export type TAcceptAgreedRequest = z.infer<typeof ZAcceptAgreedRequest>;

export const ZRejectRequest = z.object({
  annotationId: ZId("The span id"),
  reason: ZReason("say why this span is wrong."),
});
export type TRejectRequest = z.infer<typeof ZRejectRequest>;
