// Remembers which ids an import has already seen, in 9 bytes each instead of a string each: a
// 64-bit hash in an open-addressing table, and a byte beside it. Two different ids sharing a hash is
// about as likely as winning a lottery twice for a file of ten million rows.

// The two halves of the last hash, returned through these to spare an array per call.
let hashHigh = 0;
let hashLow = 0;

function hash64(text: string): void {
  // Two independent 32-bit FNV-1a variants over UTF-16 code units.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  hashHigh = a >>> 0;
  hashLow = b >>> 0 || 1;
}

/**
 * What a visit found: the id new, seen before with the same mark, seen before with a lower mark (now
 * raised), or seen before with a higher one.
 */
export const NEW = 0;
export const AGAIN = 1;
export const RAISED = 2;
export const LESSER = 3;

export class SeenSet {
  private hi = new Uint32Array(1 << 12);
  private lo = new Uint32Array(1 << 12);
  /** A small number kept with each id (one byte): how serious its event is, for the importer. */
  private marks = new Uint8Array(1 << 12);
  private count = 0;
  /** Where the last insert put or found its id. */
  private slot = 0;

  get size(): number {
    return this.count;
  }

  /** Adds the id; false when it was already there. */
  add(id: string): boolean {
    return this.visit(id, 0) === NEW;
  }

  /** Adds the id with its mark (0–255); seen before, its mark is raised to this one if higher. */
  visit(id: string, mark: number): typeof NEW | typeof AGAIN | typeof RAISED | typeof LESSER {
    if ((this.count + 1) * 2 > this.hi.length) this.grow();
    hash64(id);
    if (this.insert(hashHigh, hashLow)) {
      this.marks[this.slot] = mark;
      return NEW;
    }
    if (mark < this.marks[this.slot]!) return LESSER;
    if (mark === this.marks[this.slot]!) return AGAIN;
    this.marks[this.slot] = mark;
    return RAISED;
  }

  private insert(h: number, l: number): boolean {
    const mask = this.hi.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      // lo is never 0 for a stored key, so 0 marks an empty slot.
      if (this.lo[i] === 0) {
        this.hi[i] = h;
        this.lo[i] = l;
        this.count++;
        this.slot = i;
        return true;
      }
      if (this.hi[i] === h && this.lo[i] === l) {
        this.slot = i;
        return false;
      }
    }
  }

  private grow(): void {
    const [oldHi, oldLo, oldMarks] = [this.hi, this.lo, this.marks];
    // Four times as large while small (fewer rehashes of a large import's first million), then twice.
    const size = oldHi.length * (oldHi.length < 1 << 20 ? 4 : 2);
    this.hi = new Uint32Array(size);
    this.lo = new Uint32Array(size);
    this.marks = new Uint8Array(size);
    this.count = 0;
    for (let i = 0; i < oldHi.length; i++)
      if (oldLo[i] !== 0) {
        this.insert(oldHi[i]!, oldLo[i]!);
        this.marks[this.slot] = oldMarks[i]!;
      }
  }
}
