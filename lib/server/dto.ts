import type { LabelRow } from "@/db/queries/labels";
import type { ProjectRow } from "@/db/queries/projects";
import type { ProjectRole, ProjectSettings } from "@/db/schema/projects";
import type { LabelAttribute, LabelKind, LabelRelationType, OverlapPolicy } from "@/db/schema/labels";

/** What reaches the client: plain JSON-safe objects, never raw rows. */
export interface ProjectDto {
  id: string;
  slug: string;
  name: string;
  description: string;
  settings: ProjectSettings;
  role: ProjectRole;
  createdAt: string;
}

export interface LabelDto {
  id: string;
  name: string;
  kind: LabelKind;
  color: string;
  hotkey: string | null;
  position: number;
  entityTypes: string[];
  attributes: LabelAttribute[];
  relationTypes: LabelRelationType[];
  overlapPolicy: OverlapPolicy;
  archived: boolean;
}

export function toProjectDto(p: ProjectRow, role: ProjectRole): ProjectDto {
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    description: p.description,
    settings: p.settings,
    role,
    createdAt: p.createdAt.toISOString(),
  };
}

export function toLabelDto(l: LabelRow): LabelDto {
  return {
    id: l.id,
    name: l.name,
    kind: l.kind,
    color: l.color,
    hotkey: l.hotkey,
    position: l.position,
    entityTypes: l.entityTypes,
    attributes: l.attributes,
    relationTypes: l.relationTypes,
    overlapPolicy: l.overlapPolicy,
    archived: l.archivedAt !== null,
  };
}
