"use client";
import { useQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { labelUsageQuery, useRemoveLabel } from "@/lib/api-client/labels";
import type { LabelDto } from "@/lib/server/dto";
import { plural, removeLabelMessage } from "./remove-message";

/**
 * Confirms removing a label. The dialog first asks the server how many annotations use it: a used
 * label is archived (its annotations stay and are exported), an unused one deleted.
 */
export function RemoveLabelDialog({
  projectId,
  label,
  onClose,
  onRemoved,
}: {
  projectId: string;
  label: LabelDto;
  onClose: () => void;
  onRemoved: (message: string) => void;
}) {
  const usage = useQuery(labelUsageQuery(projectId, label.id));
  const remove = useRemoveLabel(projectId);
  const willArchive = usage.data?.willArchive ?? false;

  const message = usage.isPending
    ? `Checking how many annotations use ${label.name}…`
    : usage.error
      ? `Couldn't check how many annotations use ${label.name}: ${usage.error.message}`
      : removeLabelMessage(label.name, usage.data);

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())} title={willArchive ? `Archive ${label.name}?` : `Remove ${label.name}?`}>
      <p className="text-sm" aria-live="polite" data-testid="remove-label-message">
        {message}
      </p>
      <FormError message={remove.error?.message} />
      <div className="mt-4 flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button
          type="button"
          variant="danger"
          disabled={usage.isPending || Boolean(usage.error)}
          isLoading={remove.isPending}
          onClick={() =>
            remove.mutate(label.id, {
              onSuccess: (res) =>
                onRemoved(
                  res.outcome === "archived"
                    ? `${label.name} was archived; its ${plural(res.annotations, "annotation stays", "annotations stay")}.`
                    : `${label.name} was deleted.`,
                ),
            })
          }
        >
          {willArchive ? "Archive label" : "Delete label"}
        </Button>
      </div>
    </Dialog>
  );
}
