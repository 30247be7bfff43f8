import Link from "next/link";
import type { ReactNode } from "react";
import { ProjectTabs, type ProjectTab } from "@/components/layout/project-tabs";
import { loadProjectPage } from "@/lib/auth/page-guards";
import { hasPermission } from "@/lib/auth/permissions";

/** The project's header and tabs; each tab shows only when the member's role can use it. */
export default async function ProjectTabsLayout({ children, params }: { children: ReactNode; params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const page = await loadProjectPage(projectId, "project.read", `/projects/${projectId}`);
  if (!page.ok) return null;
  const { project, role } = page.ctx;
  const base = `/projects/${project.slug}`;
  const can = (p: Parameters<typeof hasPermission>[1]) => hasPermission(role, p);
  const tabs: ProjectTab[] = [
    { href: base, label: "Library" },
    { href: `${base}/queue`, label: "My queue" },
    ...(can("review.decide") ? [{ href: `${base}/review`, label: "Review" }] : []),
    ...(can("agreement.read") ? [{ href: `${base}/agreement`, label: "Agreement" }] : []),
    ...(can("export.run") ? [{ href: `${base}/export`, label: "Export" }] : []),
    ...(can("documents.import") ? [{ href: `${base}/import`, label: "Import" }] : []),
    ...(can("assignments.manage") ? [{ href: `${base}/assignments`, label: "Assignments" }] : []),
    ...(can("labels.manage") ? [{ href: `${base}/labels`, label: "Labels" }] : []),
    ...(can("members.manage") ? [{ href: `${base}/members`, label: "Members" }] : []),
  ];
  return (
    <div>
      <div className="surface border-b">
        <div className="mx-auto max-w-7xl px-4 pt-4">
          <nav aria-label="Breadcrumb" className="text-muted text-sm">
            <Link href="/projects" className="hover:underline">
              Projects
            </Link>{" "}
            / <span>{project.name}</span>
          </nav>
          <div className="mt-1 flex items-baseline gap-3">
            <h1 className="text-2xl font-semibold tracking-tight">{project.name}</h1>
            <span className="text-muted rounded border border-default px-1.5 py-0.5 text-xs capitalize">{role}</span>
          </div>
          <ProjectTabs tabs={tabs} />
        </div>
      </div>
      {children}
    </div>
  );
}
