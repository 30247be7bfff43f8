import { hash, verify } from "@node-rs/argon2";

/**
 * Passwords are hashed with argon2id (the @node-rs/argon2 defaults: 19 MiB memory, 2 passes,
 * parallelism 1 — OWASP's recommended minimum). The PHC string carries its own parameters, so they
 * can be raised later without breaking stored hashes.
 */
export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash must read as "wrong credentials", never as a crash.
    return false;
  }
}

/** A fixed hash to verify against when the email is unknown, so both paths take the same time. */
let dummyHash: Promise<string> | undefined;
export function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword("spanlab-timing-equaliser");
  return dummyHash;
}
