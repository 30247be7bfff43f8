/**
 * Shared by the browser benchmarks (bench/review.ts, bench/editor.ts): generated articles from our own
 * word list, the production server started the way the e2e suite starts it, sign-in over HTTP, and
 * small statistics. Nothing here asserts anything.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";

export interface BenchServer {
  port: number;
  base: string;
}

export function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

/** A long news-like article (a few non-ASCII words and an astral character, so offsets leave the ASCII fast path). */
export function makeArticle(words: number): string {
  const vocab = (
    "harbour council ferry timetable minister said would change vote budget report island port committee members agreed " +
    "objected public hearing evening morning statement spokesperson residents families school teachers workers union " +
    "strike wages tariffs trade exports fish weather storm coast guard rescue boat engine repair funding contract tender " +
    "bridge road café naïve Zoë Kraków"
  ).split(" ");
  const rnd = rng(7);
  const paragraphs: string[] = [];
  let sentences: string[] = [];
  let sentence: string[] = [];
  for (let i = 0; i < words; i++) {
    const w = rnd() < 0.002 ? "🚢" : vocab[Math.floor(rnd() * vocab.length)]!;
    sentence.push(sentence.length === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w);
    if (sentence.length > 8 && rnd() < 0.15) {
      sentences.push(`${sentence.join(" ")}.`);
      sentence = [];
      if (sentences.length >= 4 && rnd() < 0.3) {
        paragraphs.push(sentences.join(" "));
        sentences = [];
      }
    }
  }
  if (sentence.length) sentences.push(`${sentence.join(" ")}.`);
  if (sentences.length) paragraphs.push(sentences.join(" "));
  return paragraphs.join("\n");
}

/** Code-point word boundaries of the text. */
export function wordsOf(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let cp = 0;
  let u16 = 0;
  const toCp = new Map<number, number>();
  for (const ch of text) {
    toCp.set(u16, cp);
    u16 += ch.length;
    cp += 1;
  }
  toCp.set(u16, cp);
  for (const m of text.matchAll(/[\p{L}\p{M}\p{N}]+/gu)) out.push({ start: toCp.get(m.index)!, end: toCp.get(m.index + m[0].length)! });
  return out;
}

export function startServer(port: number): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, E2E_PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" };
  if (process.env.BENCH_DATABASE_URL) env.E2E_DATABASE_URL = process.env.BENCH_DATABASE_URL;
  else {
    delete env.E2E_DATABASE_URL;
    delete env.DATABASE_URL;
  }
  const tsx = path.resolve("node_modules/tsx/dist/cli.mjs");
  const child = spawn(process.execPath, [tsx, "scripts/e2e-server.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (d: Buffer) => {
    const line = d.toString();
    if (/\[e2e\]|error/i.test(line)) process.stdout.write(`[server] ${line}`);
  });
  child.stderr?.on("data", (d: Buffer) => process.stderr.write(`[server] ${d.toString()}`));
  return child;
}

export async function waitForHealth(child: ChildProcess, base: string): Promise<void> {
  const until = Date.now() + 240_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the server did not answer /api/health within 240 s");
}

export async function ok<T>(res: Awaited<ReturnType<APIRequestContext["get"]>>, what: string): Promise<T> {
  if (!res.ok()) throw new Error(`${what}: HTTP ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function signedIn(base: string, user: { email: string; password: string }): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL: base });
  const { csrfToken } = await ok<{ csrfToken: string }>(await ctx.get("/api/auth/csrf"), "csrf");
  const res = await ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: user.email, password: user.password, callbackUrl: `${base}/projects`, json: "true" },
  });
  if (res.status() >= 400) throw new Error(`sign-in of ${user.email}: HTTP ${res.status()}`);
  const me = await ctx.get("/api/projects");
  if (!me.ok()) throw new Error(`sign-in of ${user.email} did not stick (GET /api/projects → ${me.status()})`);
  return ctx;
}

export async function pool<T>(items: readonly T[], concurrency: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= items.length) return;
        await fn(items[i]!, i);
      }
    }),
  );
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
}


/** The p-th percentile (0–100) by nearest rank. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Chromium for benchmarks: the same executable and flags as the e2e suite. */
export function chromiumExecutable(): string | undefined {
  return process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? (fsExists("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
}
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

function fsExists(p: string): boolean {
  return fs.existsSync(p);
}
