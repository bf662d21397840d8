/**
 * Small, fast, seedable randomness for the demo generator. Nothing here is for security: it only has
 * to be deterministic across machines and Node versions (pure 32-bit integer arithmetic, no
 * Math.random, no floating-point beyond the final division).
 */

/** cyrb128: string → four 32-bit words. */
export function hashString(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A 32-bit integer mix (lowbias32); good avalanche, used to derive per-row seeds and Feistel rounds. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** sfc32 generator with helpers. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a >>> 0;
    this.b = b >>> 0;
    this.c = c >>> 0;
    this.d = d >>> 0;
    for (let i = 0; i < 12; i++) this.next();
  }

  static fromString(seed: string): Rng {
    const [a, b, c, d] = hashString(seed);
    return new Rng(a, b, c, d);
  }

  /** An independent stream for item `index` of a stream family: cheap to create, random access. */
  static forIndex(key: readonly number[], index: number): Rng {
    const i = index >>> 0;
    const hi = Math.floor(index / 4294967296) >>> 0;
    return new Rng(
      mix32(key[0]! ^ i),
      mix32(key[1]! ^ Math.imul(i, 0x9e3779b9) ^ hi),
      mix32(key[2]! + i),
      key[3]! ^ i,
    );
  }

  /** Next uint32. */
  next(): number {
    const a = this.a, b = this.b, c = this.c, d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (c << 21) | (c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
}

/** Weighted choice, prepared once (cumulative table, binary search). */
export class Weighted<T> {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length) throw new Error('Weighted: bad input');
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    weights.forEach((w, i) => {
      sum += w;
      this.cumulative[i] = sum;
    });
    this.total = sum;
  }

  pick(rng: Rng): T {
    const x = rng.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

/**
 * A keyed pseudo-random permutation of [0, size): a balanced Feistel network on the smallest even
 * power of two ≥ size, with cycle walking. Lets the generator give row i a unique, random-looking
 * identifier without remembering the ones already handed out (flat memory at a million rows).
 */
export class Permutation {
  private readonly halfBits: number;
  private readonly mask: number;
  private readonly keys: number[];

  constructor(
    readonly size: number,
    seed: readonly number[],
    salt: number,
  ) {
    if (!(size >= 1 && size <= 2 ** 52)) throw new RangeError(`Permutation size out of range: ${size}`);
    let bits = 2;
    while (2 ** bits < size) bits += 2;
    this.halfBits = bits / 2;
    if (this.halfBits > 26) throw new RangeError('Permutation domain too large');
    this.mask = 2 ** this.halfBits - 1;
    this.keys = [0, 1, 2, 3].map((r) => mix32(seed[r]! ^ mix32(salt + r * 0x9e3779b9)));
  }

  apply(x: number): number {
    if (!(x >= 0 && x < this.size)) throw new RangeError(`Permutation input ${x} outside [0, ${this.size})`);
    let y = x;
    do y = this.round(y);
    while (y >= this.size);
    return y;
  }

  private round(x: number): number {
    const m = this.mask;
    const scale = m + 1;
    let left = Math.floor(x / scale);
    let right = x % scale;
    for (let r = 0; r < 4; r++) {
      const f = mix32(right ^ this.keys[r]!) & m;
      const next = (left ^ f) & m;
      left = right;
      right = next;
    }
    return left * scale + right;
  }
}
