"use client";
import { useEffect } from "react";

/** The editor page failed on the server or while rendering: say so and offer a retry. */
export default function EditorError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error("[editor] page error", error);
  }, [error]);
  return (
    <main className="mx-auto max-w-lg px-4 py-16 text-center">
      <h1 className="text-xl font-semibold">The editor could not open this article</h1>
      <p className="text-muted mt-2 text-sm" role="alert">
        {error.message || "Something went wrong."} Your unsaved changes are kept on this device and will be sent when the editor opens again.
      </p>
      <button type="button" className="mt-4 rounded-md bg-accent-600 px-4 py-2 text-sm font-medium text-white hover:bg-accent-700" onClick={reset}>
        Try again
      </button>
    </main>
  );
}
