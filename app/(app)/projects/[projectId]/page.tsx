import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, EmptyState } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/session";
import { isAppError } from "@/lib/server/errors";
import { getProjectOverview, type ProjectOverview } from "@/lib/server/projects";

export const metadata = { title: "Project" };

export default async function ProjectPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const actor = await requireActor(`/projects/${projectId}`);
  let overview: ProjectOverview;
  try {
    overview = await getProjectOverview(getDb(), actor, projectId);
  } catch (err) {
    // Non-members see the same page as for a project that does not exist.
    if (isAppError(err) && (err.code === "forbidden" || err.code === "not_found")) notFound();
    throw err;
  }
  const { project, labels } = overview;
  return (
    <main className="mx-auto max-w-5xl px-4 py-8">
      <nav aria-label="Breadcrumb" className="text-muted mb-2 text-sm">
        <Link href="/projects" className="hover:underline">
          Projects
        </Link>{" "}
        / <span>{project.name}</span>
      </nav>
      <h1 className="text-2xl font-semibold tracking-tight">{project.name}</h1>
      {project.description ? <p className="text-muted mt-1 max-w-2xl text-sm">{project.description}</p> : null}
      <div className="mt-6 grid gap-4 md:grid-cols-3">
        <Card className="p-4 md:col-span-2">
          <h2 className="mb-3 font-semibold">Articles</h2>
          <EmptyState title="No articles yet">Import articles to start annotating: paste text, or upload .txt, .html, JSONL or CSV files.</EmptyState>
        </Card>
        <Card className="p-4">
          <h2 className="mb-3 font-semibold">Labels</h2>
          <ul className="space-y-2" aria-label="Labels">
            {labels.map((l) => (
              <li key={l.id} className="flex items-center gap-2 text-sm">
                <span aria-hidden className="inline-block size-3 rounded-sm" style={{ background: l.color }} />
                <span className="font-medium">{l.name}</span>
                <span className="text-muted text-xs">{l.kind}</span>
                {l.hotkey ? <kbd className="border-default ml-auto rounded border px-1.5 text-xs">{l.hotkey}</kbd> : null}
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </main>
  );
}
