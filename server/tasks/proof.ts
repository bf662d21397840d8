/**
 * Inclusion proofs (RFC 6962 audit paths) answering "was subject X a candidate, excluded, or drawn in
 * task T?". A list line proves presence; for absence, the two adjacent lines of the byte-sorted list
 * that would surround X prove nothing lies between them. Verify with any RFC 6962/9162 implementation
 * against the `root` in the published manifest.
 */
import type { Pool } from 'pg';
import type { Caller } from '../auth/caller.js';
import { notFound } from '../common/errors.js';
import { fastSha256, hashLeaves, lineCount } from '../draw/kernel.js';
import { auditPathFromLeafHashes, toHex } from '../draw/merkle.js';
import { parseTsv, type TsvTable } from '../draw/tsv.js';
import type { DrawResult } from '../draw/draw.js';
import { loadBundle } from './draw.service.js';

export interface LeafProof {
  index: number;
  line: string;
  path: string[];
}

export interface ListProof {
  list: string;
  count: number;
  root: string;
  contains: boolean;
  leaves: LeafProof[];
}

export interface DrawProof {
  taskCode: string;
  attempt: number;
  subjectKey: string;
  manifestHash: string;
  outcome: string;
  status: 'SELECTED' | 'CANDIDATE' | 'EXCLUDED' | 'ABSENT';
  stratum: string | null;
  exclusionReasons: string[];
  ticket: string | null;
  candidates: ListProof;
  excluded: ListProof;
}

/** Leaf hashes of recently asked lists (a task page gets asked about many subjects in a row). */
const cache = new Map<string, Uint8Array>();
const CACHE_SIZE = 4;

async function leafHashesOf(cacheKey: string, table: TsvTable): Promise<Uint8Array> {
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const n = lineCount(table);
  const out = new Uint8Array(Math.max(n, 1) * 32);
  hashLeaves(await fastSha256(), table, 0, n, out);
  cache.set(cacheKey, out);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return out;
}

const encoder = new TextEncoder();

/** Compares the first field of line i with `key` by bytes. */
function compareKey(t: TsvTable, i: number, key: Uint8Array): number {
  const start = t.starts[i]!;
  const end = t.tabs[i]!;
  const len = Math.min(end - start, key.length);
  for (let k = 0; k < len; k++) {
    const d = t.bytes[start + k]! - key[k]!;
    if (d !== 0) return d;
  }
  return end - start - key.length;
}

/** First line whose key is ≥ key (binary search over the byte-sorted list). */
function lowerBound(t: TsvTable, key: Uint8Array): number {
  let lo = 0;
  let hi = lineCount(t);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKey(t, mid, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

async function listProof(list: string, cacheKey: string, bytes: Uint8Array, root: string, key: string): Promise<ListProof> {
  const t = parseTsv(`${list}.tsv`, bytes);
  const n = lineCount(t);
  const k = encoder.encode(key);
  const first = lowerBound(t, k);
  let last = first;
  while (last < n && compareKey(t, last, k) === 0) last++;
  const contains = last > first;
  const indexes = contains ? range(first, last) : [first - 1, first].filter((i) => i >= 0 && i < n);
  const hashes = indexes.length ? await leafHashesOf(cacheKey, t) : new Uint8Array(0);
  const sha = await fastSha256();
  const line = (i: number) => Buffer.from(t.bytes.subarray(t.starts[i]!, t.starts[i + 1]! - 1)).toString('utf8');
  return {
    list, count: n, root, contains,
    leaves: indexes.map((i) => ({ index: i, line: line(i), path: auditPathFromLeafHashes(hashes, n, i, sha).map(toHex) })),
  };
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, i) => a + i);
}

/** The proof for one subject in one attempt of a task's draw (the latest by default). Public. */
export async function drawProof(pool: Pool, _caller: Caller, code: string, subjectKey: string, attempt?: number | null): Promise<DrawProof> {
  const stored = await loadBundle(pool, code, attempt);
  if (!stored) throw notFound('抽取记录', attempt ? `${code} 第 ${attempt} 次` : code, 'task');
  const { draw } = stored;
  const m = draw.manifest as { candidates: { root: string }; excluded: { root: string } };
  const key = subjectKey.trim();
  const at = `${code}#${draw.attempt}`;
  const candidates = await listProof('candidates', `${at}/c`, draw.candidates, m.candidates.root, key);
  const excluded = await listProof('excluded', `${at}/e`, draw.excluded, m.excluded.root, key);
  const picked = (stored.bundle.result as DrawResult | undefined)?.selected.find((s) => s.key === key);
  const stratum = candidates.contains ? candidates.leaves[0]!.line.split('\t')[1]! : null;
  return {
    taskCode: code, attempt: draw.attempt, subjectKey: key, manifestHash: draw.manifestHash, outcome: draw.outcome,
    status: picked ? 'SELECTED' : candidates.contains ? 'CANDIDATE' : excluded.contains ? 'EXCLUDED' : 'ABSENT',
    stratum, exclusionReasons: excluded.contains ? excluded.leaves.map((l) => l.line.split('\t')[1]!) : [],
    ticket: picked?.ticket ?? null, candidates, excluded,
  };
}
