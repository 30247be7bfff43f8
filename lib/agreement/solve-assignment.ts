/**
 * Minimum-cost assignment (Hungarian algorithm with potentials, O(rows² · cols)).
 *
 * `cost` is a row-major `rows × cols` matrix with `rows <= cols`; every row is assigned to a
 * distinct column so that the summed cost is minimal. Returns, for each row, its column.
 * Used by the overlap span matcher on small clusters of mutually overlapping spans, so sizes are
 * tiny in practice; costs there are integers well below 2^53, so the arithmetic is exact.
 */
export function solveMinCostAssignment(rows: number, cols: number, cost: Float64Array): Int32Array {
  if (rows > cols) throw new RangeError(`solveMinCostAssignment needs rows <= cols, got ${rows} × ${cols}`);
  if (cost.length < rows * cols) throw new RangeError("cost matrix is smaller than rows × cols");
  // 1-based arrays as in the classic formulation; column 0 is a virtual column.
  const rowPotential = new Float64Array(rows + 1);
  const colPotential = new Float64Array(cols + 1);
  const rowOfCol = new Int32Array(cols + 1); // 0 = unassigned
  const previousCol = new Int32Array(cols + 1);
  const minSlack = new Float64Array(cols + 1);
  const visited = new Uint8Array(cols + 1);

  for (let row = 1; row <= rows; row++) {
    rowOfCol[0] = row;
    let col0 = 0;
    minSlack.fill(Infinity);
    visited.fill(0);
    do {
      visited[col0] = 1;
      const row0 = rowOfCol[col0]!;
      let delta = Infinity;
      let col1 = 0;
      for (let col = 1; col <= cols; col++) {
        if (visited[col] === 1) continue;
        const slack = cost[(row0 - 1) * cols + (col - 1)]! - rowPotential[row0]! - colPotential[col]!;
        if (slack < minSlack[col]!) {
          minSlack[col] = slack;
          previousCol[col] = col0;
        }
        if (minSlack[col]! < delta) {
          delta = minSlack[col]!;
          col1 = col;
        }
      }
      for (let col = 0; col <= cols; col++) {
        if (visited[col] === 1) {
          const assignedRow = rowOfCol[col]!;
          rowPotential[assignedRow] = rowPotential[assignedRow]! + delta;
          colPotential[col] = colPotential[col]! - delta;
        } else {
          minSlack[col] = minSlack[col]! - delta;
        }
      }
      col0 = col1;
    } while (rowOfCol[col0] !== 0);
    // Augment along the alternating path back to the virtual column.
    do {
      const col1 = previousCol[col0]!;
      rowOfCol[col0] = rowOfCol[col1]!;
      col0 = col1;
    } while (col0 !== 0);
  }

  const colOfRow = new Int32Array(rows).fill(-1);
  for (let col = 1; col <= cols; col++) {
    const row = rowOfCol[col]!;
    if (row !== 0) colOfRow[row - 1] = col - 1;
  }
  return colOfRow;
}
