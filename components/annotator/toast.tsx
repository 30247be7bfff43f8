"use client";
import { useEffect } from "react";

export interface ToastState {
  id: number;
  message: string;
  tone?: "info" | "error";
  action?: { label: string; run: () => void };
}

/** One short message at the bottom of the screen (with an optional action such as Undo). */
export function Toast({ toast, onDismiss }: { toast: ToastState | null; onDismiss: () => void }) {
  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(onDismiss, toast.action ? 8000 : 4500);
    return () => clearTimeout(t);
  }, [toast, onDismiss]);
  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-4 z-40 flex justify-center px-4">
      <div role="status" aria-live="polite" className="contents">
        {toast ? (
          <div data-testid="toast" data-tone={toast.tone ?? "info"} className="sl-toast pointer-events-auto surface border-default">
            <span>{toast.message}</span>
            {toast.action ? (
              <button
                type="button"
                className="sl-link-button"
                onClick={() => {
                  toast.action?.run();
                  onDismiss();
                }}
              >
                {toast.action.label}
              </button>
            ) : null}
            <button type="button" className="sl-link-button" aria-label="Dismiss" onClick={onDismiss}>
              ✕
            </button>
          </div>
        ) : null}
      </div>
    </div>
  );
}
