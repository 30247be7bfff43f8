/**
 * Byte input accepted by the streaming parsers: an async iterable of chunks (Node streams,
 * `ReadableStream` in Node ≥ 18, async generators), a sync iterable (an array of chunks), or a
 * web `ReadableStream` (read through its reader, so it works where `ReadableStream` is not
 * declared async-iterable).
 */
export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array> | ReadableStream<Uint8Array>;

function isReadableStream(source: ByteSource): source is ReadableStream<Uint8Array> {
  return typeof (source as { getReader?: unknown }).getReader === "function";
}

function isAsyncIterable(source: ByteSource): source is AsyncIterable<Uint8Array> {
  return typeof (source as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function";
}

/** Normalises any {@link ByteSource} to an async iterable. */
export async function* iterateBytes(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (isReadableStream(source)) {
    const reader = source.getReader();
    let done = false;
    try {
      while (true) {
        const r = await reader.read();
        if (r.done) {
          done = true;
          return;
        }
        yield r.value;
      }
    } finally {
      if (!done) await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    }
  } else if (isAsyncIterable(source)) {
    yield* source;
  } else {
    yield* source;
  }
}

/**
 * Reads the first `minBytes` bytes (or the whole source if shorter) without losing them: returns
 * the head and an iterable that replays the head followed by the rest.
 */
export async function peekBytes(
  source: ByteSource,
  minBytes: number,
): Promise<{ head: Uint8Array; chunks: AsyncGenerator<Uint8Array>; close(): Promise<void> }> {
  const it = iterateBytes(source);
  const buffered: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  while (size < minBytes) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    if (r.value.length === 0) continue;
    buffered.push(r.value);
    size += r.value.length;
  }
  const head = concatBytes(buffered, size);
  async function* replay(): AsyncGenerator<Uint8Array> {
    try {
      for (const b of buffered) yield b;
      buffered.length = 0;
      if (!ended) yield* it;
    } finally {
      await it.return(undefined);
    }
  }
  return {
    head,
    chunks: replay(),
    /** Releases the source when `chunks` will not be read. */
    async close() {
      await it.return(undefined);
    },
  };
}

export function concatBytes(parts: readonly Uint8Array[], total?: number): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const size = total ?? parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
