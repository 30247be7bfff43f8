import { ImportView } from "@/components/import/import-view";
import { Forbidden } from "@/components/layout/forbidden";
import { Card } from "@/components/ui/card";
import { loadProjectPage } from "@/lib/auth/page-guards";
import { importMaxBytes } from "@/lib/server/import-documents";

export const metadata = { title: "Import" };

/** Import articles: paste one, or upload a file (owners and managers: documents.import). */
export default async function ImportPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const page = await loadProjectPage(projectId, "documents.import", `/projects/${projectId}/import`);
  if (!page.ok) return <Forbidden message={page.message} />;
  const { project } = page.ctx;
  return (
    <main className="mx-auto max-w-4xl px-4 py-6">
      <h2 className="mb-1 text-lg font-semibold">Import articles</h2>
      <p className="text-muted mb-4 text-sm">
        Each article is stored exactly as given (only line breaks are normalised), so span offsets stay exact. A file goes in whole or not at all.
      </p>
      <Card className="p-4">
        <ImportView projectId={project.id} projectSlug={project.slug} maxBytes={importMaxBytes()} />
      </Card>
    </main>
  );
}
