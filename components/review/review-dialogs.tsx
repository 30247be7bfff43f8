"use client";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, TextAreaField } from "@/components/ui/field";
import { ApiError } from "@/lib/api-client/fetch-json";
import type { ReviewAnnotatorDto } from "@/lib/review/types";
import { REVIEW_KEYMAP } from "./review-keymap";

function messageOf(err: unknown): string | null {
  if (!err) return null;
  return err instanceof Error ? err.message : "Something went wrong. Try again.";
}

function fieldsOf(err: unknown): Record<string, string[]> {
  return err instanceof ApiError && err.fields ? err.fields : {};
}

/** "Reject this span": a reason is required (the annotator reads it). */
export function RejectDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  spanDescription: string;
  onSubmit: (reason: string) => void;
  isPending: boolean;
  error: unknown;
}) {
  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange} title="Reject this span" description={props.spanDescription}>
      {props.open ? <RejectForm {...props} /> : null}
    </Dialog>
  );
}

function RejectForm({
  onOpenChange,
  onSubmit,
  isPending,
  error,
}: {
  onOpenChange: (open: boolean) => void;
  onSubmit: (reason: string) => void;
  isPending: boolean;
  error: unknown;
}) {
  const [reason, setReason] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(reason);
  };
  const fields = fieldsOf(error);
  return (
    <form onSubmit={submit} className="space-y-3">
      <TextAreaField
        label="Reason"
        hint="The annotator will see it next to their span."
        rows={3}
        required
        autoFocus
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        errors={fields.reason}
      />
      <FormError message={fields.reason ? null : messageOf(error)} />
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={() => onOpenChange(false)}>
          Cancel
        </Button>
        <Button type="submit" variant="danger" isLoading={isPending} disabled={!reason.trim()}>
          Reject span
        </Button>
      </div>
    </form>
  );
}

/** "Return to annotator": reason (required), a comment for the article, and whose work goes back. */
export function ReturnDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  returnable: readonly ReviewAnnotatorDto[];
  onSubmit: (input: { reason: string; comment: string | null; annotatorIds?: string[] }) => void;
  isPending: boolean;
  error: unknown;
}) {
  return (
    <Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title="Return to annotator"
      description="Their work becomes editable again; they see your reason and comment in the editor."
    >
      {props.open ? <ReturnForm {...props} /> : null}
    </Dialog>
  );
}

function ReturnForm({
  onOpenChange,
  returnable,
  onSubmit,
  isPending,
  error,
}: {
  onOpenChange: (open: boolean) => void;
  returnable: readonly ReviewAnnotatorDto[];
  onSubmit: (input: { reason: string; comment: string | null; annotatorIds?: string[] }) => void;
  isPending: boolean;
  error: unknown;
}) {
  const [reason, setReason] = useState("");
  const [comment, setComment] = useState("");
  const [picked, setPicked] = useState<Set<string>>(() => new Set(returnable.map((a) => a.id)));
  const fields = fieldsOf(error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const all = picked.size === returnable.length;
    onSubmit({ reason, comment: comment.trim() ? comment : null, annotatorIds: all ? undefined : [...picked] });
  };
  return (
    <form onSubmit={submit} className="space-y-3">
      <TextAreaField label="Reason" rows={2} required autoFocus value={reason} onChange={(e) => setReason(e.target.value)} errors={fields.reason} />
      <TextAreaField
        label="Comment (optional)"
        hint="Posted on the article's comment thread."
        rows={3}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        errors={fields.comment}
      />
      {returnable.length > 1 ? (
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium">Return the work of</legend>
          {returnable.map((a) => (
            <label key={a.id} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={picked.has(a.id)}
                onChange={(e) => {
                  const next = new Set(picked);
                  if (e.target.checked) next.add(a.id);
                  else next.delete(a.id);
                  setPicked(next);
                }}
              />
              {a.name}
            </label>
          ))}
        </fieldset>
      ) : null}
      <FormError message={fields.reason || fields.comment ? null : messageOf(error)} />
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={() => onOpenChange(false)}>
          Cancel
        </Button>
        <Button type="submit" isLoading={isPending} disabled={!reason.trim() || picked.size === 0}>
          Return article
        </Button>
      </div>
    </form>
  );
}

export function ReviewKeymapDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Review keys">
      <table className="w-full text-sm">
        <tbody>
          {REVIEW_KEYMAP.map((k) => (
            <tr key={k.what} className="border-default border-b last:border-0">
              <td className="py-1.5 pr-4 whitespace-nowrap">
                {k.keys.map((key, i) => (
                  <kbd key={i} className="border-default mr-1 rounded border px-1.5 py-0.5 font-mono text-xs">
                    {key}
                  </kbd>
                ))}
              </td>
              <td className="py-1.5">{k.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
