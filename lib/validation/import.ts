import { z } from "zod";

const column = z.string().trim().min(1, "Choose a column.").max(200, "A column name has at most 200 characters.");

/** Options of a file import (the use-case's input, and the route's query string after parsing). */
export const ZImportOptions = z.object({
  duplicates: z.enum(["skip", "import"], { error: 'Choose "skip" or "import" for duplicates.' }).default("skip"),
  /** Create labels the file uses but the project lacks (as kind "other") instead of refusing. */
  createMissingLabels: z.boolean().default(false),
  csv: z
    .object({
      textColumn: column,
      titleColumn: column.nullish(),
      metaColumns: z.array(column).max(200).optional(),
    })
    .optional(),
});
export type TImportOptions = z.infer<typeof ZImportOptions>;

export const ZImportFilename = z
  .string({ error: "Give the file name (?filename=…): its extension tells the format." })
  .trim()
  .min(1, "Give the file name (?filename=…): its extension tells the format.")
  .max(255, "A file name has at most 255 characters.");

const flag = z
  .enum(["true", "false", "1", "0"], { error: 'Use "true" or "false".' })
  .transform((v) => v === "true" || v === "1");

/** The import route's query string: ?filename=…&duplicates=…&createMissingLabels=…&textColumn=…&titleColumn=…&metaColumns=a,b */
export const ZImportQuery = z.object({
  filename: ZImportFilename,
  duplicates: z.enum(["skip", "import"], { error: 'duplicates must be "skip" or "import".' }).optional(),
  createMissingLabels: flag.optional(),
  textColumn: z.string().optional(),
  titleColumn: z.string().optional(),
  metaColumns: z.string().optional(),
});

/** Query string → use-case options (CSV options only when a text column is given). */
export function importOptionsFromQuery(params: URLSearchParams): { filename: string; options: TImportOptions } {
  const q = ZImportQuery.parse(Object.fromEntries(params));
  const metaColumns = q.metaColumns
    ?.split(",")
    .map((c) => c.trim())
    .filter(Boolean);
  const options = ZImportOptions.parse({
    duplicates: q.duplicates ?? "skip",
    createMissingLabels: q.createMissingLabels ?? false,
    csv: q.textColumn?.trim()
      ? { textColumn: q.textColumn, titleColumn: q.titleColumn?.trim() || null, metaColumns: metaColumns?.length ? metaColumns : undefined }
      : undefined,
  });
  return { filename: q.filename, options };
}
