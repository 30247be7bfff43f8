/** Helpers shared by the import tests (not part of the public API). */
import { expect } from "vitest";
import { ImportError, type ImportErrorCode } from "./errors";

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Deterministic PRNG (mulberry32) so chunkings are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Yields `bytes` in chunks; `size` is a fixed size or a function giving each chunk's size. */
export async function* chunked(bytes: Uint8Array, size: number | (() => number)): AsyncGenerator<Uint8Array> {
  let at = 0;
  while (at < bytes.length) {
    const n = Math.max(1, typeof size === "number" ? size : size());
    // Copy, so that nothing downstream can rely on chunks sharing one buffer.
    yield bytes.slice(at, at + n);
    at += n;
  }
}

/** Chunks of 1–7 bytes, reproducible from `seed`. */
export function tinyChunks(bytes: Uint8Array, seed: number): AsyncGenerator<Uint8Array> {
  const rnd = seededRandom(seed);
  return chunked(bytes, () => 1 + Math.floor(rnd() * 7));
}

export async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

/** Runs `run` and returns the ImportError it throws (failing the test if it doesn't, or if the code differs). */
export async function importError(run: () => unknown, code: ImportErrorCode): Promise<ImportError> {
  let caught: unknown;
  try {
    const result = run();
    if (result !== null && typeof result === "object" && Symbol.asyncIterator in result) {
      await collect(result as AsyncIterable<unknown>);
    } else {
      await result;
    }
  } catch (error) {
    caught = error;
  }
  expect(caught, "expected an ImportError to be thrown").toBeInstanceOf(ImportError);
  const error = caught as ImportError;
  expect(error.code, error.message).toBe(code);
  return error;
}

/** JSONL text from objects. */
export function jsonl(...records: unknown[]): string {
  return records.map((r) => JSON.stringify(r)).join("\n") + "\n";
}
