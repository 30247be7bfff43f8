"use client";
import { startTransition, useCallback, useEffect, useState, useSyncExternalStore } from "react";
import type { CaretSelection } from "@/lib/annotation/caret";

/** Where the person is in the article: the caret or selection, the selected span, and whether the text has focus. */
export interface CursorState {
  sel: CaretSelection | null;
  selectedId: string | null;
  focused: boolean;
}

/**
 * The editor's cursor as a small external store. It changes on almost every key press; keeping it
 * out of the workspace's React state means a key press re-renders only what shows the cursor (the
 * caret overlay, the announcer, the side panel's details) instead of the whole editor.
 */
export class CursorStore {
  private state: CursorState = { sel: null, selectedId: null, focused: false };
  private readonly listeners = new Set<() => void>();

  get(): CursorState {
    return this.state;
  }

  set(patch: Partial<CursorState>): void {
    const next = { ...this.state, ...patch };
    if (next.sel === this.state.sel && next.selectedId === this.state.selectedId && next.focused === this.state.focused) return;
    this.state = next;
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

/** A slice of the cursor, re-rendering (urgently) only when that slice changes. */
export function useCursor<T>(cursor: CursorStore, select: (s: CursorState) => T): T {
  const get = useCallback(() => select(cursor.get()), [cursor, select]);
  return useSyncExternalStore(cursor.subscribe, get, get);
}

/** A slice of the cursor that follows it at transition priority (for what may lag a frame behind, like the side panel). */
export function useCursorLagging<T>(cursor: CursorStore, select: (s: CursorState) => T): T {
  const [value, setValue] = useState(() => select(cursor.get()));
  useEffect(() => {
    const update = () => startTransition(() => setValue(select(cursor.get())));
    update();
    return cursor.subscribe(update);
  }, [cursor, select]);
  return value;
}
