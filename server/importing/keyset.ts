/**
 * An exact set of short ASCII keys (subject keys: USCC, public ids, generated JC- keys) remembering the
 * line each was first seen on, for finding duplicates inside a file while it streams. Keys live in one
 * byte arena and the table in typed arrays, so a million keys cost about 40 MB and nothing the garbage
 * collector has to trace; strings are never kept.
 */
const UTF8 = new TextEncoder();

export class KeySet {
  private cap = 1 << 16;
  private slots = new Int32Array(this.cap).fill(-1); // arena offset of the key, −1 when empty
  private hashes = new Int32Array(this.cap);
  private lines = new Int32Array(this.cap);
  private arena = new Uint8Array(1 << 20);
  private used = 0;
  size = 0;

  /** Adds the key held in `buf[start, end)`; returns the line it was first seen on, or 0 when it is new. */
  addBytes(buf: Uint8Array, start: number, end: number, line: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const len = end - start;
    const mask = this.cap - 1;
    let slot = h & mask;
    for (;;) {
      const off = this.slots[slot]!;
      if (off === -1) break;
      if (this.hashes[slot] === h && this.equals(off, buf, start, len)) return this.lines[slot]!;
      slot = (slot + 1) & mask;
    }
    if (this.used + len + 2 > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.used + len + 2));
      bigger.set(this.arena.subarray(0, this.used));
      this.arena = bigger;
    }
    const off = this.used;
    this.arena[off] = len & 0xff;
    this.arena[off + 1] = len >>> 8;
    this.arena.set(buf.subarray(start, end), off + 2);
    this.used += len + 2;
    this.slots[slot] = off;
    this.hashes[slot] = h;
    this.lines[slot] = line;
    if (++this.size * 2 > this.cap) this.grow();
    return 0;
  }

  private scratch = new Uint8Array(256);

  /** The same for a key given as a string (any characters; non-ASCII ones are compared as UTF-8). */
  addString(key: string, line: number): number {
    if (key.length * 3 > this.scratch.length) this.scratch = new Uint8Array(key.length * 3);
    const { written } = UTF8.encodeInto(key, this.scratch);
    return this.addBytes(this.scratch, 0, written, line);
  }

  private equals(off: number, buf: Uint8Array, start: number, len: number): boolean {
    const a = this.arena;
    if ((a[off]! | (a[off + 1]! << 8)) !== len) return false;
    for (let i = 0; i < len; i++) if (a[off + 2 + i] !== buf[start + i]) return false;
    return true;
  }

  private grow(): void {
    const oldSlots = this.slots;
    const oldHashes = this.hashes;
    const oldLines = this.lines;
    this.cap *= 2;
    const mask = this.cap - 1;
    this.slots = new Int32Array(this.cap).fill(-1);
    this.hashes = new Int32Array(this.cap);
    this.lines = new Int32Array(this.cap);
    for (let i = 0; i < oldSlots.length; i++) {
      const off = oldSlots[i]!;
      if (off === -1) continue;
      let slot = oldHashes[i]! & mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & mask;
      this.slots[slot] = off;
      this.hashes[slot] = oldHashes[i]!;
      this.lines[slot] = oldLines[i]!;
    }
  }
}
