// The rows of the last training set by cell and window. Features and labels of a (cell, window) depend
// only on the incidents before and in the window, so one backtest's weekly refits, which share all but
// a week of their windows, copy them rather than compute them again. One memo per backtest: the same
// incidents, category, shifts and covariates throughout.

const EMPTY = -1;

export class RowMemo {
  /** Cells by H3 id, numbered as first met: study areas number their cells afresh each refit. */
  private cellNumbers = new Map<string, number>();
  // An open-addressing table from (cell, window start in minutes) to the row holding it: a Map of
  // numbers cost more than the features it saved on a city-year backtest.
  private cells = new Int32Array(0);
  private minutes = new Int32Array(0);
  private rows = new Int32Array(0);
  private mask = 0;
  private x: Float64Array = new Float64Array(0);
  private y: Float64Array = new Float64Array(0);
  private f = 0;
  private recalled = 0;
  /** Rows the last training set kept had copied from the one before it. */
  carried = 0;

  /** A study cell's number in this memo. */
  cell(id: string): number {
    let c = this.cellNumbers.get(id);
    if (c === undefined) {
      c = this.cellNumbers.size;
      this.cellNumbers.set(id, c);
    }
    return c;
  }

  private slot(cell: number, minute: number): number {
    let h = Math.imul(cell, 0x9e3779b1) ^ Math.imul(minute, 0x85ebca6b);
    h ^= h >>> 15;
    return h & this.mask;
  }

  /** Copies the remembered row of (cell, window start in minutes) into x and y at row i; false when there is none. */
  recall(cell: number, minute: number, x: Float64Array, y: Float64Array, i: number): boolean {
    if (this.rows.length === 0) return false;
    for (let k = this.slot(cell, minute); ; k = (k + 1) & this.mask) {
      const j = this.rows[k]!;
      if (j === EMPTY) return false;
      if (this.cells[k] !== cell || this.minutes[k] !== minute) continue;
      const f = this.f;
      for (let q = 0; q < f; q++) x[i * f + q] = this.x[j * f + q]!;
      y[i] = this.y[j]!;
      this.recalled++;
      return true;
    }
  }

  /** Remembers this training set's rows (row i is cells[i] in the window starting at minutes[i]). */
  keep(cells: Int32Array, minutes: Int32Array, x: Float64Array, y: Float64Array, f: number): void {
    let size = 16;
    while (size < 2 * cells.length) size *= 2;
    this.cells = new Int32Array(size);
    this.minutes = new Int32Array(size);
    this.rows = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    for (let i = 0; i < cells.length; i++) {
      let k = this.slot(cells[i]!, minutes[i]!);
      while (this.rows[k] !== EMPTY) k = (k + 1) & this.mask;
      this.cells[k] = cells[i]!;
      this.minutes[k] = minutes[i]!;
      this.rows[k] = i;
    }
    this.x = x;
    this.y = y;
    this.f = f;
    this.carried = this.recalled;
    this.recalled = 0;
  }
}
