/**
 * Types of the bundle's JSON files and their strict validation. Validation happens when a draw runs
 * (not only when a bundle is read) so an in-memory bundle built by the hub gets the same checks, and a
 * malformed manifest is a draw failure like any other.
 */
import { createHash } from 'node:crypto';
import { canonicalBytes } from './jcs.js';

/** The algorithm this module implements. */
export const ALGORITHM = 'jointcheck-draw/1';

/** Why a draw produced no result; `message` is the exact text an `error.txt` would hold. */
export type DrawErrorCode =
  | 'INVALID_BUNDLE'
  | 'INVALID_MANIFEST'
  | 'INVALID_REVEALS'
  | 'INVALID_LIST'
  | 'LIST_DIGEST_MISMATCH'
  | 'STRATA_MISMATCH'
  | 'QUOTA_RULE_MISMATCH'
  | 'QUOTA_EXCEEDS_STRATUM'
  | 'LEAD_NOT_FIRST'
  | 'NO_INSPECTORS_REQUESTED'
  | 'PARTIES_MISMATCH'
  | 'REVEAL_MISMATCH'
  | 'INSUFFICIENT_INSPECTORS';

/** A draw that fails, or a bundle that cannot be drawn. */
export class DrawError extends Error {
  override name = 'DrawError';
  constructor(
    readonly code: DrawErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Digest of one list file: its number of lines and RFC 6962 root (hex). */
export interface ListDigest {
  count: number;
  root: string;
}

/** A department's share of every team. */
export interface TeamDepartment {
  code: string;
  inspectors: number;
}

/** `manifest.json` of `jointcheck-draw/1`. */
export interface Manifest {
  algorithm: typeof ALGORITHM;
  task: string;
  frozenAt?: string;
  candidates: ListDigest & { strata: Record<string, number> };
  excluded: ListDigest;
  roster: ListDigest;
  conflicts: ListDigest;
  quotas: Record<string, number>;
  quotaRule?: Record<string, string>;
  team: { lead: string; maxPerInspector: number; departments: TeamDepartment[] };
  commitments: { party: string; commitment: string }[];
}

/** One party's revealed secret. */
export interface Reveal {
  party: string;
  secret: string;
}

/** `reveals.json`. */
export interface Reveals {
  reveals: Reveal[];
  public?: string;
}

const STRATUM = /^[A-Z0-9_]+$/;
const HEX32 = /^[0-9a-fA-F]{64}$/;
const DECIMAL = /^[0-9]+(\.[0-9]+)?$/;

type Json = Record<string, unknown>;

function fail(path: string, what: string): never {
  throw new DrawError('INVALID_MANIFEST', `manifest.json: ${path} ${what}`);
}

/** Path of a member: `a.b`, or just `b` at the top level (path ''). */
function member(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function object(v: unknown, path: string, allowed: readonly string[], required: readonly string[]): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path || 'the top level', 'must be an object');
  const o = v as Json;
  for (const k of Object.keys(o)) {
    // "Other fields may be added by later versions of the algorithm only."
    if (!allowed.includes(k)) fail(member(path, k), `is not a field of ${ALGORITHM}`);
  }
  for (const k of required) if (!(k in o)) fail(member(path, k), 'is missing');
  return o;
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string') fail(path, 'must be a string');
  return v;
}

function nonEmptyStr(v: unknown, path: string): string {
  const s = str(v, path);
  if (s.length === 0) fail(path, 'must not be empty');
  return s;
}

function count(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(path, 'must be a non-negative integer');
  return v;
}

function hex32(v: unknown, path: string): string {
  const s = str(v, path);
  if (!HEX32.test(s)) fail(path, 'must be 64 hex digits');
  return s;
}

function digest(v: unknown, path: string, extra: readonly string[] = []): ListDigest {
  const o = object(v, path, ['count', 'root', ...extra], ['count', 'root', ...extra]);
  return { count: count(o.count, `${path}.count`), root: hex32(o.root, `${path}.root`) };
}

function strataMap<T>(v: unknown, path: string, value: (x: unknown, p: string) => T): Record<string, T> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'must be an object');
  const out: Record<string, T> = {};
  for (const [k, x] of Object.entries(v as Json)) {
    if (!STRATUM.test(k)) fail(`${path}.${k}`, 'is not a stratum (A–Z, 0–9, _)');
    out[k] = value(x, `${path}.${k}`);
  }
  return out;
}

function ratio(v: unknown, path: string): string {
  const s = str(v, path);
  if (!DECIMAL.test(s)) fail(path, 'must be a decimal string such as "0.03"');
  return s;
}

function list<T>(v: unknown, path: string, item: (x: unknown, p: string) => T): T[] {
  if (!Array.isArray(v)) fail(path, 'must be an array');
  return v.map((x, i) => item(x, `${path}[${i}]`));
}

function uniqueBy<T>(items: T[], key: (t: T) => string, path: string, what: string): void {
  const seen = new Set<string>();
  items.forEach((t, i) => {
    const k = key(t);
    if (seen.has(k)) fail(`${path}[${i}]`, `repeats ${what} ${JSON.stringify(k)}`);
    seen.add(k);
  });
}

