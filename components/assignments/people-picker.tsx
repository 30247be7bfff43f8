"use client";
import type { PersonDto } from "@/lib/server/library-dto";

/** Checkboxes for people, with their role; keyboard: Tab between boxes, Space to toggle. */
export function PeoplePicker({
  people,
  picked,
  onChange,
  legend = "People",
}: {
  people: PersonDto[];
  picked: Set<string>;
  onChange: (next: Set<string>) => void;
  legend?: string;
}) {
  const allPicked = people.length > 0 && people.every((p) => picked.has(p.userId));
  return (
    <fieldset className="space-y-2">
      <legend className="mb-1 flex w-full items-center justify-between text-sm font-medium">
        <span>{legend}</span>
      </legend>
      {people.length === 0 ? (
        <p className="text-muted text-sm">Nobody to pick yet: invite people on the Members page.</p>
      ) : (
        <>
          <label className="text-muted flex items-center gap-2 text-xs">
            <input
              type="checkbox"
              className="size-4 accent-[var(--color-accent-600)]"
              checked={allPicked}
              onChange={() => onChange(allPicked ? new Set() : new Set(people.map((p) => p.userId)))}
            />
            Everyone
          </label>
          <ul className="border-default max-h-56 space-y-1 overflow-y-auto rounded-md border p-2">
            {people.map((p) => (
              <li key={p.userId}>
                <label className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    className="size-4 accent-[var(--color-accent-600)]"
                    checked={picked.has(p.userId)}
                    onChange={() => {
                      const next = new Set(picked);
                      if (next.has(p.userId)) next.delete(p.userId);
                      else next.add(p.userId);
                      onChange(next);
                    }}
                  />
                  <span>{p.name}</span>
                  <span className="text-muted text-xs capitalize">{p.role}</span>
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
    </fieldset>
  );
}
