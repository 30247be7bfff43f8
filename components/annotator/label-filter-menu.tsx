"use client";
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import type { LabelDto } from "@/lib/server/dto";

/** Which labels' spans are shown: a menu of checkboxes, and "Show all". */
export function LabelFilterMenu({
  allLabels,
  hidden,
  onToggleHidden,
  onShowAll,
}: {
  allLabels: LabelDto[];
  hidden: ReadonlySet<string>;
  onToggleHidden: (labelId: string) => void;
  onShowAll: () => void;
}) {
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="sl-secondary-button" aria-label={`Filter labels${hidden.size ? ` (${hidden.size} hidden)` : ""}`}>
        Filter{hidden.size ? ` (${hidden.size} hidden)` : ""} ▾
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={6} className="surface z-50 min-w-52 rounded-md border p-1 text-sm shadow-lg">
          <DropdownMenu.Label className="text-muted px-2 py-1 text-xs">Show spans of</DropdownMenu.Label>
          {allLabels.map((l) => (
            <DropdownMenu.CheckboxItem
              key={l.id}
              checked={!hidden.has(l.id)}
              onCheckedChange={() => onToggleHidden(l.id)}
              onSelect={(e) => e.preventDefault()}
              className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 outline-none data-[highlighted]:bg-black/5 dark:data-[highlighted]:bg-white/10"
            >
              <span aria-hidden className="w-4 text-center">
                {hidden.has(l.id) ? "" : "✓"}
              </span>
              <span aria-hidden className="sl-swatch" style={{ background: l.color }} />
              {l.name}
              {l.archived ? <span className="text-muted text-xs">(archived)</span> : null}
            </DropdownMenu.CheckboxItem>
          ))}
          <DropdownMenu.Separator className="border-default my-1 border-t" />
          <DropdownMenu.Item
            onSelect={onShowAll}
            className="cursor-pointer rounded px-2 py-1.5 outline-none data-[highlighted]:bg-black/5 dark:data-[highlighted]:bg-white/10"
          >
            Show all
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