function team(v: unknown, path: string): Manifest['team'] {
  const o = object(v, path, ['lead', 'maxPerInspector', 'departments'], ['lead', 'maxPerInspector', 'departments']);
  const departments = list(o.departments, `${path}.departments`, (x, p) => {
    const d = object(x, p, ['code', 'inspectors'], ['code', 'inspectors']);
    return { code: nonEmptyStr(d.code, `${p}.code`), inspectors: count(d.inspectors, `${p}.inspectors`) };
  });
  if (departments.length === 0) fail(`${path}.departments`, 'must list at least the lead department');
  // A department listed twice would make "its inspectors" and the order of picks ambiguous.
  uniqueBy(departments, (d) => d.code, `${path}.departments`, 'department');
  return {
    lead: nonEmptyStr(o.lead, `${path}.lead`),
    maxPerInspector: count(o.maxPerInspector, `${path}.maxPerInspector`),
    departments,
  };
}

const MANIFEST_FIELDS = [
  'algorithm',
  'task',
  'frozenAt',
  'candidates',
  'excluded',
  'roster',
  'conflicts',
  'quotas',
  'quotaRule',
  'team',
  'commitments',
] as const;
const REQUIRED_FIELDS = MANIFEST_FIELDS.filter((f) => f !== 'frozenAt' && f !== 'quotaRule');

/**
 * Checks that a parsed `manifest.json` is a well-formed `jointcheck-draw/1` manifest and returns it typed.
 * Throws {@link DrawError} (`INVALID_MANIFEST`) naming the offending field.
 */
export function parseManifest(value: unknown): Manifest {
  const o = object(value, '', MANIFEST_FIELDS, REQUIRED_FIELDS);
  if (o.algorithm !== ALGORITHM) fail('algorithm', `must be "${ALGORITHM}" (got ${JSON.stringify(o.algorithm)})`);
  const c = digest(o.candidates, 'candidates', ['strata']);
  const commitments = list(o.commitments, 'commitments', (x, p) => {
    const e = object(x, p, ['party', 'commitment'], ['party', 'commitment']);
    return { party: nonEmptyStr(e.party, `${p}.party`), commitment: hex32(e.commitment, `${p}.commitment`) };
  });
  uniqueBy(commitments, (e) => e.party, 'commitments', 'party');
  const m: Manifest = {
    algorithm: ALGORITHM,
    task: nonEmptyStr(o.task, 'task'),
    candidates: { ...c, strata: strataMap((o.candidates as Json).strata, 'candidates.strata', count) },
    excluded: digest(o.excluded, 'excluded'),
    roster: digest(o.roster, 'roster'),
    conflicts: digest(o.conflicts, 'conflicts'),
    quotas: strataMap(o.quotas, 'quotas', count),
    team: team(o.team, 'team'),
    commitments,
  };
  if (o.frozenAt !== undefined) m.frozenAt = str(o.frozenAt, 'frozenAt');
  if (o.quotaRule !== undefined) m.quotaRule = strataMap(o.quotaRule, 'quotaRule', ratio);
  return m;
}

/**
 * Checks a parsed `reveals.json` and returns it typed; throws {@link DrawError} (`INVALID_REVEALS`).
 */
export function parseReveals(value: unknown): Reveals {
  const bad = (what: string): never => {
    throw new DrawError('INVALID_REVEALS', `reveals.json: ${what}`);
  };
  if (value === undefined) bad('missing (the draw needs every committed party’s reveal)');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad('must be an object');
  const o = value as Json;
  if (!Array.isArray(o.reveals)) bad('reveals must be an array');
  const reveals = (o.reveals as unknown[]).map((r, i): Reveal => {
    const e = (typeof r === 'object' && r !== null ? r : {}) as Json;
    if (typeof e.party !== 'string' || typeof e.secret !== 'string') {
      bad(`reveals[${i}] must have string "party" and "secret"`);
    }
    return { party: e.party as string, secret: e.secret as string };
  });
  const seen = new Set<string>();
  for (const r of reveals) {
    if (seen.has(r.party)) bad(`party ${JSON.stringify(r.party)} reveals twice`);
    seen.add(r.party);
  }
  if (o.public !== undefined && typeof o.public !== 'string') bad('public must be a string');
  return o.public === undefined ? { reveals } : { reveals, public: o.public as string };
}

function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `manifestHash = hex(SHA-256(JCS(manifest)))` — of the JSON value, whatever the file's formatting. */
export function manifestHash(manifest: unknown): string {
  return sha256Hex(canonicalBytes(manifest));
}

/** `hex(SHA-256(UTF-8(task + "\n" + party + "\n" + secret)))`: what a party publishes before revealing. */
export function commitment(task: string, party: string, secret: string): string {
  return sha256Hex(Buffer.from(`${task}\n${party}\n${secret}`, 'utf8'));
}

/** Byte-order comparison of the UTF-8 encodings of two strings (the spec's one ordering of text). */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * `seed = SHA-256(JCS({"manifest": manifestHash, "reveals": R, "public": P}))` with R the
 * `{party, secret}` pairs sorted by party (UTF-8 byte order) and P the public input ("" if none).
 */
export function computeSeed(manifestHashHex: string, reveals: readonly Reveal[], publicInput = ''): Uint8Array {
  const r = reveals
    .map(({ party, secret }) => ({ party, secret }))
    .sort((a, b) => compareUtf8(a.party, b.party));
  const bytes = canonicalBytes({ manifest: manifestHashHex, reveals: r, public: publicInput });
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}
