import { forwardRef, useId, type SelectHTMLAttributes } from "react";
import { cn } from "./cn";

const CONTROL =
  "h-10 w-full rounded-md border border-default bg-[var(--surface)] px-3 text-sm text-[var(--text)] focus:border-accent-500 focus:outline-none disabled:opacity-60";

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

/** A labelled native select (keyboard and screen readers work as the platform does), with field errors. */
export const SelectField = forwardRef<
  HTMLSelectElement,
  { label: string; options: SelectOption[]; errors?: string[]; hint?: string; hideLabel?: boolean } & SelectHTMLAttributes<HTMLSelectElement>
>(function SelectField({ label, options, errors, hint, hideLabel, className, id, ...rest }, ref) {
  const autoId = useId();
  const selectId = id ?? autoId;
  const errorId = `${selectId}-error`;
  const hasError = Boolean(errors?.length);
  return (
    <div className={cn("space-y-1", className)}>
      <label htmlFor={selectId} className={cn("block text-sm font-medium", hideLabel && "sr-only")}>
        {label}
      </label>
      <select
        ref={ref}
        id={selectId}
        className={cn(CONTROL, hasError && "border-red-500")}
        aria-invalid={hasError || undefined}
        aria-describedby={hasError ? errorId : undefined}
        {...rest}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && !hasError ? <p className="text-muted text-xs">{hint}</p> : null}
      {hasError ? (
        <p id={errorId} className="text-xs text-red-600 dark:text-red-400" role="alert">
          {errors!.join(" ")}
        </p>
      ) : null}
    </div>
  );
});
