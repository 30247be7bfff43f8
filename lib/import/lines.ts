/**
 * Splits a stream of newline-normalised text (only "\n" line breaks, see `normalize.ts`) into
 * lines without holding more than the current line: memory is O(longest line), not O(file).
 */
export interface TextLine {
  /** The line without its "\n". */
  text: string;
  /** 1-based line number. */
  line: number;
}

export async function* splitLines(pieces: AsyncIterable<string>): AsyncGenerator<TextLine> {
  let partial: string[] = [];
  let line = 1;
  for await (const piece of pieces) {
    let from = 0;
    let nl = piece.indexOf("\n");
    while (nl !== -1) {
      const segment = piece.slice(from, nl);
      let text: string;
      if (partial.length === 0) text = segment;
      else {
        partial.push(segment);
        text = partial.join("");
        partial = [];
      }
      yield { text, line };
      line++;
      from = nl + 1;
      nl = piece.indexOf("\n", from);
    }
    if (from < piece.length) partial.push(from === 0 ? piece : piece.slice(from));
  }
  if (partial.length > 0) yield { text: partial.join(""), line };
}
