import "server-only";
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { getDb } from "@/db/client";
import type { Db } from "@/db/connect";
import { authorizeProject, type Actor, type ProjectContext } from "@/lib/auth/guards";
import type { Permission } from "@/lib/auth/permissions";
import { getRequestActor } from "@/lib/auth/session";
import { AppError, isAppError } from "@/lib/server/errors";
import { fieldErrors } from "@/lib/validation/auth";

export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string[]>; details?: unknown };
}

/** The one mapper from thrown errors to JSON responses. Unknown errors are logged and answered 500. */
export function errorResponse(err: unknown): NextResponse<ErrorBody> {
  if (isAppError(err)) {
    return NextResponse.json(
      { error: { code: err.code, message: err.message, fields: err.fields, details: err.details } },
      { status: err.status },
    );
  }
  if (err instanceof ZodError) {
    return NextResponse.json(
      { error: { code: "validation_failed", message: "Some fields need attention.", fields: fieldErrors(err) } },
      { status: 422 },
    );
  }
  if (err instanceof SyntaxError) {
    return NextResponse.json({ error: { code: "bad_request", message: `The request body is not valid JSON: ${err.message}` } }, { status: 400 });
  }
  console.error("[api] unexpected error", err);
  return NextResponse.json(
    { error: { code: "internal", message: "Something went wrong on the server. It has been logged; try again." } },
    { status: 500 },
  );
}

type RouteParams = Record<string, string | string[]>;
interface RouteContext {
  params: Promise<RouteParams>;
}

export interface AuthedContext {
  req: Request;
  db: Db;
  actor: Actor;
  params: Record<string, string>;
}

function toResponse(result: unknown): Response {
  if (result instanceof Response) return result;
  return NextResponse.json(result ?? { ok: true });
}

async function readParams(ctx: RouteContext | undefined): Promise<Record<string, string>> {
  const raw = ctx ? await ctx.params : {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw ?? {})) out[k] = Array.isArray(v) ? v.join("/") : v;
  return out;
}

/** A route that needs a signed-in person (401 JSON without one). */
export function withAuth(handler: (ctx: AuthedContext) => Promise<unknown>) {
  return async (req: Request, routeCtx?: RouteContext): Promise<Response> => {
    try {
      const actor = await getRequestActor(req);
      if (!actor) throw new AppError("unauthenticated", "Sign in to continue.");
      return toResponse(await handler({ req, db: getDb(), actor, params: await readParams(routeCtx) }));
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/**
 * A route scoped to one project: the `projectId` route parameter (id or slug), the permission it
 * needs, and the handler. 401 without a session, 403 without membership or permission.
 */
export function withProjectAuth(permission: Permission, handler: (ctx: AuthedContext & ProjectContext) => Promise<unknown>) {
  return withAuth(async (ctx) => {
    const projectKey = ctx.params.projectId;
    if (!projectKey) throw new AppError("bad_request", "This route needs a project id.");
    const project = await authorizeProject(ctx.db, ctx.actor, projectKey, permission);
    return handler({ ...ctx, ...project });
  });
}

/** Parses a JSON body; a body that is not JSON is a 400 with the parser's message. */
export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (!text) return {};
  return JSON.parse(text) as unknown;
}
