/**
 * The editor's persistent outbox: every write (create/patch/delete/restore a span, relations,
 * entities, submit) is an operation that is
 *
 * 1. written to storage BEFORE its request is sent (so a reload, a crash or a closed tab loses
 *    nothing),
 * 2. sent strictly in order, one at a time, with its client UUID as `Idempotency-Key` (a retried
 *    create is applied once),
 * 3. retried with exponential backoff and jitter (about 1 s, 2 s, 4 s … capped at 30 s) on network
 *    errors, 5xx, 408 and 429,
 * 4. removed only when the server confirms it (2xx) — exactly once, even if confirmations race —
 *    and
 * 5. on a permanent error (other 4xx) kept, marked failed with the server's message, and the queue
 *    stops behind it (later ops may depend on it) until the person retries, discards it, or, for a
 *    409 version conflict, resolves it (keep mine = re-send against the current version).
 *
 * Versions: a PATCH/DELETE carries the version it was based on. When an earlier op confirms and
 * returns the span's new version, later ops for the same span are sent with that version (so a
 * chain of quick edits never conflicts with itself), while an edit by someone else still does.
 * References: an op may capture an id from its response (`captureId`, e.g. a new entity's id);
 * later ops refer to it as `outbox-ref:<op id>` anywhere in their path or body.
 *
 * No React, no DOM: storage, transport, clock, randomness and timers are injected, so the rules
 * above are unit-tested. `createLocalStorageAdapter` and `fetchTransport` are the browser ones.
 */

export type OutboxMethod = "POST" | "PATCH" | "DELETE";

export interface OutboxRequest {
  method: OutboxMethod;
  /** Absolute path, e.g. `/api/projects/p/annotations/a`. May contain `outbox-ref:<op id>`. */
  path: string;
  body?: Record<string, unknown>;
}

export interface OutboxError {
  /** HTTP status; 0 for a network failure. */
  status: number;
  code: string;
  message: string;
  details?: unknown;
}

export interface OutboxOp<M = unknown> {
  /** Client UUID; sent as `Idempotency-Key`. */
  id: string;
  request: OutboxRequest;
  /**
   * The span/relation whose version this request carries: sent as `body.version` (PATCH) or
   * `?version=` (DELETE). `version` is what the client knew when the op was made.
   */
  versioned?: { target: string; version: number };
  /** Dot path of an id in the response body to remember for `outbox-ref:<this op's id>` (e.g. "entity.id"). */
  captureId?: string;
  /** Caller data (the optimistic effect, a description). Must be JSON-serialisable. */
  meta: M;
  createdAt: number;
  attempts: number;
  status: "pending" | "failed";
  /** The last error (for a failed op: why it stopped the queue). */
  error?: OutboxError;
}

/** What is persisted. */
export interface OutboxState<M = unknown> {
  ops: OutboxOp<M>[];
  /** Latest server version of spans/relations touched by queued ops. */
  versions: Record<string, number>;
  /** `outbox-ref:<op id>` → the id the server gave. */
  refs: Record<string, string>;
}

export interface OutboxStorage<M = unknown> {
  load(): OutboxState<M> | null;
  /** Must be durable when it returns (the request is sent right after). May throw when storage is full. */
  save(state: OutboxState<M>): void;
}

export interface TransportRequest {
  method: OutboxMethod;
  url: string;
  headers: Record<string, string>;
  body?: string;
}
export interface TransportResponse {
  status: number;
  body: unknown;
}
/** Sends one request; REJECTS only on a network failure (no response at all). */
export type Transport = (req: TransportRequest) => Promise<TransportResponse>;

export type OutboxPhase =
  /** Nothing queued. */
  | "idle"
  /** Sending (or about to). */
  | "saving"
  /** The last attempt could not reach the server; waiting to retry. */
  | "offline"
  /** The server answered 5xx/408/429; waiting to retry. */
  | "retrying"
  /** The head op failed permanently; waiting for the person (retry / discard / resolve). */
  | "blocked";

