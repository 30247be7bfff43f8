import { afterEach, describe, expect, it, vi } from "vitest";
import {
  afterNextPaint,
  backoffDelay,
  createLocalStorageAdapter,
  createMemoryStorage,
  isRetriable,
  Outbox,
  resolveRefs,
  type OutboxOp,
  type OutboxStorage,
  type TransportRequest,
  type TransportResponse,
} from "./outbox";

type Meta = { label: string };

/** A transport whose answers the test gives one by one. */
function scriptedTransport() {
  const calls: TransportRequest[] = [];
  const waiting: { resolve: (r: TransportResponse) => void; reject: (e: unknown) => void }[] = [];
  const transport = (req: TransportRequest) => {
    calls.push(req);
    return new Promise<TransportResponse>((resolve, reject) => waiting.push({ resolve, reject }));
  };
  const answer = async (status: number, body: unknown = {}) => {
    await flush();
    const w = waiting.shift();
    if (!w) throw new Error("no request is waiting for an answer");
    w.resolve({ status, body });
    await flush();
  };
  const networkError = async () => {
    await flush();
    const w = waiting.shift();
    if (!w) throw new Error("no request is waiting for an answer");
    w.reject(new TypeError("Failed to fetch"));
    await flush();
  };
  return { transport, calls, answer, networkError, pending: () => waiting.length };
}

async function flush() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

function fakeTimers() {
  let now = 1_000_000;
  const timers: { fn: () => void; at: number; ms: number }[] = [];
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      const t = { fn, at: now + ms, ms };
      timers.push(t);
      return t;
    },
    clearTimer: (h: unknown) => {
      const i = timers.indexOf(h as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
    delays: () => timers.map((t) => t.ms),
    async fire() {
      const t = timers.shift();
      if (!t) throw new Error("no timer scheduled");
      now = t.at;
      t.fn();
      await flush();
    },
    count: () => timers.length,
  };
}

function makeOutbox(opts: { storage?: OutboxStorage<Meta>; random?: number; confirmed?: [string, unknown][]; isAlreadyApplied?: (op: OutboxOp<Meta>) => boolean } = {}) {
  const net = scriptedTransport();
  const clock = fakeTimers();
  const storage = opts.storage ?? createMemoryStorage<Meta>();
  const confirmed = opts.confirmed ?? [];
  const outbox = new Outbox<Meta>({
    storage,
    transport: net.transport,
    onConfirmed: (op, body) => confirmed.push([op.id, body]),
    isAlreadyApplied: opts.isAlreadyApplied ? (op) => opts.isAlreadyApplied!(op) : undefined,
    now: clock.now,
    random: () => opts.random ?? 0.5,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
  });
  return { outbox, net, clock, storage, confirmed };
}

const create = (id: string, extra: Partial<Parameters<Outbox<Meta>["enqueue"]>[0]> = {}) => ({
  id,
  request: { method: "POST" as const, path: "/api/projects/p/documents/d/annotations", body: { id: `span-${id}` } },
  meta: { label: id },
  ...extra,
});

describe("backoffDelay", () => {
  it("doubles from 1 s and caps at 30 s, with the jitter inside [step/2, step]", () => {
    const steps = [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000];
    steps.forEach((step, i) => {
      expect(backoffDelay(i + 1, 0)).toBe(step / 2);
      expect(backoffDelay(i + 1, 1)).toBe(step);
      const mid = backoffDelay(i + 1, 0.5);
      expect(mid).toBeGreaterThanOrEqual(step / 2);
      expect(mid).toBeLessThanOrEqual(step);
    });
    expect(backoffDelay(1000, 1)).toBe(30000);
  });

  it("retries network errors, 5xx, 408 and 429, and nothing else", () => {
    for (const s of [0, 500, 502, 503, 408, 429]) expect(isRetriable(s)).toBe(true);
    for (const s of [400, 401, 403, 404, 409, 422]) expect(isRetriable(s)).toBe(false);
  });
});

