import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="text-muted mt-2 text-sm">This page doesn&apos;t exist, or you don&apos;t have access to it. If someone shared it with you, ask them to invite you to the project.</p>
      <Link href="/projects" className="mt-6 inline-block text-accent-600 underline">
        Back to your projects
      </Link>
    </main>
  );
}
