/**
 * RFC 6962 Merkle Tree Hash over the lines of a list, and audit paths (inclusion proofs) so that one
 * subject can be shown to have been a candidate without publishing anything more than the root.
 *
 * Every function takes an optional {@link Sha256}; the default is hash-wasm's SHA-256 module called
 * directly (node:crypto if that is unavailable), which is fast enough for a million leaves.
 */
import { defaultSha256, reduceLevel, type Sha256 } from './kernel.js';

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

/** SHA-256(0x00 ‖ data): the hash of one leaf. */
export function leafHash(data: Uint8Array, sha: Sha256 = defaultSha256()): Uint8Array {
  const out = new Uint8Array(32);
  sha.digestInto(out, 0, LEAF_PREFIX, data);
  return out;
}

/** SHA-256(0x01 ‖ left ‖ right): the hash of an interior node. */
export function nodeHash(left: Uint8Array, right: Uint8Array, sha: Sha256 = defaultSha256()): Uint8Array {
  const both = new Uint8Array(64);
  both.set(left, 0);
  both.set(right, 32);
  const out = new Uint8Array(32);
  sha.digestInto(out, 0, NODE_PREFIX, both);
  return out;
}

/** MTH(leaves[from, to)) — all leaf hashes in one buffer, then reduced in place level by level. */
function subtreeRoot(leaves: readonly Uint8Array[], from: number, to: number, sha: Sha256): Uint8Array {
  const level = new Uint8Array(Math.max(to - from, 1) * 32);
  for (let i = from; i < to; i++) sha.digestInto(level, (i - from) * 32, LEAF_PREFIX, leaves[i]!);
  return reduceLevel(sha, level, to - from).slice();
}

/** RFC 6962 Merkle Tree Hash of a list of leaves (raw leaf bytes, not yet hashed). */
export function merkleRoot(leaves: readonly Uint8Array[], sha: Sha256 = defaultSha256()): Uint8Array {
  return subtreeRoot(leaves, 0, leaves.length, sha);
}

/** Largest power of two strictly smaller than n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * RFC 6962 §2.1.1 audit path PATH(index, leaves): the sibling subtree hashes from the leaf up to the
 * root. Costs one pass over the leaves (the sibling subtrees partition the list).
 */
export function auditPath(leaves: readonly Uint8Array[], index: number, sha: Sha256 = defaultSha256()): Uint8Array[] {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) {
    throw new RangeError(`leaf index ${index} outside 0..${leaves.length - 1}`);
  }
  const path: Uint8Array[] = [];
  // Walk down from the root; each level's sibling is prepended since the path runs leaf-upwards.
  let from = 0;
  let to = leaves.length;
  let m = index;
  while (to - from > 1) {
    const k = splitPoint(to - from);
    if (m < k) {
      path.unshift(subtreeRoot(leaves, from + k, to, sha));
      to = from + k;
    } else {
      path.unshift(subtreeRoot(leaves, from, from + k, sha));
      from += k;
      m -= k;
    }
  }
  return path;
}

/**
 * Checks that `leafBytes` is leaf number `index` of a `count`-leaf tree with root `root`, given its audit
 * path (RFC 9162 §2.1.3.2, the verification algorithm for RFC 6962 paths).
 */
export function verifyInclusion(
  leafBytes: Uint8Array,
  index: number,
  count: number,
  path: readonly Uint8Array[],
  root: Uint8Array,
  sha: Sha256 = defaultSha256(),
): boolean {
  if (!Number.isInteger(index) || !Number.isInteger(count) || index < 0 || index >= count) return false;
  let fn = index;
  let sn = count - 1;
  let r = leafHash(leafBytes, sha);
  for (const p of path) {
    if (p.length !== 32 || sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r, sha);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p, sha);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalBytes(r, root);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * Audit path of leaf `index` when all leaf hashes are already at hand (`leafHashes`, 32 bytes each):
 * each sibling subtree is reduced from a copy of its leaf hashes, so one proof costs fewer than n node
 * hashes and no leaf hashing.
 */
export function auditPathFromLeafHashes(leafHashes: Uint8Array, count: number, index: number, sha: Sha256 = defaultSha256()): Uint8Array[] {
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new RangeError(`leaf index ${index} outside 0..${count - 1}`);
  const subtree = (from: number, to: number) => reduceLevel(sha, leafHashes.slice(from * 32, to * 32), to - from).slice();
  const path: Uint8Array[] = [];
  let from = 0;
  let to = count;
  let m = index;
  while (to - from > 1) {
    const k = splitPoint(to - from);
    if (m < k) {
      path.unshift(subtree(from + k, to));
      to = from + k;
    } else {
      path.unshift(subtree(from, from + k));
      from += k;
      m -= k;
    }
  }
  return path;
}
