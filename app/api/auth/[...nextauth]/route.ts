import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handler(req: Request, ctx: Ctx) {
  // next-auth v4 reads `params.nextauth` synchronously; Next 16 hands params as a promise.
  const params = await ctx.params;
  return NextAuth(req as never, { params } as never, getAuthOptions()) as Promise<Response>;
}

export { handler as GET, handler as POST };
