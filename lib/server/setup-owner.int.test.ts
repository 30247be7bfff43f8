import { expect, it } from "vitest";
import { countHumanUsers } from "@/db/queries/users";
import { describeWithDb } from "@/test/db";
import { AppError } from "./errors";
import { isSetupNeeded, setupOwner } from "./setup-owner";
import { verifyCredentials } from "./verify-credentials";

/** One fresh database per driver; the tests run in order: invalid input, the owner, a refused second setup, sign-in. */
describeWithDb("first-run setup and sign-in", ({ db }) => {
  it("rejects invalid setup input with field errors and creates nobody", async () => {
    const err = (await setupOwner(db(), { name: "", email: "not-an-email", password: "short" }).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe("validation_failed");
    expect(Object.keys(err.fields ?? {}).sort()).toEqual(["email", "name", "password"]);
    expect(await countHumanUsers(db())).toBe(0);
    expect(await isSetupNeeded(db())).toBe(true);
  });

  it("creates the owner while nobody exists, then refuses a second setup with 403", async () => {
    const owner = await setupOwner(db(), { name: "Ola Owner", email: "  Owner@Example.TEST ", password: "a long passphrase" });
    expect(owner.email).toBe("owner@example.test");
    expect(await isSetupNeeded(db())).toBe(false);
    const err = (await setupOwner(db(), { name: "Mallory", email: "mallory@example.test", password: "another passphrase" }).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe("setup_done");
    expect(err.status).toBe(403);
    expect(await countHumanUsers(db())).toBe(1);
  });

  it("signs in with the right password, case-insensitively by email, and refuses a wrong one without saying which part", async () => {
    const ok = await verifyCredentials(db(), { email: "OWNER@example.test", password: "a long passphrase" });
    expect(ok?.email).toBe("owner@example.test");
    expect(await verifyCredentials(db(), { email: "owner@example.test", password: "wrong passphrase" })).toBeNull();
    expect(await verifyCredentials(db(), { email: "nobody@example.test", password: "a long passphrase" })).toBeNull();
    expect(await verifyCredentials(db(), { email: "", password: "" })).toBeNull();
  });
});

describeWithDb("first-run setup under concurrency", ({ db }) => {
  it("creates exactly one owner when three first-run requests race on an empty database", async () => {
    const results = await Promise.allSettled(
      [1, 2, 3].map((i) => setupOwner(db(), { name: `Racer ${i}`, email: `racer${i}@example.test`, password: "a long passphrase" })),
    );
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as AppError);
    expect(fulfilled).toHaveLength(1);
    expect(refused.map((e) => e.code)).toEqual(["setup_done", "setup_done"]);
    expect(await countHumanUsers(db())).toBe(1);
  });
});
