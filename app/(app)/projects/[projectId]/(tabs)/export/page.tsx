import { ExportWorkbench } from "@/components/export/export-workbench";
import { Forbidden } from "@/components/layout/forbidden";
import { getDb } from "@/db/client";
import { loadProjectPage } from "@/lib/auth/page-guards";
import { EXPORT_FORMATS } from "@/lib/export";
import { getExportPageData } from "@/lib/server/export";

export const metadata = { title: "Export" };
export const dynamic = "force-dynamic";

/** Export the project's annotations (export.run: reviewers, managers, owners; a 403 page for annotators). */
export default async function ExportPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const page = await loadProjectPage(projectId, "export.run", `/projects/${projectId}/export`);
  if (!page.ok) return <Forbidden message={page.message} />;
  const data = await getExportPageData(getDb(), page.ctx.actor, page.ctx.project.id);
  // Plain data for the client: the registry's descriptions, extensions and offset units.
  const formats = EXPORT_FORMATS.map((f) => ({
    id: f.id,
    label: f.label,
    description: f.description,
    extension: f.extension,
    supportsUtf16Offsets: f.supportsUtf16Offsets,
  }));
  return (
    <main className="mx-auto max-w-7xl px-4 py-6">
      <ExportWorkbench data={data} formats={formats} />
    </main>
  );
}
