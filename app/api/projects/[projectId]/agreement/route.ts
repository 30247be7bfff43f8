import { stringify } from "csv-stringify/sync";
import { withAuth } from "@/lib/http/handler";
import { AGREEMENT_CSV_COLUMNS, agreementDownloadRows, agreementFileName, getProjectAgreement } from "@/lib/server/agreement";
import { AppError } from "@/lib/server/errors";
import { agreementFiltersFromSearchParams } from "@/lib/validation/agreement";

export const dynamic = "force-dynamic";

const DOWNLOADS = ["csv", "json"] as const;
type Download = (typeof DOWNLOADS)[number];

function readDownload(params: URLSearchParams): Download | null {
  const value = params.get("download");
  if (value === null) return null;
  if ((DOWNLOADS as readonly string[]).includes(value)) return value as Download;
  throw new AppError("validation_failed", `"${value.slice(0, 40)}" is not a download format: use csv or json.`, {
    fields: { download: ["Use csv or json (or leave download out for the report as JSON)."] },
  });
}

function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * GET /api/projects/:projectId/agreement?label=…&annotator=…&status=…&document=…[&download=csv|json]
 * The project's inter-annotator agreement (agreement.read; 403 for annotators). Without `download`
 * the report as JSON; `download=csv` one figure per row (AGREEMENT_CSV_COLUMNS), `download=json`
 * the same report as a file.
 */
export const GET = withAuth(async ({ req, db, actor, params }) => {
  const searchParams = new URL(req.url).searchParams;
  // Checked before the report is computed: a mistyped format should not cost a full computation.
  const download = readDownload(searchParams);
  const dto = await getProjectAgreement(db, actor, params.projectId ?? "", agreementFiltersFromSearchParams(searchParams));
  if (download === null) return dto;

  if (download === "json") {
    return new Response(`${JSON.stringify(dto, null, 2)}\n`, {
      status: 200,
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": attachment(agreementFileName(dto, "json")),
        "Cache-Control": "no-store",
      },
    });
  }

  const rows = agreementDownloadRows(dto).map((row) => AGREEMENT_CSV_COLUMNS.map((c) => row[c.key]));
  const csv = stringify([AGREEMENT_CSV_COLUMNS.map((c) => c.header), ...rows], {
    record_delimiter: "windows",
    quote_record_delimiter: true,
    // Annotator and label names are typed by people and this file is meant for spreadsheets:
    // a name starting with = + @ (or -, unless it is a number) is prefixed with ' so it is not
    // run as a formula. Numbers (negative κ included) are written as they are.
    escape_formulas: true,
  });
  return new Response(csv, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": attachment(agreementFileName(dto, "csv")),
      "Cache-Control": "no-store",
    },
  });
});
