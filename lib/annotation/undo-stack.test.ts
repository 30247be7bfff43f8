import { describe, expect, it } from "vitest";
import { createUndoStack } from "./undo-stack";

describe("createUndoStack", () => {
  it("undoes the most recent action first and redoes in the reverse order", () => {
    const s = createUndoStack<string>();
    s.push("a");
    s.push("b");
    s.push("c");
    expect(s.undo()).toBe("c");
    expect(s.undo()).toBe("b");
    expect(s.redo()).toBe("b");
    expect(s.redo()).toBe("c");
    expect(s.redo()).toBeUndefined();
    expect(s.undoSize).toBe(3);
  });

  it("reports what can be undone and redone, and peeks without moving", () => {
    const s = createUndoStack<number>();
    expect(s.canUndo).toBe(false);
    expect(s.canRedo).toBe(false);
    expect(s.undo()).toBeUndefined();
    s.push(1);
    expect(s.canUndo).toBe(true);
    expect(s.peekUndo()).toBe(1);
    expect(s.undoSize).toBe(1);
    s.undo();
    expect(s.canUndo).toBe(false);
    expect(s.canRedo).toBe(true);
    expect(s.peekRedo()).toBe(1);
    expect(s.redoSize).toBe(1);
  });

  it("clears the redo side when a new action is pushed", () => {
    const s = createUndoStack<string>();
    s.push("a");
    s.push("b");
    s.undo();
    s.push("c");
    expect(s.canRedo).toBe(false);
    expect(s.undo()).toBe("c");
    expect(s.undo()).toBe("a");
  });

  it("keeps at most `limit` entries, dropping the oldest", () => {
    const s = createUndoStack<number>(3);
    for (let i = 1; i <= 5; i++) s.push(i);
    expect(s.undoSize).toBe(3);
    expect([s.undo(), s.undo(), s.undo(), s.undo()]).toEqual([5, 4, 3, undefined]);
  });

  it("rewrites entries on both sides and drops those mapped to null", () => {
    const s = createUndoStack<string>();
    s.push("keep-1");
    s.push("drop");
    s.push("keep-2");
    s.undo(); // keep-2 on the redo side
    s.rewrite((e) => (e === "drop" ? null : e.toUpperCase()));
    expect(s.undoSize).toBe(1);
    expect(s.redo()).toBe("KEEP-2");
    expect(s.undo()).toBe("KEEP-2");
    expect(s.undo()).toBe("KEEP-1");
  });

  it("refuses a limit that is not a positive integer", () => {
    expect(() => createUndoStack(0)).toThrow(RangeError);
    expect(() => createUndoStack(1.5)).toThrow(RangeError);
  });

  it("clear() empties both sides", () => {
    const s = createUndoStack<number>();
    s.push(1);
    s.push(2);
    s.undo();
    s.clear();
    expect(s.canUndo).toBe(false);
    expect(s.canRedo).toBe(false);
  });
});