export interface OutboxSnapshot<M = unknown> {
  ops: readonly OutboxOp<M>[];
  phase: OutboxPhase;
  /** When the next automatic retry happens (ms since epoch), if one is scheduled. */
  nextRetryAt: number | null;
  /** The error of the last failed attempt (cleared by a success). */
  lastError: OutboxError | null;
  /** False when storage refused the last save (the queue then lives in memory only). */
  persisted: boolean;
}

export interface OutboxOptions<M> {
  storage: OutboxStorage<M>;
  transport: Transport;
  /** Called once per op, after it is removed, with the server's response body. */
  onConfirmed?: (op: OutboxOp<M>, body: unknown) => void;
  /**
   * For a 409 answer: true when the server's current state already is what the op wanted (a retry
   * of a request whose first response was lost). The op then counts as confirmed with
   * `{ annotation: details.current }` as its body.
   */
  isAlreadyApplied?: (op: OutboxOp<M>, error: OutboxError) => boolean;
  now?: () => number;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /**
   * When to start sending after an op is queued (it is stored already). Default: a microtask. The
   * editor passes "after the next paint", so the request's work never delays the frame that shows
   * the change.
   */
  schedule?: (fn: () => void) => void;
  baseDelayMs?: number;
  maxDelayMs?: number;
  log?: (message: string, extra?: unknown) => void;
}

export const REF_PREFIX = "outbox-ref:";
export const BASE_DELAY_MS = 1000;
export const MAX_DELAY_MS = 30_000;

/**
 * Backoff before retry number `attempt` (1 = first retry): the exponential step
 * `min(max, base·2^(attempt-1))` with "equal jitter" — a uniformly random delay in
 * [step/2, step] — so that many clients coming back online don't retry in lockstep.
 * With the defaults: 0.5–1 s, 1–2 s, 2–4 s, 4–8 s, 8–16 s, then 15–30 s.
 */
export function backoffDelay(attempt: number, random: number, baseMs = BASE_DELAY_MS, maxMs = MAX_DELAY_MS): number {
  const n = Math.max(1, Math.floor(attempt));
  const step = Math.min(maxMs, baseMs * 2 ** Math.min(n - 1, 30));
  const r = Math.max(0, Math.min(1, random));
  return Math.round(step / 2 + (step / 2) * r);
}

/** True for answers worth retrying: no response, 5xx, 408, 429. */
export function isRetriable(status: number): boolean {
  return status === 0 || status >= 500 || status === 408 || status === 429;
}

function errorFromBody(status: number, body: unknown): OutboxError {
  const e = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null | undefined)?.error;
  return {
    status,
    code: typeof e?.code === "string" ? e.code : "http_error",
    message: typeof e?.message === "string" ? e.message : `The server answered ${status}.`,
    details: e?.details,
  };
}

function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Replace every `outbox-ref:<op id>` string (or substring of a path) with the captured id. */
export function resolveRefs<T>(value: T, refs: Readonly<Record<string, string>>): T {
  if (typeof value === "string") {
    if (!value.includes(REF_PREFIX)) return value;
    return value.replace(/outbox-ref:([0-9A-Za-z-]+)/g, (m, id: string) => refs[id] ?? m) as T;
  }
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, refs)) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveRefs(v, refs);
    return out as T;
  }
  return value;
}

/** True when `value` still contains an unresolved reference. */
function hasUnresolvedRef(value: unknown): boolean {
  if (typeof value === "string") return value.includes(REF_PREFIX);
  if (Array.isArray(value)) return value.some(hasUnresolvedRef);
  if (value !== null && typeof value === "object") return Object.values(value).some(hasUnresolvedRef);
  return false;
}

export interface NewOp<M> {
  id: string;
  request: OutboxRequest;
  versioned?: { target: string; version: number };
  captureId?: string;
  meta: M;
}

export class Outbox<M = unknown> {
  private state: OutboxState<M> = { ops: [], versions: {}, refs: {} };
  private readonly listeners = new Set<(s: OutboxSnapshot<M>) => void>();
  private phase: OutboxPhase = "idle";
  private lastError: OutboxError | null = null;
  private nextRetryAt: number | null = null;
  private timer: unknown = null;
  private inFlight: string | null = null;
  private draining = false;
  private persisted = true;
  private snapshotCache: OutboxSnapshot<M> | null = null;
  private readonly opts: Required<Omit<OutboxOptions<M>, "onConfirmed" | "isAlreadyApplied" | "log">> &
    Pick<OutboxOptions<M>, "onConfirmed" | "isAlreadyApplied" | "log">;

