// The Hungarian algorithm (Kuhn-Munkres with potentials, O(n^2 m)) for a rectangular cost matrix
// with no more rows than columns: every row gets a distinct column and the total cost is minimal.
// Pure and deterministic: the same matrix always gives the same answer.

/**
 * Minimum-cost assignment of every row to a distinct column. `cost[i][j]` must be finite; use a
 * large finite number for "forbidden". Returns, per row, the index of its column.
 * Throws when there are more rows than columns.
 */
export function solveAssignment(cost: readonly (readonly number[])[]): number[] {
  const n = cost.length;
  if (n === 0) return [];
  const m = (cost[0] as readonly number[]).length;
  if (n > m) throw new RangeError(`more rows (${n}) than columns (${m})`);
  for (const row of cost) {
    if (row.length !== m) throw new RangeError('cost matrix rows differ in length');
    for (const c of row) if (!Number.isFinite(c)) throw new RangeError('costs must be finite');
  }
  // 1-based arrays as in the textbook formulation; column 0 is the virtual start column.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const rowOfColumn = new Int32Array(m + 1); // 0 = free
  const way = new Int32Array(m + 1);
  for (let i = 1; i <= n; i++) {
    rowOfColumn[0] = i;
    let j0 = 0;
    const minv = new Float64Array(m + 1).fill(Infinity);
    const used = new Uint8Array(m + 1);
    do {
      used[j0] = 1;
      const i0 = rowOfColumn[j0] as number;
      const row = cost[i0 - 1] as readonly number[];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const reduced = (row[j - 1] as number) - (u[i0] as number) - (v[j] as number);
        if (reduced < (minv[j] as number)) {
          minv[j] = reduced;
          way[j] = j0;
        }
        if ((minv[j] as number) < delta) {
          delta = minv[j] as number;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[rowOfColumn[j] as number] = (u[rowOfColumn[j] as number] as number) + delta;
          v[j] = (v[j] as number) - delta;
        } else {
          minv[j] = (minv[j] as number) - delta;
        }
      }
      j0 = j1;
    } while (rowOfColumn[j0] !== 0);
    do {
      const j1 = way[j0] as number;
      rowOfColumn[j0] = rowOfColumn[j1] as number;
      j0 = j1;
    } while (j0 !== 0);
  }
  const columnOfRow = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) {
    const i = rowOfColumn[j] as number;
    if (i > 0) columnOfRow[i - 1] = j - 1;
  }
  return columnOfRow;
}
