import { exportInputFromSearchParams, type ExportRequestInput } from "@/lib/validation/export";

/** The export request from the URL's query string, and the public base URL for W3C ids. */
export function readExportRequest(req: Request): { input: ExportRequestInput; baseUrl: string } {
  const url = new URL(req.url);
  return { input: exportInputFromSearchParams(url.searchParams), baseUrl: process.env.NEXTAUTH_URL ?? url.origin };
}
