/**
 * A bounded undo/redo history of editor commands.
 *
 * Pure and generic: an entry is whatever the caller needs to undo and redo one user action (for
 * the editor: "created span X", "deleted span X with relations R", "changed label from A to B").
 * The stack never runs anything itself; `undo()` hands back the entry to revert and moves it to
 * the redo side, `redo()` the reverse. Pushing a new entry clears the redo side, like every
 * editor. When more than `limit` entries are kept, the oldest is dropped.
 */
export interface UndoStack<T> {
  /** Record a new action (clears the redo side). */
  push(entry: T): void;
  /** The most recent action to revert, moved to the redo side; undefined when there is none. */
  undo(): T | undefined;
  /** The most recently reverted action to apply again, moved back to the undo side. */
  redo(): T | undefined;
  /** The entry `undo()` would return, without moving it. */
  peekUndo(): T | undefined;
  /** The entry `redo()` would return, without moving it. */
  peekRedo(): T | undefined;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  /** Number of entries on the undo side. */
  readonly undoSize: number;
  /** Number of entries on the redo side. */
  readonly redoSize: number;
  /** Replace every entry (both sides) for which `map` returns a different value; drop those it maps to null. */
  rewrite(map: (entry: T) => T | null): void;
  clear(): void;
}

export const DEFAULT_UNDO_LIMIT = 200;

export function createUndoStack<T>(limit: number = DEFAULT_UNDO_LIMIT): UndoStack<T> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Undo limit must be a positive integer, got ${String(limit)}`);
  let done: T[] = [];
  let undone: T[] = [];
  return {
    push(entry) {
      done.push(entry);
      if (done.length > limit) done.splice(0, done.length - limit);
      undone = [];
    },
    undo() {
      const entry = done.pop();
      if (entry !== undefined) undone.push(entry);
      return entry;
    },
    redo() {
      const entry = undone.pop();
      if (entry !== undefined) done.push(entry);
      return entry;
    },
    peekUndo: () => done[done.length - 1],
    peekRedo: () => undone[undone.length - 1],
    get canUndo() {
      return done.length > 0;
    },
    get canRedo() {
      return undone.length > 0;
    },
    get undoSize() {
      return done.length;
    },
    get redoSize() {
      return undone.length;
    },
    rewrite(map) {
      const apply = (list: T[]): T[] => {
        const out: T[] = [];
        for (const e of list) {
          const m = map(e);
          if (m !== null) out.push(m);
        }
        return out;
      };
      done = apply(done);
      undone = apply(undone);
    },
    clear() {
      done = [];
      undone = [];
    },
  };
}
