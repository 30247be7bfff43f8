import type { ExportFormat } from "@/lib/export";

/** What the Export page knows about each format (from the lib/export registry, sent by the server). */
export interface ExportFormatCard {
  id: ExportFormat;
  label: string;
  description: string;
  extension: string;
  supportsUtf16Offsets: boolean;
}

export const STATUS_LABELS: Record<string, string> = {
  unassigned: "Unassigned",
  in_progress: "In progress",
  submitted: "Submitted",
  in_review: "In review",
  approved: "Approved",
  returned: "Returned",
};

/** "1.4 MB", "820 KB", "312 B". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