describe("Outbox", () => {
  it("stores an op before its request is sent, with the op id as Idempotency-Key", async () => {
    const storage = createMemoryStorage<Meta>();
    let storedWhenSent: number | null = null;
    const outbox = new Outbox<Meta>({
      storage,
      transport: async (req) => {
        storedWhenSent = storage.saved?.ops.length ?? 0;
        expect(req.headers["Idempotency-Key"]).toBe("op-1");
        return { status: 201, body: { annotation: { id: "span-op-1", version: 1 } } };
      },
    });
    outbox.enqueue(create("op-1"));
    expect(storage.saved?.ops.map((o) => o.id)).toEqual(["op-1"]);
    await flush();
    expect(storedWhenSent).toBe(1);
    expect(storage.saved?.ops).toEqual([]);
  });

  it("sends ops strictly one at a time, in the order they were queued", async () => {
    const { outbox, net, confirmed } = makeOutbox();
    outbox.enqueue(create("a"));
    outbox.enqueue(create("b"));
    outbox.enqueue(create("c"));
    await flush();
    expect(net.calls.map((c) => c.headers["Idempotency-Key"])).toEqual(["a"]);
    expect(net.pending()).toBe(1);
    await net.answer(201);
    expect(net.calls.map((c) => c.headers["Idempotency-Key"])).toEqual(["a", "b"]);
    await net.answer(201);
    await net.answer(201);
    expect(net.calls.map((c) => c.headers["Idempotency-Key"])).toEqual(["a", "b", "c"]);
    expect(confirmed.map(([id]) => id)).toEqual(["a", "b", "c"]);
    expect(outbox.snapshot().phase).toBe("idle");
  });

  it("retries network errors with the backoff schedule, keeping order, and then succeeds", async () => {
    const { outbox, net, clock, confirmed } = makeOutbox({ random: 1 });
    outbox.enqueue(create("a"));
    outbox.enqueue(create("b"));
    await net.networkError();
    expect(outbox.snapshot().phase).toBe("offline");
    expect(outbox.snapshot().ops.length).toBe(2);
    expect(clock.delays()).toEqual([1000]);
    await clock.fire();
    await net.networkError();
    expect(clock.delays()).toEqual([2000]);
    await clock.fire();
    await net.answer(503, { error: { code: "unavailable", message: "Down for a moment." } });
    expect(outbox.snapshot().phase).toBe("retrying");
    expect(outbox.snapshot().lastError?.message).toBe("Down for a moment.");
    expect(clock.delays()).toEqual([4000]);
    await clock.fire();
    await net.answer(201);
    await net.answer(201);
    expect(net.calls.map((c) => c.headers["Idempotency-Key"])).toEqual(["a", "a", "a", "a", "b"]);
    expect(confirmed.map(([id]) => id)).toEqual(["a", "b"]);
    expect(outbox.snapshot().phase).toBe("idle");
    expect(outbox.snapshot().lastError).toBeNull();
  });

  it("caps the wait at 30 s however long the server is unreachable", async () => {
    const { outbox, net, clock } = makeOutbox({ random: 1 });
    outbox.enqueue(create("a"));
    const seen: number[] = [];
    for (let i = 0; i < 8; i++) {
      await net.networkError();
      seen.push(...clock.delays());
      await clock.fire();
    }
    expect(seen).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it("retryNow skips the wait (e.g. when the browser comes back online)", async () => {
    const { outbox, net, clock } = makeOutbox();
    outbox.enqueue(create("a"));
    await net.networkError();
    expect(clock.count()).toBe(1);
    outbox.retryNow();
    expect(clock.count()).toBe(0);
    await net.answer(201);
    expect(outbox.ops).toEqual([]);
  });

  it("survives a reload: a new outbox on the same storage resumes the queued ops in order", async () => {
    const storage = createMemoryStorage<Meta>();
    const first = makeOutbox({ storage });
    first.outbox.enqueue(create("a"));
    first.outbox.enqueue(create("b"));
    await first.net.networkError();
    first.outbox.dispose();

    const confirmed: [string, unknown][] = [];
    const second = makeOutbox({ storage, confirmed });
    expect(second.outbox.ops.map((o) => o.id)).toEqual(["a", "b"]);
    expect(second.outbox.ops[0]?.attempts).toBe(1);
    second.outbox.start();
    await second.net.answer(201);
    await second.net.answer(201);
    expect(confirmed.map(([id]) => id)).toEqual(["a", "b"]);
    expect(storage.saved?.ops).toEqual([]);
  });

  it("removes an op exactly once: a duplicate confirmation or a discard of a confirmed op does nothing", async () => {
    const { outbox, net, confirmed } = makeOutbox();
    outbox.enqueue(create("a"));
    outbox.enqueue(create("b"));
    // Two drains racing (retryNow while a request is in flight) must not send or confirm twice.
    outbox.retryNow();
    outbox.retryNow();
    await flush();
    expect(net.pending()).toBe(1);
    await net.answer(201);
    expect(outbox.discard("a")).toBeUndefined();
    await net.answer(201);
    expect(confirmed.map(([id]) => id)).toEqual(["a", "b"]);
    expect(net.calls.length).toBe(2);
  });

  it("does not let an op that is on the wire be discarded", async () => {
    const { outbox, net } = makeOutbox();
    outbox.enqueue(create("a"));
    await flush();
    expect(outbox.discard("a")).toBeUndefined();
    await net.answer(201);
    expect(outbox.ops).toEqual([]);
  });

  it("stops on a permanent error, keeps the op with the server's message, and goes on after a discard", async () => {
    const storage = createMemoryStorage<Meta>();
    const { outbox, net, confirmed } = makeOutbox({ storage });
    outbox.enqueue(create("a"));
    outbox.enqueue(create("b"));
    await net.answer(422, { error: { code: "quote_mismatch", message: "The quote does not match the text." } });
    const snap = outbox.snapshot();
    expect(snap.phase).toBe("blocked");
    expect(snap.ops[0]?.status).toBe("failed");
    expect(snap.ops[0]?.error).toMatchObject({ status: 422, code: "quote_mismatch", message: "The quote does not match the text." });
    expect(storage.saved?.ops.map((o) => [o.id, o.status])).toEqual([
      ["a", "failed"],
      ["b", "pending"],
    ]);
    await flush();
    expect(net.calls.length).toBe(1); // b waits behind the failed op
    const dropped = outbox.discard("a");
    expect(dropped?.id).toBe("a");
    await net.answer(201);
    expect(confirmed.map(([id]) => id)).toEqual(["b"]);
    expect(outbox.snapshot().phase).toBe("idle");
  });

  it("keeps a failed op failed across a reload (the person still has to decide)", async () => {
    const storage = createMemoryStorage<Meta>();
    const first = makeOutbox({ storage });
    first.outbox.enqueue(create("a"));
    await first.net.answer(403, { error: { code: "forbidden", message: "Your role does not allow this." } });
    const second = makeOutbox({ storage });
    second.outbox.start();
    await flush();
    expect(second.net.calls.length).toBe(0);
    expect(second.outbox.snapshot().phase).toBe("blocked");
    second.outbox.retry("a");
    await second.net.answer(201);
    expect(second.outbox.ops).toEqual([]);
  });

  it("sends later edits of a span with the version the previous edit returned", async () => {
    const { outbox, net } = makeOutbox();
    const patch = (id: string, note: string) => ({
      id,
      request: { method: "PATCH" as const, path: "/api/projects/p/annotations/s1", body: { note } },
      versioned: { target: "s1", version: 3 },
      meta: { label: id },
    });
    outbox.enqueue(patch("p1", "one"));
    outbox.enqueue(patch("p2", "two"));
    outbox.enqueue({ id: "d1", request: { method: "DELETE", path: "/api/projects/p/annotations/s1" }, versioned: { target: "s1", version: 3 }, meta: { label: "d1" } });
    await flush();
    expect(JSON.parse(net.calls[0]!.body!)).toEqual({ note: "one", version: 3 });
    await net.answer(200, { annotation: { id: "s1", version: 4 } });
    expect(JSON.parse(net.calls[1]!.body!)).toEqual({ note: "two", version: 4 });
    await net.answer(200, { annotation: { id: "s1", version: 5 } });
    expect(net.calls[2]!.url).toBe("/api/projects/p/annotations/s1?version=5");
    await net.answer(200, { annotation: { id: "s1", version: 6 }, removedRelations: [] });
    expect(outbox.ops).toEqual([]);
  });

  it("on a 409 keeps the op; rebase (keep mine) re-sends it against the current version", async () => {
    const { outbox, net } = makeOutbox();
    outbox.enqueue({
      id: "p1",
      request: { method: "PATCH", path: "/api/projects/p/annotations/s1", body: { labelId: "quote" } },
      versioned: { target: "s1", version: 2 },
      meta: { label: "p1" },
    });
    await net.answer(409, { error: { code: "version_conflict", message: "Someone else changed this span.", details: { current: { id: "s1", version: 7 } } } });
    expect(outbox.snapshot().phase).toBe("blocked");
    expect(outbox.ops[0]?.error?.code).toBe("version_conflict");
    outbox.rebase("p1", 7);
    await flush();
    expect(JSON.parse(net.calls[1]!.body!)).toEqual({ labelId: "quote", version: 7 });
    await net.answer(200, { annotation: { id: "s1", version: 8 } });
    expect(outbox.ops).toEqual([]);
  });

  it("treats a 409 whose current state already matches as confirmed (a retry after a lost response)", async () => {
    const confirmed: [string, unknown][] = [];
    const { outbox, net } = makeOutbox({ confirmed, isAlreadyApplied: () => true });
    outbox.enqueue({ id: "p1", request: { method: "PATCH", path: "/x", body: {} }, versioned: { target: "s1", version: 2 }, meta: { label: "p1" } });
    const current = { id: "s1", version: 3 };
    await net.answer(409, { error: { code: "version_conflict", message: "changed", details: { current } } });
    expect(confirmed).toEqual([["p1", { annotation: current }]]);
    expect(outbox.ops).toEqual([]);
  });

  it("resolves ids captured from earlier responses into later requests", async () => {
    const { outbox, net } = makeOutbox();
    outbox.enqueue({ id: "e1", request: { method: "POST", path: "/api/projects/p/entities", body: { name: "Ada" } }, captureId: "entity.id", meta: { label: "e1" } });
    outbox.enqueue({
      id: "p1",
      request: { method: "PATCH", path: "/api/projects/p/annotations/s1", body: { entityId: "outbox-ref:e1" } },
      versioned: { target: "s1", version: 1 },
      meta: { label: "p1" },
    });
    await net.answer(201, { entity: { id: "ent-42" } });
    expect(JSON.parse(net.calls[1]!.body!)).toEqual({ entityId: "ent-42", version: 1 });
    await net.answer(200, { annotation: { id: "s1", version: 2 } });
    expect(outbox.ops).toEqual([]);
  });

  it("blocks instead of sending a reference that can never be resolved", async () => {
    const { outbox, net } = makeOutbox();
    outbox.enqueue({ id: "p1", request: { method: "PATCH", path: "/x", body: { entityId: "outbox-ref:gone" } }, meta: { label: "p1" } });
    await flush();
    expect(net.calls.length).toBe(0);
    expect(outbox.snapshot().phase).toBe("blocked");
    expect(outbox.ops[0]?.error?.code).toBe("unresolved_reference");
  });

  it("refuses two ops with the same id", () => {
    const { outbox } = makeOutbox();
    outbox.enqueue(create("a"));
    expect(() => outbox.enqueue(create("a"))).toThrow(/already queued/);
  });

  it("keeps working in memory and says so when storage refuses to save", async () => {
    const failing: OutboxStorage<Meta> = {
      load: () => null,
      save: () => {
        throw new Error("QuotaExceededError");
      },
    };
    const { outbox, net } = makeOutbox({ storage: failing });
    outbox.enqueue(create("a"));
    expect(outbox.snapshot().persisted).toBe(false);
    await net.answer(201);
    expect(outbox.ops).toEqual([]);
  });

  it("notifies subscribers of every change", async () => {
    const { outbox, net } = makeOutbox();
    const phases: string[] = [];
    outbox.subscribe((s) => phases.push(`${s.phase}:${s.ops.length}`));
    outbox.enqueue(create("a"));
    await net.answer(201);
    expect(phases).toContain("saving:1");
    expect(phases.at(-1)).toBe("idle:0");
  });
});

describe("resolveRefs", () => {
  it("replaces references in nested values and leaves unknown ones alone", () => {
    expect(resolveRefs({ a: "outbox-ref:x", b: ["outbox-ref:y", 3], c: "/e/outbox-ref:x/z" }, { x: "1" })).toEqual({
      a: "1",
      b: ["outbox-ref:y", 3],
      c: "/e/1/z",
    });
  });
});

describe("createLocalStorageAdapter", () => {
  it("round-trips the state through a Storage and removes the key when the queue is empty", () => {
    const map = new Map<string, string>();
    const storage = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
      removeItem: (k: string) => void map.delete(k),
    } as unknown as Storage;
    const adapter = createLocalStorageAdapter<Meta>("k", storage);
    expect(adapter.load()).toBeNull();
    const op: OutboxOp<Meta> = { id: "a", request: { method: "POST", path: "/x" }, meta: { label: "a" }, createdAt: 1, attempts: 0, status: "pending" };
    adapter.save({ ops: [op], versions: { s: 2 }, refs: {} });
    expect(adapter.load()).toEqual({ ops: [op], versions: { s: 2 }, refs: {} });
    adapter.save({ ops: [], versions: {}, refs: {} });
    expect(map.has("k")).toBe(false);
  });
});

describe("afterNextPaint", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("runs once two animation frames and a task have passed, not before", () => {
    vi.useFakeTimers();
    const frames: (() => void)[] = [];
    vi.stubGlobal("requestAnimationFrame", (cb: () => void) => frames.push(cb));
    const fn = vi.fn();
    afterNextPaint(fn);
    frames.shift()!();
    vi.advanceTimersByTime(0);
    expect(fn).not.toHaveBeenCalled();
    frames.shift()!();
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000); // the fallback was cancelled: still once
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("runs after the fallback delay when no frame comes (a hidden tab), and only once", () => {
    vi.useFakeTimers();
    const frames: (() => void)[] = [];
    vi.stubGlobal("requestAnimationFrame", (cb: () => void) => frames.push(cb));
    const fn = vi.fn();
    afterNextPaint(fn, 80);
    vi.advanceTimersByTime(79);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    frames.shift()!();
    frames.shift()?.();
    vi.advanceTimersByTime(10);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
