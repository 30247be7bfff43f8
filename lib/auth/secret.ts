import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "@/db/connect";

let cached: string | undefined;

/**
 * The session-signing secret: `NEXTAUTH_SECRET` (or `AUTH_SECRET`) from the environment, else one
 * generated on first use and kept in `<data folder>/auth-secret` (mode 0600) so sessions survive
 * restarts. Several app instances behind one database must share a secret: set it in the environment.
 */
export function getAuthSecret(): string {
  if (cached) return cached;
  const fromEnv = process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET;
  if (fromEnv) return (cached = fromEnv);
  const file = path.join(dataDir(), "auth-secret");
  try {
    cached = fs.readFileSync(file, "utf8").trim();
    if (cached) return cached;
  } catch {
    // Not there yet: create it below.
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = crypto.randomBytes(32).toString("base64url");
  try {
    fs.writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
    cached = secret;
  } catch {
    // Another process won the race: use what it wrote.
    cached = fs.readFileSync(file, "utf8").trim();
  }
  return cached;
}
