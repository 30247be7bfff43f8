/** What a member sees on a page their role does not open (the API answers 403 for the same action). */
export function Forbidden({ message }: { message: string }) {
  return (
    <main className="mx-auto max-w-lg px-4 py-24 text-center" data-status="403">
      <h1 className="text-2xl font-semibold">You can&apos;t open this page</h1>
      <p className="text-muted mt-2 text-sm">{message}</p>
      <p className="text-muted mt-1 text-sm">Ask a project owner or manager if you need access.</p>
    </main>
  );
}
