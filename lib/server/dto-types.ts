import type { ProjectRole } from "@/db/schema/projects";

/** A project row in "my projects", as JSON. */
export interface ProjectListItemDto {
  id: string;
  slug: string;
  name: string;
  description: string;
  role: ProjectRole;
  documentCount: number;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}
