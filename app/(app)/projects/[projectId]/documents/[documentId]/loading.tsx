/** Shown while the article and its spans load on the server. */
export default function EditorLoading() {
  return (
    <main className="mx-auto max-w-3xl px-4 py-16" aria-busy="true">
      <p className="text-muted text-sm" role="status">
        Opening the article…
      </p>
      <div className="mt-6 space-y-3" aria-hidden>
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="h-4 animate-pulse rounded bg-black/5 dark:bg-white/10" style={{ width: `${70 + ((i * 37) % 30)}%` }} />
        ))}
      </div>
    </main>
  );
}