  constructor(options: OutboxOptions<M>) {
    this.opts = {
      now: () => Date.now(),
      random: () => Math.random(),
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      baseDelayMs: BASE_DELAY_MS,
      maxDelayMs: MAX_DELAY_MS,
      ...options,
      schedule: options.schedule ?? ((fn) => queueMicrotask(fn)),
    };
    const loaded = this.safeLoad();
    if (loaded) {
      // A reload: ops that had failed permanently stay failed (the person still has to decide);
      // everything else is resumed.
      this.state = loaded;
    }
    this.phase = this.computeIdlePhase();
  }

  /** Pending ops in order (the head is sent first). */
  get ops(): readonly OutboxOp<M>[] {
    return this.state.ops;
  }

  get refs(): Readonly<Record<string, string>> {
    return this.state.refs;
  }

  snapshot(): OutboxSnapshot<M> {
    if (!this.snapshotCache) {
      this.snapshotCache = {
        ops: this.state.ops,
        phase: this.phase,
        nextRetryAt: this.nextRetryAt,
        lastError: this.lastError,
        persisted: this.persisted,
      };
    }
    return this.snapshotCache;
  }

  subscribe(listener: (s: OutboxSnapshot<M>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Queue an op: it is saved to storage first, then sending starts (asynchronously). Returns the
   * stored op.
   */
  enqueue(input: NewOp<M>): OutboxOp<M> {
    if (this.state.ops.some((o) => o.id === input.id)) throw new Error(`An outbox op with id ${input.id} is already queued`);
    const op: OutboxOp<M> = { ...input, createdAt: this.opts.now(), attempts: 0, status: "pending" };
    this.state = { ...this.state, ops: [...this.state.ops, op] };
    this.save();
    this.emit();
    this.kick();
    return op;
  }

  /** Start sending what storage held (call once after creating the outbox on page load). */
  start(): void {
    this.kick();
  }

  /** Start (or resume) sending now, skipping any backoff wait. Failed ops stay failed. */
  retryNow(): void {
    this.cancelTimer();
    this.kick();
  }

  /** Re-send a failed op (e.g. after the person fixed the cause). */
  retry(opId: string): void {
    this.updateOp(opId, (o) => ({ ...o, status: "pending" }));
    this.retryNow();
  }

  /**
   * Keep my version after a 409: re-send the op against the server's current version.
   */
  rebase(opId: string, currentVersion: number): void {
    const op = this.state.ops.find((o) => o.id === opId);
    if (!op?.versioned) return;
    this.state = { ...this.state, versions: { ...this.state.versions, [op.versioned.target]: currentVersion } };
    this.retry(opId);
  }

  /** Drop an op that will not be sent (a failed op, or one the person gave up on). Returns it. */
  discard(opId: string): OutboxOp<M> | undefined {
    if (this.inFlight === opId) return undefined; // it is on the wire; its answer decides
    const op = this.state.ops.find((o) => o.id === opId);
    if (!op) return undefined;
    this.state = { ...this.state, ops: this.state.ops.filter((o) => o.id !== opId) };
    this.lastError = null;
    this.cancelTimer();
    this.save();
    this.phase = this.computeIdlePhase();
    this.emit();
    this.kick();
    return op;
  }

  /** Stop timers (the ops stay stored). */
  dispose(): void {
    this.cancelTimer();
    this.listeners.clear();
  }

  /** The request as it will be sent: refs resolved, version filled in, Idempotency-Key set. */
  resolveRequest(op: OutboxOp<M>): TransportRequest {
    const refs = this.state.refs;
    let path = resolveRefs(op.request.path, refs);
    let body = op.request.body ? resolveRefs(op.request.body, refs) : undefined;
    if (op.versioned) {
      const version = this.state.versions[op.versioned.target] ?? op.versioned.version;
      if (op.request.method === "DELETE") path += `${path.includes("?") ? "&" : "?"}version=${version}`;
      else body = { ...(body ?? {}), version };
    }
    const headers: Record<string, string> = { "Idempotency-Key": op.id, Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return { method: op.request.method, url: path, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  }

  private kick(): void {
    this.opts.schedule(() => void this.drain());
  }

  private async drain(): Promise<void> {
    if (this.draining || this.timer !== null) return;
    this.draining = true;
    try {
      for (;;) {
        const head = this.state.ops[0];
        if (!head) {
          this.setPhase("idle");
          return;
        }
        if (head.status === "failed") {
          this.setPhase("blocked");
          return;
        }
        const req = this.resolveRequest(head);
        if (hasUnresolvedRef(req.url) || (req.body && hasUnresolvedRef(req.body))) {
          this.fail(head.id, {
            status: 0,
            code: "unresolved_reference",
            message: "This change refers to something that was never saved (it was discarded). Discard this change too.",
          });
          return;
        }
        this.setPhase("saving");
        this.inFlight = head.id;
        let res: TransportResponse;
        try {
          res = await this.opts.transport(req);
        } catch (err) {
          this.inFlight = null;
          this.opts.log?.("[outbox] network error", err);
          this.scheduleRetry(head.id, { status: 0, code: "network", message: "Can't reach the Spanlab server." }, "offline");
          return;
        }
        this.inFlight = null;
        if (res.status >= 200 && res.status < 300) {
          this.confirm(head.id, res.body);
          continue;
        }
        const error = errorFromBody(res.status, res.body);
        if (isRetriable(res.status)) {
          this.scheduleRetry(head.id, error, "retrying");
          return;
        }
        if (res.status === 409 && this.opts.isAlreadyApplied?.(head, error)) {
          const current = (error.details as { current?: unknown } | undefined)?.current;
          this.confirm(head.id, { annotation: current });
          continue;
        }
        this.fail(head.id, error);
        return;
      }
    } finally {
      this.draining = false;
    }
  }

  /** Remove a confirmed op exactly once and tell the caller. */
  private confirm(opId: string, body: unknown): void {
    const op = this.state.ops.find((o) => o.id === opId);
    if (!op) return; // already confirmed or discarded: never twice
    const versions = { ...this.state.versions };
    const refs = { ...this.state.refs };
    for (const key of ["annotation", "relation"] as const) {
      const item = getPath(body, key) as { id?: unknown; version?: unknown } | undefined;
      if (item && typeof item.id === "string" && typeof item.version === "number") versions[item.id] = item.version;
    }
    if (op.captureId) {
      const id = getPath(body, op.captureId);
      if (typeof id === "string") refs[op.id] = id;
    }
    const ops = this.state.ops.filter((o) => o.id !== opId);
    // Keep versions only for targets still queued (the cache holds the rest), and refs only while a
    // queued op still mentions them.
    const targets = new Set(ops.flatMap((o) => (o.versioned ? [o.versioned.target] : [])));
    for (const k of Object.keys(versions)) if (!targets.has(k)) delete versions[k];
    const mentioned = JSON.stringify(ops);
    for (const k of Object.keys(refs)) if (!mentioned.includes(`${REF_PREFIX}${k}`)) delete refs[k];
    this.state = { ops, versions, refs };
    this.lastError = null;
    this.save();
    this.emit();
    try {
      this.opts.onConfirmed?.(op, body);
    } catch (err) {
      this.opts.log?.("[outbox] onConfirmed failed", err);
    }
  }

  private fail(opId: string, error: OutboxError): void {
    this.updateOp(opId, (o) => ({ ...o, status: "failed", error, attempts: o.attempts + 1 }));
    this.lastError = error;
    this.setPhase("blocked");
  }

  private scheduleRetry(opId: string, error: OutboxError, phase: "offline" | "retrying"): void {
    const op = this.state.ops.find((o) => o.id === opId);
    const attempts = (op?.attempts ?? 0) + 1;
    this.updateOp(opId, (o) => ({ ...o, attempts, error }));
    this.lastError = error;
    const delay = backoffDelay(attempts, this.opts.random(), this.opts.baseDelayMs, this.opts.maxDelayMs);
    this.nextRetryAt = this.opts.now() + delay;
    this.timer = this.opts.setTimer(() => {
      this.timer = null;
      this.nextRetryAt = null;
      void this.drain();
    }, delay);
    this.setPhase(phase);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.opts.clearTimer(this.timer);
    this.timer = null;
    this.nextRetryAt = null;
  }

  private updateOp(opId: string, fn: (op: OutboxOp<M>) => OutboxOp<M>): void {
    this.state = { ...this.state, ops: this.state.ops.map((o) => (o.id === opId ? fn(o) : o)) };
    this.save();
    this.emit();
  }

  private computeIdlePhase(): OutboxPhase {
    const head = this.state.ops[0];
    if (!head) return "idle";
    return head.status === "failed" ? "blocked" : "saving";
  }

  private setPhase(phase: OutboxPhase): void {
    if (this.phase === phase) return;
    this.phase = phase;
    this.emit();
  }

  private emit(): void {
    this.snapshotCache = null;
    const snap = this.snapshot();
    for (const l of this.listeners) l(snap);
  }

  private save(): void {
    try {
      this.opts.storage.save(this.state);
      this.persisted = true;
    } catch (err) {
      // The queue still works in memory; the save state says changes are not stored.
      this.persisted = false;
      this.opts.log?.("[outbox] could not store the queue", err);
    }
  }

  private safeLoad(): OutboxState<M> | null {
    try {
      const s = this.opts.storage.load();
      if (!s || !Array.isArray(s.ops)) return null;
      return { ops: s.ops, versions: s.versions ?? {}, refs: s.refs ?? {} };
    } catch (err) {
      this.opts.log?.("[outbox] could not read the stored queue", err);
      return null;
    }
  }
}

/** Storage in `localStorage` under one key (synchronous: durable before the request is sent). */
export function createLocalStorageAdapter<M>(key: string, storage: Storage = globalThis.localStorage): OutboxStorage<M> {
  return {
    load() {
      const raw = storage.getItem(key);
      return raw ? (JSON.parse(raw) as OutboxState<M>) : null;
    },
    save(state) {
      if (state.ops.length === 0) storage.removeItem(key);
      else storage.setItem(key, JSON.stringify(state));
    },
  };
}

/** An in-memory adapter (tests; or where storage is unavailable). */
export function createMemoryStorage<M>(initial: OutboxState<M> | null = null): OutboxStorage<M> & { saved: OutboxState<M> | null; saves: number } {
  const s = {
    saved: initial ? (JSON.parse(JSON.stringify(initial)) as OutboxState<M>) : null,
    saves: 0,
    load() {
      return s.saved ? (JSON.parse(JSON.stringify(s.saved)) as OutboxState<M>) : null;
    },
    save(state: OutboxState<M>) {
      s.saves++;
      s.saved = JSON.parse(JSON.stringify(state)) as OutboxState<M>;
    },
  };
  return s;
}

/**
 * Runs `fn` once the browser has drawn the next frame: a task queued from the animation callback of
 * the frame after it. The first frame's work ends on the main thread before its pixels are drawn on
 * other threads; a request sent then — and the server's work on it, which with the embedded
 * database runs PostgreSQL inside the app's process on the same cores — slows that drawing down
 * (bench/editor on PGlite: 44–47 of 100 tags painted within 16 ms when sent after one frame,
 * 50–69 after two; no difference on a PostgreSQL server). After `fallbackMs` when no frame comes
 * (a hidden tab draws none).
 */
export function afterNextPaint(fn: () => void, fallbackMs = 80): void {
  if (typeof requestAnimationFrame !== "function") {
    setTimeout(fn, 0);
    return;
  }
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    fn();
  };
  const fallback = setTimeout(run, fallbackMs);
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      clearTimeout(fallback);
      setTimeout(run, 0);
    }),
  );
}

/** The browser transport: `fetch` with the session cookie; rejects only when there is no response. */
export const fetchTransport: Transport = async (req) => {
  const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, credentials: "same-origin" });
  const text = await res.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = { error: { code: "bad_response", message: `The server answered ${res.status} with something that is not JSON.` } };
    }
  }
  return { status: res.status, body };
};
