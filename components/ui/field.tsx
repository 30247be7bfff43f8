import { forwardRef, useId, type InputHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { cn } from "./cn";

const CONTROL =
  "w-full rounded-md border border-default bg-[var(--surface)] px-3 py-2 text-sm text-[var(--text)] placeholder:text-[var(--muted)] focus:border-accent-500 focus:outline-none";

interface FieldProps {
  label: string;
  errors?: string[];
  hint?: string;
}

export const TextField = forwardRef<HTMLInputElement, FieldProps & InputHTMLAttributes<HTMLInputElement>>(function TextField(
  { label, errors, hint, className, id, ...rest },
  ref,
) {
  const autoId = useId();
  const inputId = id ?? autoId;
  const errorId = `${inputId}-error`;
  const hasError = Boolean(errors?.length);
  return (
    <div className={cn("space-y-1", className)}>
      <label htmlFor={inputId} className="block text-sm font-medium">
        {label}
      </label>
      <input
        ref={ref}
        id={inputId}
        className={cn(CONTROL, "h-10", hasError && "border-red-500")}
        aria-invalid={hasError || undefined}
        aria-describedby={hasError ? errorId : undefined}
        {...rest}
      />
      {hint && !hasError ? <p className="text-muted text-xs">{hint}</p> : null}
      {hasError ? (
        <p id={errorId} className="text-xs text-red-600 dark:text-red-400" role="alert">
          {errors!.join(" ")}
        </p>
      ) : null}
    </div>
  );
});

export const TextAreaField = forwardRef<HTMLTextAreaElement, FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>>(
  function TextAreaField({ label, errors, hint, className, id, ...rest }, ref) {
    const autoId = useId();
    const inputId = id ?? autoId;
    const errorId = `${inputId}-error`;
    const hasError = Boolean(errors?.length);
    return (
      <div className={cn("space-y-1", className)}>
        <label htmlFor={inputId} className="block text-sm font-medium">
          {label}
        </label>
        <textarea
          ref={ref}
          id={inputId}
          className={cn(CONTROL, hasError && "border-red-500")}
          aria-invalid={hasError || undefined}
          aria-describedby={hasError ? errorId : undefined}
          {...rest}
        />
        {hint && !hasError ? <p className="text-muted text-xs">{hint}</p> : null}
        {hasError ? (
          <p id={errorId} className="text-xs text-red-600 dark:text-red-400" role="alert">
            {errors!.join(" ")}
          </p>
        ) : null}
      </div>
    );
  },
);

export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
      {message}
    </div>
  );
}
