// Numbers points (each packed into one number) in the order they are first seen, through an
// open-addressing table of typed arrays. A Map keyed by such numbers (too large for V8's small
// integers) cost an import of 150,000 rows more than a tenth of a second in lookups alone.

export class PointIndex {
  /** Per slot, the index of the point there, or -1. */
  private slots = new Int32Array(1 << 12).fill(-1);
  /** The points, by index. */
  readonly keys: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  /** The point's index; a new point is numbered when `add` is true, else -1. */
  indexOf(key: number, add: boolean): number {
    const mask = this.slots.length - 1;
    for (let s = slotHash(key) & mask; ; s = (s + 1) & mask) {
      const at = this.slots[s]!;
      if (at === -1) {
        if (!add) return -1;
        this.slots[s] = this.keys.length;
        this.keys.push(key);
        if (this.keys.length * 2 > this.slots.length) this.grow();
        return this.keys.length - 1;
      }
      if (this.keys[at] === key) return at;
    }
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = this.slots.length - 1;
    this.keys.forEach((key, i) => {
      let s = slotHash(key) & mask;
      while (this.slots[s] !== -1) s = (s + 1) & mask;
      this.slots[s] = i;
    });
  }
}

/** A whole number of up to 53 bits, mixed into 32. */
function slotHash(key: number): number {
  const high = Math.floor(key / 4294967296) | 0;
  let h = Math.imul((key >>> 0) ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  return Math.imul(h, 0xc2b2ae35) ^ (h >>> 16);
}
