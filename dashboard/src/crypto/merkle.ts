// RFC 6962 inclusion proofs checked in the browser (DRAW-SPEC.md §2.1): leaf = SHA-256(0x00 ‖ line),
// node = SHA-256(0x01 ‖ left ‖ right); the audit path is verified with RFC 9162 §2.1.3.2, as the
// server's own verifyInclusion (server/draw/merkle.ts) does.
import type { ListProof, MerkleLeafProof } from '../graphql/types'
import { compareUtf8, fromHex, sha256, utf8 } from './hash'

export async function leafHash(line: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const data = new Uint8Array(line.length + 1)
  data[0] = 0x00
  data.set(line, 1)
  return sha256(data)
}

export async function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const data = new Uint8Array(1 + left.length + right.length)
  data[0] = 0x01
  data.set(left, 1)
  data.set(right, 1 + left.length)
  return sha256(data)
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/** Is `line` leaf number `index` of a `count`-leaf tree with root `root`, given its audit path? */
export async function verifyInclusion(
  line: Uint8Array,
  index: number,
  count: number,
  path: readonly Uint8Array[],
  root: Uint8Array,
): Promise<boolean> {
  if (!Number.isInteger(index) || !Number.isInteger(count) || index < 0 || index >= count) return false
  let fn = index
  let sn = count - 1
  let r = await leafHash(line)
  for (const p of path) {
    if (p.length !== 32 || sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r)
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2)
          sn = Math.floor(sn / 2)
        }
      }
    } else {
      r = await nodeHash(r, p)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return sn === 0 && equal(r, root)
}

/** One leaf of a ListProof as the API sends it (hex strings), checked against the list's root. */
export async function verifyLeaf(leaf: MerkleLeafProof, count: number, rootHex: string): Promise<boolean> {
  const root = fromHex(rootHex)
  const path = leaf.path.map(fromHex)
  if (!root || path.some((p) => p === null)) return false
  return verifyInclusion(utf8(leaf.line), leaf.index, count, path as Uint8Array[], root)
}

/** The key (first field) of a list line. */
export function lineKey(line: string): string {
  const tab = line.indexOf('\t')
  return tab < 0 ? line : line.slice(0, tab)
}

/**
 * For a list that does not contain `key`: do the proven leaves show it cannot be there? The list is sorted
 * by byte order, so two consecutive lines whose keys are below and above `key` leave no room for it; at
 * either end of the list one line suffices, and an empty list contains nothing.
 * (The leaves themselves must also verify; this checks only their positions and keys.)
 */
export function bracketsAbsentKey(proof: Pick<ListProof, 'count' | 'leaves'>, key: string): boolean {
  const { count, leaves } = proof
  if (count === 0) return leaves.length === 0
  if (leaves.length === 2) {
    const [lo, hi] = leaves as [MerkleLeafProof, MerkleLeafProof]
    return hi.index === lo.index + 1 && compareUtf8(lineKey(lo.line), key) < 0 && compareUtf8(lineKey(hi.line), key) > 0
  }
  if (leaves.length === 1) {
    const only = leaves[0]!
    if (only.index === 0 && compareUtf8(lineKey(only.line), key) > 0) return true
    if (only.index === count - 1 && compareUtf8(lineKey(only.line), key) < 0) return true
  }
  return false
}
