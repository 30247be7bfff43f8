"use client";
import { Dialog } from "@/components/ui/dialog";
import type { LabelDto } from "@/lib/server/dto";
import { KEYMAP } from "./keymap";

/** "?" — every key of the editor, and this project's label hotkeys. */
export function KeymapDialog({ open, onOpenChange, labels }: { open: boolean; onOpenChange: (open: boolean) => void; labels: LabelDto[] }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Keyboard shortcuts" description="Everything in the editor works from the keyboard.">
      <div className="max-h-[65vh] space-y-4 overflow-auto pr-1 text-sm" tabIndex={0} role="region" aria-label="All keys">
        {labels.some((l) => l.hotkey) ? (
          <section>
            <h3 className="mb-1 font-semibold">Labels in this project</h3>
            <ul className="space-y-1">
              {labels
                .filter((l) => l.hotkey)
                .map((l) => (
                  <li key={l.id} className="flex items-center gap-2">
                    <kbd className="sl-kbd">{l.hotkey}</kbd>
                    <span aria-hidden className="sl-swatch" style={{ background: l.color }} />
                    {l.name}
                  </li>
                ))}
            </ul>
          </section>
        ) : null}
        {KEYMAP.map((g) => (
          <section key={g.group}>
            <h3 className="mb-1 font-semibold">{g.group}</h3>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
              {g.bindings.map((b) => (
                <div key={b.action} className="contents">
                  <dt className="whitespace-nowrap">
                    {b.keys.map((k, i) =>
                      k === "+" || k === "…" ? (
                        <span key={i} className="text-muted px-0.5">
                          {k}
                        </span>
                      ) : (
                        <kbd key={i} className="sl-kbd mr-1">
                          {k}
                        </kbd>
                      ),
                    )}
                  </dt>
                  <dd className="text-muted">{b.action}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
