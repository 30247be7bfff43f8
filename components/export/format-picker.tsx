"use client";
import type { ExportFormat } from "@/lib/export";
import { cn } from "@/components/ui/cn";
import type { ExportFormatCard } from "./types";

/** The formats as a radio group of cards: what each is for, which tools read it, its offset unit. */
export function FormatPicker({
  formats,
  value,
  onChange,
}: {
  formats: ExportFormatCard[];
  value: ExportFormat;
  onChange: (format: ExportFormat) => void;
}) {
  return (
    <fieldset>
      <legend className="mb-2 text-sm font-semibold">Format</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        {formats.map((f) => {
          const id = `export-format-${f.id}`;
          const checked = f.id === value;
          return (
            <label
              key={f.id}
              htmlFor={id}
              className={cn(
                "surface flex cursor-pointer gap-3 rounded-lg border p-3 text-sm transition-colors focus-within:ring-2 focus-within:ring-accent-500",
                checked ? "border-accent-600 bg-accent-50/60 dark:bg-accent-600/10" : "hover:bg-black/5 dark:hover:bg-white/5",
              )}
            >
              <input
                id={id}
                type="radio"
                name="export-format"
                value={f.id}
                checked={checked}
                onChange={() => onChange(f.id)}
                aria-labelledby={`${id}-title`}
                aria-describedby={`${id}-description`}
                className="mt-1 accent-[var(--color-accent-600)]"
              />
              <span className="min-w-0">
                <span id={`${id}-title`} className="block font-medium">
                  {f.label}
                </span>
                <span id={`${id}-description`} className="text-muted mt-0.5 block text-xs leading-relaxed">
                  {f.description}
                </span>
                <span className="text-muted mt-1 block text-xs">
                  .{f.extension} · offsets: {f.supportsUtf16Offsets ? "code points (or UTF-16 on request)" : "Unicode code points"}
                </span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
