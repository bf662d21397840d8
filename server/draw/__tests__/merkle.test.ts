import { afterAll, describe, expect, it } from 'vitest';
import { fastSha256, hashWasmSha256, nodeSha256, runHashJob, shutdownDrawWorkers, targetTickets } from '../kernel.js';
import { auditPath, leafHash, merkleRoot, toHex, verifyInclusion } from '../merkle.js';
import { parseTsv } from '../tsv.js';
import { referenceMth } from './reference.js';
import { createHash } from 'node:crypto';

afterAll(() => shutdownDrawWorkers());

const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`leaf ${i}\tA`, 'utf8'));
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('Merkle tree hash (RFC 6962)', () => {
  it('the empty tree is SHA-256 of nothing', () => {
    expect(toHex(merkleRoot([]))).toBe(EMPTY);
  });

  it.each([0, 1, 2, 3, 5, 7, 8, 9, 16, 17, 33])('%i leaves: root equals the recursive definition', (n) => {
    const leaves = leavesOf(n);
    const expected = referenceMth(leaves).toString('hex');
    expect(toHex(merkleRoot(leaves))).toBe(expected);
    expect(toHex(merkleRoot(leaves, nodeSha256()))).toBe(expected);
  });

  it('one leaf is SHA-256(0x00 ‖ leaf), two leaves SHA-256(0x01 ‖ h0 ‖ h1)', () => {
    const [a, b] = leavesOf(2) as [Buffer, Buffer];
    const h = (...p: Buffer[]) => createHash('sha256').update(Buffer.concat(p)).digest();
    const ha = h(Buffer.from([0]), a);
    expect(toHex(merkleRoot([a]))).toBe(ha.toString('hex'));
    expect(toHex(merkleRoot([a, b]))).toBe(h(Buffer.from([1]), ha, h(Buffer.from([0]), b)).toString('hex'));
    expect(toHex(leafHash(a))).toBe(ha.toString('hex'));
  });

  it('audit paths of every leaf verify, for trees of 1 to 20 leaves', () => {
    for (let n = 1; n <= 20; n++) {
      const leaves = leavesOf(n);
      const root = merkleRoot(leaves);
      for (let i = 0; i < n; i++) {
        const path = auditPath(leaves, i);
        expect(verifyInclusion(leaves[i]!, i, n, path, root)).toBe(true);
      }
    }
  });

  it('a wrong leaf, index, size, path or root does not verify', () => {
    const leaves = leavesOf(11);
    const root = merkleRoot(leaves);
    const path = auditPath(leaves, 6);
    expect(verifyInclusion(leaves[6]!, 6, 11, path, root)).toBe(true);
    expect(verifyInclusion(leaves[5]!, 6, 11, path, root)).toBe(false);
    expect(verifyInclusion(leaves[6]!, 5, 11, path, root)).toBe(false);
    // A size that changes the shape of the path (the size itself is authenticated by the root's publisher).
    expect(verifyInclusion(leaves[6]!, 6, 7, path, root)).toBe(false);
    expect(verifyInclusion(leaves[6]!, 6, 11, path.slice(0, -1), root)).toBe(false);
    expect(verifyInclusion(leaves[6]!, 6, 11, [...path, path[0]!], root)).toBe(false);
    const bent = path.map((p) => p.slice());
    bent[1]![0]! ^= 1;
    expect(verifyInclusion(leaves[6]!, 6, 11, bent, root)).toBe(false);
    const otherRoot = merkleRoot(leavesOf(12));
    expect(verifyInclusion(leaves[6]!, 6, 11, path, otherRoot)).toBe(false);
    expect(verifyInclusion(leaves[6]!, 11, 11, path, root)).toBe(false);
    expect(() => auditPath(leaves, 11)).toThrow(RangeError);
  });

  it('the audit path of a one-leaf tree is empty', () => {
    const leaves = leavesOf(1);
    expect(auditPath(leaves, 0)).toEqual([]);
    expect(verifyInclusion(leaves[0]!, 0, 1, [], merkleRoot(leaves))).toBe(true);
  });
});

describe('hashing kernel', () => {
  it('every hasher agrees with node:crypto on inputs of every length up to 300 bytes', async () => {
    const fast = await fastSha256();
    expect(fast.backend).toBe('hash-wasm-direct');
    const data = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37 + 11) & 0xff));
    const out = new Uint8Array(32);
    for (const sha of [fast, await hashWasmSha256(), nodeSha256()]) {
      for (let n = 0; n <= 300; n++) {
        const expected = createHash('sha256').update(data.subarray(0, n)).digest('hex');
        sha.digestInto(out, 0, data.subarray(0, n));
        expect(toHex(out)).toBe(expected);
        sha.input.set(data.subarray(0, n));
        sha.digestInput(n, out, 0);
        expect(toHex(out)).toBe(expected);
        // Split input: a ‖ b.
        sha.digestInto(out, 0, data.subarray(0, n >> 1), data.subarray(n >> 1, n));
        expect(toHex(out)).toBe(expected);
      }
    }
  });

  // Big enough to be split into several chunks (65,536 leaves each) and to be worth the workers.
  const BIG = 150_001;
  const bigList = () => {
    const text = Array.from({ length: BIG }, (_, i) => `K${String(i).padStart(7, '0')}\t${'ABCD'[i % 4]}\n`).join('');
    return parseTsv('big.tsv', Buffer.from(text, 'utf8'));
  };

  it('chunked and parallel Merkle roots and tickets equal the single-pass ones', async () => {
    const t = bigList();
    const seed = new Uint8Array(32).fill(7);
    const local = await runHashJob({ lists: [t], tickets: { list: 0, keyEnds: t.tabs, seed } }, { workers: 0 });
    const parallel = await runHashJob({ lists: [t], tickets: { list: 0, keyEnds: t.tabs, seed } }, { workers: 1 });
    expect(local.threads).toBe(1);
    expect(parallel.threads).toBe(2);

    const leaves = Array.from({ length: BIG }, (_, i) => t.bytes.subarray(t.starts[i]!, t.starts[i + 1]! - 1));
    const root = toHex(merkleRoot(leaves));
    expect(toHex(local.roots[0]!)).toBe(root);
    expect(toHex(parallel.roots[0]!)).toBe(root);
    expect(Buffer.from(parallel.tickets).equals(Buffer.from(local.tickets))).toBe(true);

    // Tickets against a plain computation for a few lines, including both ends.
    const expected = new Uint8Array(32 * BIG);
    targetTickets(nodeSha256(), seed, t, t.tabs, 0, 3, expected);
    for (const i of [0, 1, 2, BIG - 1]) {
      const key = Buffer.from(t.bytes.subarray(t.starts[i]!, t.tabs[i]!));
      const len = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
      const plain = createHash('sha256')
        .update(Buffer.concat([seed, len(6), Buffer.from('target'), len(key.length), key]))
        .digest('hex');
      expect(toHex(local.tickets.subarray(i * 32, i * 32 + 32))).toBe(plain);
    }
    expect(toHex(expected.subarray(0, 96))).toBe(toHex(local.tickets.subarray(0, 96)));
  });
});
