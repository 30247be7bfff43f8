import type { ReactNode } from "react";

export function AuthShell({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <div className="mb-3 inline-flex items-center gap-2 text-lg font-semibold tracking-tight">
            <span aria-hidden className="inline-block h-5 w-1.5 rounded-sm bg-accent-600" />
            Spanlab
          </div>
          <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
          {subtitle ? <p className="text-muted mt-2 text-sm">{subtitle}</p> : null}
        </div>
        <div className="surface rounded-lg border p-6 shadow-sm">{children}</div>
      </div>
    </main>
  );
}
