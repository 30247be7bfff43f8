import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Connection } from "@/db/connect";
import { apiTokens, users } from "@/db/schema";
import { describeWithDb } from "@/test/db";
import { createTestUser } from "@/test/factories";
import { getRequestActor } from "./session";

const SECRET = "session-test-secret-of-enough-length-0123456789";
process.env.NEXTAUTH_SECRET = SECRET;

/**
 * How API requests find who is asking: an API token, or the session cookie that next-auth issued
 * (decrypted and checked here, against the database's users, on the real connection).
 */
describeWithDb("the actor of an API request", ({ conn, db }) => {
  const holder = globalThis as unknown as { spanlabConnection?: Connection };
  let previous: Connection | undefined;
  beforeAll(() => {
    previous = holder.spanlabConnection;
    holder.spanlabConnection = conn();
  });
  afterAll(() => {
    holder.spanlabConnection = previous;
  });

  const cookieFor = async (sub: string, options: { secret?: string; maxAge?: number } = {}) =>
    `next-auth.session-token=${await encode({ token: { sub, name: "ignored", email: "ignored@example.test" }, secret: options.secret ?? SECRET, maxAge: options.maxAge })}`;
  const url = "http://localhost/api/projects";

  it("reads the session cookie next-auth issued, from a NextRequest and from a plain Request", async () => {
    const user = await createTestUser(db(), "Cora Cookie");
    const cookie = await cookieFor(user.userId);
    // The name and email come from the database, not from the cookie.
    expect(await getRequestActor(new NextRequest(url, { headers: { cookie } }))).toEqual(user);
    expect(await getRequestActor(new Request(url, { headers: { cookie: `theme=dark; ${cookie}; other=1` } }))).toEqual(user);
    // Served over https, next-auth names it __Secure-next-auth.session-token.
    expect(await getRequestActor(new NextRequest(url, { headers: { cookie: `__Secure-${cookie}` } }))).toEqual(user);
  });

  it("refuses a cookie signed with another secret, an expired one, garbage, and none", async () => {
    const user = await createTestUser(db(), "Eve Expired");
    for (const cookie of [
      await cookieFor(user.userId, { secret: "another-secret-entirely-0123456789abcdef" }),
      await cookieFor(user.userId, { maxAge: -60 }),
      "next-auth.session-token=not.a.jwe.at.all",
      "unrelated=1",
    ]) {
      expect(await getRequestActor(new NextRequest(url, { headers: { cookie } }))).toBeNull();
    }
    expect(await getRequestActor(new NextRequest(url))).toBeNull();
  });

  it("refuses the cookie of a deleted account and of the system user", async () => {
    const gone = await createTestUser(db(), "Gus Gone");
    const cookie = await cookieFor(gone.userId);
    await db().delete(users).where(eq(users.id, gone.userId));
    expect(await getRequestActor(new NextRequest(url, { headers: { cookie } }))).toBeNull();

    const system = await createTestUser(db(), "Sys Tem");
    await db().update(users).set({ isSystem: true }).where(eq(users.id, system.userId));
    expect(await getRequestActor(new NextRequest(url, { headers: { cookie: await cookieFor(system.userId) } }))).toBeNull();
  });

  it("takes an API token before any cookie, and refuses an unknown or empty one", async () => {
    const scripted = await createTestUser(db(), "Sam Script");
    const other = await createTestUser(db(), "Otto Other");
    await db().insert(apiTokens).values({ userId: scripted.userId, name: "cli", tokenHash: createHash("sha256").update("tok-123").digest("hex") });
    const cookie = await cookieFor(other.userId);
    expect(await getRequestActor(new NextRequest(url, { headers: { authorization: "Bearer tok-123", cookie } }))).toEqual(scripted);
    expect(await getRequestActor(new NextRequest(url, { headers: { authorization: "Bearer tok-999", cookie } }))).toBeNull();
    expect(await getRequestActor(new NextRequest(url, { headers: { authorization: "Bearer ", cookie } }))).toBeNull();
  });
});
