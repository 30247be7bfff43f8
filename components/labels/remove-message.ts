export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

/** What the remove dialog says, from the label's usage: archive (with the count) or delete. */
export function removeLabelMessage(name: string, usage: { annotations: number; willArchive: boolean }): string {
  const n = usage.annotations;
  if (usage.willArchive && n > 0) {
    return `${plural(n, "annotation uses", "annotations use")} ${name}. Archive it? Its annotations stay and are still exported, but ${name} is no longer offered for new spans. You can restore it later.`;
  }
  if (usage.willArchive) {
    return `Only deleted annotations use ${name}, and they can be restored. Archive it? It is no longer offered for new spans; you can restore it later.`;
  }
  return `No annotations use ${name}. Delete it? This can't be undone.`;
}
