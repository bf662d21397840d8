import { describe, expect, it } from 'vitest'
import { manifestHash } from '../jcs'
import { bracketsAbsentKey, verifyInclusion, verifyLeaf } from '../merkle'

// A published test vector with non-ASCII keys, from the folder the server's draw tests use. The spec runs
// under Node; its fs is reached without adding Node's types to the dashboard's type-check.
const nodeFs = (globalThis as unknown as { process: { getBuiltinModule(id: 'node:fs'): { readFileSync(file: URL, encoding: 'utf8'): string } } })
  .process.getBuiltinModule('node:fs')
const here = import.meta.url // (a variable, so Vite does not treat the URL below as an asset import)
const vector = (file: string) => nodeFs.readFileSync(new URL(`../../../../../shared/draw-vectors/03-unicode-keys-and-ungraded/${file}`, here), 'utf8')

// An independent RFC 6962 tree (MTH and PATH of RFC 6962 §2.1, recursive as written there), built with
// the platform's SHA-256, to check the browser-side verification against.
async function sha(...parts: Uint8Array[]): Promise<Uint8Array> {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    all.set(p, at)
    at += p.length
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', all))
}
const split = (n: number) => {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}
async function mth(d: Uint8Array[]): Promise<Uint8Array> {
  if (d.length === 0) return sha()
  if (d.length === 1) return sha(Uint8Array.of(0), d[0]!)
  const k = split(d.length)
  return sha(Uint8Array.of(1), await mth(d.slice(0, k)), await mth(d.slice(k)))
}
/** RFC 6962 §2.1.1 PATH(m, D), leaf upwards. */
async function auditPath(m: number, d: Uint8Array[]): Promise<Uint8Array[]> {
  if (d.length <= 1) return []
  const k = split(d.length)
  return m < k ? [...(await auditPath(m, d.slice(0, k))), await mth(d.slice(k))] : [...(await auditPath(m - k, d.slice(k))), await mth(d.slice(0, k))]
}
const enc = (s: string) => new TextEncoder().encode(s)
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')

async function tree(lines: string[]) {
  const data = lines.map(enc)
  return { data, root: await mth(data), path: (i: number) => auditPath(i, data) }
}

describe('browser-side RFC 6962 inclusion proofs (RFC 9162 §2.1.3.2)', () => {
  for (const n of [3, 5]) {
    it(`verifies every leaf of a ${n}-leaf tree`, async () => {
      const lines = Array.from({ length: n }, (_, i) => `9137030${i}MA0000000${i}\tB`)
      const t = await tree(lines)
      for (let i = 0; i < n; i++) {
        const p = await t.path(i)
        expect(await verifyInclusion(t.data[i]!, i, n, p, t.root)).toBe(true)
        // The same through the API's shape (hex strings).
        expect(await verifyLeaf({ index: i, line: lines[i]!, path: p.map(hex) }, n, hex(t.root))).toBe(true)
      }
    })

    it(`rejects a tampered proof in a ${n}-leaf tree`, async () => {
      const lines = Array.from({ length: n }, (_, i) => `K${i}\tA`)
      const t = await tree(lines)
      const i = n - 1
      const path = await t.path(i)
      const tampered = path.map((p, j) => (j === 0 ? Uint8Array.from(p, (b, x) => (x === 0 ? b ^ 1 : b)) : p))
      expect(await verifyInclusion(t.data[i]!, i, n, tampered, t.root)).toBe(false)
      expect(await verifyInclusion(enc('K9\tA'), i, n, path, t.root)).toBe(false)
      expect(await verifyInclusion(t.data[i]!, i - 1, n, path, t.root)).toBe(false)
      expect(await verifyInclusion(t.data[i]!, i, n + 1, path, t.root)).toBe(false)
      expect(await verifyInclusion(t.data[i]!, i, n, path.slice(1), t.root)).toBe(false)
      expect(await verifyInclusion(t.data[i]!, i, n, [...path, path[0]!], t.root)).toBe(false)
      expect(await verifyLeaf({ index: i, line: lines[i]!, path: path.map(hex) }, n, hex(await mth(t.data.slice(1))))).toBe(false)
      expect(await verifyLeaf({ index: i, line: lines[i]!, path: ['zz'] }, n, hex(t.root))).toBe(false)
    })
  }

  it('agrees with a published test vector: its candidate list (with non-ASCII keys) hashes to the manifest root', async () => {
    const vectorManifest = vector('manifest.json')
    const lines = vector('candidates.tsv').split('\n').filter(Boolean)
    const manifest = JSON.parse(vectorManifest) as { candidates: { root: string; count: number } }
    const t = await tree(lines)
    expect(lines.length).toBe(manifest.candidates.count)
    expect(hex(t.root)).toBe(manifest.candidates.root)
    for (const i of [0, 1, 25, lines.length - 1]) {
      const p = (await t.path(i)).map(hex)
      expect(await verifyLeaf({ index: i, line: lines[i]!, path: p }, lines.length, manifest.candidates.root)).toBe(true)
    }
    // And the manifest hash recomputed in the browser (RFC 8785) is the one the result names.
    expect(await manifestHash(vectorManifest)).toBe((JSON.parse(vector('result.json')) as { manifest: string }).manifest)
  })
})

describe('absence: two adjacent lines bracket the key', () => {
  const proof = (count: number, leaves: [number, string][]) => ({ count, leaves: leaves.map(([index, line]) => ({ index, line, path: [] })) })

  it('accepts consecutive lines below and above the key, by UTF-8 byte order', () => {
    expect(bracketsAbsentKey(proof(5, [[1, 'B\tA'], [2, 'D\tA']]), 'C')).toBe(true)
    expect(bracketsAbsentKey(proof(5, [[1, 'Z\tA'], [2, '甲\tA']]), 'ZZ')).toBe(true)
    expect(bracketsAbsentKey(proof(5, [[0, 'B\tA']]), 'A')).toBe(true)
    expect(bracketsAbsentKey(proof(5, [[4, 'B\tA']]), 'C')).toBe(true)
    expect(bracketsAbsentKey(proof(0, []), 'C')).toBe(true)
  })

  it('rejects lines that are not adjacent or do not surround the key', () => {
    expect(bracketsAbsentKey(proof(5, [[1, 'B\tA'], [3, 'D\tA']]), 'C')).toBe(false)
    expect(bracketsAbsentKey(proof(5, [[1, 'B\tA'], [2, 'C\tA']]), 'C')).toBe(false)
    expect(bracketsAbsentKey(proof(5, [[2, 'B\tA']]), 'A')).toBe(false)
    expect(bracketsAbsentKey(proof(5, []), 'C')).toBe(false)
  })
})
