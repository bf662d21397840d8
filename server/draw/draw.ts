/**
 * The draw of `jointcheck-draw/1` (DRAW-SPEC.md §3): checks, seed, target tickets, per-stratum
 * selection, and teams by rejection sampling. Pure: a bundle in, a result (or a DrawError) out.
 */
import { fastSha256, runHashJob, warmUpWorkers, writeU32, type Sha256 } from './kernel.js';
import { JcsError } from './jcs.js';
import {
  ALGORITHM,
  DrawError,
  commitment,
  compareUtf8,
  computeSeed,
  manifestHash,
  parseManifest,
  parseReveals,
  type DrawErrorCode,
  type ListDigest,
  type Manifest,
  type Reveals,
} from './manifest.js';
import { toHex } from './merkle.js';
import { TsvError, compareRanges, field, parseTsv, type TsvTable } from './tsv.js';

export {
  ALGORITHM,
  DrawError,
  commitment,
  computeSeed,
  manifestHash,
  parseManifest,
  parseReveals,
  type DrawErrorCode,
  type ListDigest,
  type Manifest,
  type Reveal,
  type Reveals,
  type TeamDepartment,
} from './manifest.js';

/**
 * A bundle in memory. The lists are the files' bytes (their digests are over exactly these bytes);
 * `manifest` and `reveals` are parsed JSON that {@link runDraw} validates.
 */
export interface DrawBundle {
  manifest: unknown;
  /** Absent before the reveal: then the bundle can be published but not drawn. */
  reveals?: unknown;
  candidates: Uint8Array;
  excluded: Uint8Array;
  roster: Uint8Array;
  conflicts: Uint8Array;
  /** Parsed `result.json`, when the bundle carries the published outcome. */
  result?: unknown;
  /** Content of `error.txt` (without its final newline), when the published outcome is a failure. */
  error?: string;
}

/** One inspector of a subject's team. */
export interface TeamMember {
  inspector: string;
  department: string;
  ticket: string;
  leader: boolean;
}

/** One drawn subject. */
export interface SelectedSubject {
  key: string;
  stratum: string;
  ticket: string;
  team: TeamMember[];
}

/** `result.json`. */
export interface DrawResult {
  algorithm: typeof ALGORITHM;
  manifest: string;
  seed: string;
  selected: SelectedSubject[];
}

/** The bundle's four lists, parsed. */
interface Lists {
  candidates: TsvTable;
  excluded: TsvTable;
  roster: TsvTable;
  conflicts: TsvTable;
}

const LIST_NAMES = ['candidates', 'excluded', 'roster', 'conflicts'] as const;

/**
 * Runs the draw of a bundle exactly as DRAW-SPEC.md specifies. Throws {@link DrawError} when the bundle
 * is invalid or the draw fails; the error's message is the exact failure text (what `error.txt` holds).
 * Hashing a large candidate list uses worker threads when the machine has spare cores.
 */
export async function runDraw(bundle: DrawBundle, options: { workers?: number } = {}): Promise<DrawResult> {
  // About 100,000 candidate lines and more: worth parallel hashing, so start the workers while parsing.
  if (bundle.candidates.length > 2_000_000) warmUpWorkers(options);
  const manifest = parseManifest(bundle.manifest);
  const reveals = parseReveals(bundle.reveals);
  const lists = parseLists(bundle);
  const candidates = indexCandidates(lists.candidates);
  const team = teamContext(manifest, lists);
  const hash = canonical('INVALID_MANIFEST', 'manifest.json', () => manifestHash(bundle.manifest));
  const seed = canonical('INVALID_REVEALS', 'reveals.json', () => computeSeed(hash, reveals.reveals, reveals.public ?? ''));

  // The Merkle roots and the tickets are computed in one parallel pass before the checks; the checks
  // still run in the spec's order, so the reported failure does not depend on this.
  const hashed = await runHashJob(
    {
      lists: LIST_NAMES.map((n) => lists[n]),
      tickets: { list: 0, keyEnds: lists.candidates.tabs, seed },
    },
    options,
  );
  checkDigests(manifest, lists, hashed.roots);
  checkStrata(manifest, candidates);
  checkQuotas(manifest, candidates);
  checkTeam(manifest);
  checkReveals(manifest, reveals);

  const selected = selectTargets(manifest, lists.candidates, candidates, hashed.tickets);
  const sha = await fastSha256();
  return {
    algorithm: ALGORITHM,
    manifest: hash,
    seed: toHex(seed),
    selected: drawTeams(sha, team, lists.candidates, seed, hashed.tickets, selected),
  };
}

/** Runs a JCS-based computation, reporting a value JCS cannot encode as an invalid file. */
function canonical<T>(code: DrawErrorCode, file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof JcsError) throw new DrawError(code, `${file}: ${e.message}`);
    throw e;
  }
}

/** Digest of a TSV list file as the manifest records it (validating the file's rules first). */
export async function listDigest(file: Uint8Array, name = 'list.tsv'): Promise<ListDigest> {
  const table = parseTsv(name, file);
  const { roots } = await runHashJob({ lists: [table] });
  return { count: table.count, root: toHex(roots[0]!) };
}

function parseLists(bundle: DrawBundle): Lists {
  const parse = (name: (typeof LIST_NAMES)[number]) => {
    try {
      return parseTsv(`${name}.tsv`, bundle[name]);
    } catch (e) {
      if (e instanceof TsvError) throw new DrawError('INVALID_LIST', e.message);
      throw e;
    }
  };
  return {
    candidates: parse('candidates'),
    excluded: parse('excluded'),
    roster: parse('roster'),
    conflicts: parse('conflicts'),
  };
}

// ---------------------------------------------------------------------------------------------------
// Candidates

/** Candidate strata without per-line strings: line i is in stratum `names[stratumOf[i]]`. */
interface CandidateIndex {
  names: string[];
  stratumOf: Uint16Array;
  /** Lines of each stratum, in file order. */
  members: Uint32Array[];
}

const STRATUM = /^[A-Z0-9_]+$/;

/**
 * Groups candidate lines by stratum, matching each stratum field against the few strata already seen
 * byte by byte rather than decoding a million short strings, and rejects a subject listed twice.
 */
function indexCandidates(t: TsvTable): CandidateIndex {
  const { bytes, starts, tabs } = t;
  const names: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const sizes: number[] = [];
  const stratumOf = new Uint16Array(t.count);
  // Strata are usually one letter: those are found through a table indexed by the byte.
  const oneByte = new Int32Array(256).fill(-1);
  for (let i = 0; i < t.count; i++) {
    // Two fields per line: tabs[i] ends the key, the stratum runs to the LF.
    const s0 = tabs[i]! + 1;
    const s1 = starts[i + 1]! - 1;
    let id = s1 - s0 === 1 ? oneByte[bytes[s0]!]! : -1;
    if (id < 0) {
      id = 0;
      while (id < names.length && compareRanges(bytes, from[id]!, to[id]!, s0, s1) !== 0) id++;
      if (id === names.length) {
        addStratum(t, i, names, s0, s1);
        from.push(s0);
        to.push(s1);
        sizes.push(0);
      }
      if (s1 - s0 === 1) oneByte[bytes[s0]!] = id;
    }
    stratumOf[i] = id;
    sizes[id]!++;
    // Lines are sorted and a key cannot contain TAB, so the lines of one subject ("key<TAB>…") are
    // adjacent: comparing each key with the previous one finds every repeated subject.
    if (i > 0 && compareRanges(bytes, starts[i - 1]!, tabs[i - 1]!, starts[i]!, tabs[i]!) === 0) {
      throw new DrawError(
        'INVALID_LIST',
        `candidates.tsv line ${i + 1}: subject ${field(t, i, 0)} is listed twice (also on line ${i})`,
      );
    }
  }
  const members = sizes.map((n) => new Uint32Array(n));
  const fill = sizes.map(() => 0);
  for (let i = 0; i < t.count; i++) {
    const id = stratumOf[i]!;
    members[id]![fill[id]!++] = i;
  }
  return { names, stratumOf, members };
}

function addStratum(t: TsvTable, line: number, names: string[], s0: number, s1: number): void {
  const name = t.buf.toString('utf8', s0, s1);
  if (!STRATUM.test(name)) {
    throw new DrawError(
      'INVALID_LIST',
      `candidates.tsv line ${line + 1}: stratum ${JSON.stringify(name)} is not made of A–Z, 0–9 and _`,
    );
  }
  if (names.length === 0xffff) throw new DrawError('INVALID_LIST', 'candidates.tsv: too many strata');
  names.push(name);
}

// ---------------------------------------------------------------------------------------------------
// Checks, in the order of the spec

function checkDigests(manifest: Manifest, lists: Lists, roots: Uint8Array[]): void {
  LIST_NAMES.forEach((name, i) => {
    const expected = manifest[name];
    const file = `${name}.tsv`;
    const actualCount = lists[name].count;
    if (actualCount !== expected.count) {
      throw new DrawError(
        'LIST_DIGEST_MISMATCH',
        `${file} has ${actualCount} line${actualCount === 1 ? '' : 's'} but the manifest says ${name}.count = ${expected.count}`,
      );
    }
    const root = toHex(roots[i]!);
    if (root !== expected.root.toLowerCase()) {
      throw new DrawError(
        'LIST_DIGEST_MISMATCH',
        `${file} has Merkle root ${root} but the manifest says ${name}.root = ${expected.root}`,
      );
    }
  });
}

function stratumSizes(c: CandidateIndex): Map<string, number> {
  return new Map(c.names.map((n, i) => [n, c.members[i]!.length]));
}

/** Every stratum's count matches the file (a stratum absent on one side counts as 0 there). */
function checkStrata(manifest: Manifest, c: CandidateIndex): void {
  const sizes = stratumSizes(c);
  const all = new Set([...sizes.keys(), ...Object.keys(manifest.candidates.strata)]);
  for (const s of [...all].sort(compareUtf8)) {
    const inFile = sizes.get(s) ?? 0;
    const inManifest = manifest.candidates.strata[s] ?? 0;
    if (inFile !== inManifest) {
      throw new DrawError(
        'STRATA_MISMATCH',
        `candidates.tsv has ${inFile} candidates in stratum ${s} but the manifest says candidates.strata.${s} = ${inManifest}`,
      );
    }
  }
}

/** Quotas follow quotaRule (when given) and never exceed their stratum. */
function checkQuotas(manifest: Manifest, c: CandidateIndex): void {
  const sizes = stratumSizes(c);
  const rule = manifest.quotaRule;
  const strata = new Set([...sizes.keys(), ...Object.keys(manifest.quotas), ...Object.keys(rule ?? {})]);
  for (const s of [...strata].sort(compareUtf8)) {
    const n = sizes.get(s) ?? 0;
    const quota = manifest.quotas[s] ?? 0;
    if (rule !== undefined) {
      // A stratum without a ratio gets ratio 0, as a stratum without a quota gets quota 0.
      const r = rule[s] ?? '0';
      const expected = quotaFromRule(n, r);
      if (quota !== expected) {
        throw new DrawError(
          'QUOTA_RULE_MISMATCH',
          `quota for stratum ${s} is ${quota} but quotaRule gives min(${n}, ceil(${n} × ${r})) = ${expected}`,
        );
      }
    }
    if (quota > n) {
      throw new DrawError('QUOTA_EXCEEDS_STRATUM', `quota for stratum ${s} is ${quota} but it has only ${n} candidates`);
    }
  }
}

/**
 * `min(N, ceil(N × r))` in exact decimal arithmetic: with r = digits / 10^scale,
 * ceil(N × digits / 10^scale) is an integer division rounded up — no floating point anywhere.
 */
export function quotaFromRule(n: number, ratio: string): number {
  const m = /^([0-9]+)(?:\.([0-9]+))?$/.exec(ratio);
  if (m === null) throw new RangeError(`not a decimal ratio: ${JSON.stringify(ratio)}`);
  const frac = m[2] ?? '';
  const numerator = BigInt(n) * BigInt(m[1]! + frac);
  const denominator = 10n ** BigInt(frac.length);
  const ceil = (numerator + denominator - 1n) / denominator;
  return ceil < BigInt(n) ? Number(ceil) : n;
}

function checkTeam(manifest: Manifest): void {
  const { lead, departments } = manifest.team;
  if (departments[0]!.code !== lead) {
    throw new DrawError(
      'LEAD_NOT_FIRST',
      `team.lead ${lead} must be the first of team.departments, which starts with ${departments[0]!.code}`,
    );
  }
  for (const d of departments) {
    if (d.inspectors < 1) {
      throw new DrawError(
        'NO_INSPECTORS_REQUESTED',
        `department ${d.code} asks for ${d.inspectors} inspectors; every department of the team must ask for at least one`,
      );
    }
  }
}

/** The revealed parties are exactly the committed ones, and every reveal matches its commitment. */
function checkReveals(manifest: Manifest, reveals: Reveals): void {
  const revealed = new Map(reveals.reveals.map((r) => [r.party, r.secret]));
  const committed = new Set(manifest.commitments.map((c) => c.party));
  for (const c of manifest.commitments) {
    if (!revealed.has(c.party)) {
      throw new DrawError('PARTIES_MISMATCH', `party ${c.party} made a commitment but did not reveal`);
    }
  }
  for (const r of reveals.reveals) {
    if (!committed.has(r.party)) {
      throw new DrawError('PARTIES_MISMATCH', `party ${r.party} revealed but made no commitment`);
    }
  }
  for (const c of manifest.commitments) {
    if (commitment(manifest.task, c.party, revealed.get(c.party)!) !== c.commitment.toLowerCase()) {
      throw new DrawError('REVEAL_MISMATCH', `reveal of ${c.party} does not match its commitment`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Targets

/** The first 6 ticket bytes of every line as exact integers (< 2^53): a cheap, order-preserving key. */
function ticketPrefixes(tickets: Uint8Array, count: number): Float64Array {
  const prefixes = new Float64Array(count);
  for (let i = 0, o = 0; i < count; i++, o += 32) {
    const hi = tickets[o]! * 256 + tickets[o + 1]!;
    const lo = ((tickets[o + 2]! << 24) | (tickets[o + 3]! << 16) | (tickets[o + 4]! << 8) | tickets[o + 5]!) >>> 0;
    prefixes[i] = hi * 0x1_0000_0000 + lo;
  }
  return prefixes;
}

/**
 * Orders candidate lines by (ticket, key), both as byte strings: by ticket prefix first, then by the
 * whole ticket, then by key (a tie of whole tickets would take a SHA-256 collision).
 */
function ticketOrder(t: TsvTable, tickets: Uint8Array, prefixes: Float64Array): (a: number, b: number) => number {
  return (a, b) => {
    const d = prefixes[a]! - prefixes[b]!;
    if (d !== 0) return d;
    const c = compareRanges(tickets, a * 32, a * 32 + 32, b * 32, b * 32 + 32);
    if (c !== 0) return c;
    return compareRanges(t.bytes, t.starts[a]!, t.tabs[a]!, t.starts[b]!, t.tabs[b]!);
  };
}

/**
 * The first `quota` lines of a stratum in (ticket, key) order — the same as a full sort. The q-th
 * smallest prefix is found by quickselect; every line of the true top q has a prefix at most that, so
 * only those (about q) lines need sorting with the full comparison.
 */
function topByTicket(
  members: Uint32Array,
  quota: number,
  order: (a: number, b: number) => number,
  prefixes: Float64Array,
): number[] {
  if (quota === 0) return [];
  let pool: number[];
  if (quota >= members.length) {
    pool = Array.from(members);
  } else {
    const own = new Float64Array(members.length);
    for (let k = 0; k < members.length; k++) own[k] = prefixes[members[k]!]!;
    const threshold = kthSmallest(own, quota - 1);
    pool = [];
    for (let k = 0; k < members.length; k++) if (prefixes[members[k]!]! <= threshold) pool.push(members[k]!);
  }
  return pool.sort(order).slice(0, quota);
}

/**
 * The k-th smallest value (0-based) of an array, which it reorders: Hoare quickselect, average linear
 * time. The values are hash prefixes nobody can choose without knowing the seed, so the middle element
 * is as good a pivot as any.
 */
export function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const x = a[i]!;
        a[i++] = a[j]!;
        a[j--] = x;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/** The selected list: every stratum's quota, merged in (ticket, key) order. */
function selectTargets(manifest: Manifest, t: TsvTable, c: CandidateIndex, tickets: Uint8Array): number[] {
  const prefixes = ticketPrefixes(tickets, t.count);
  const order = ticketOrder(t, tickets, prefixes);
  const taken: number[] = [];
  c.names.forEach((name, id) => {
    for (const i of topByTicket(c.members[id]!, manifest.quotas[name] ?? 0, order, prefixes)) taken.push(i);
  });
  return taken.sort(order);
}

// ---------------------------------------------------------------------------------------------------
// Teams

/** One department of the team with its roster lines (inspector numbers, in file order). */
interface DeptPool {
  code: string;
  codeBytes: Uint8Array;
  need: number;
  members: number[];
  /** floor(2^64 / n) × n as two 32-bit halves: 8-byte values at or above it are rejected (modulo bias). */
  limitHi: number;
  limitLo: number;
  /** Members that have reached maxPerInspector. */
  capped: number;
}

/** Roster and conflicts, indexed for the team phase. */
interface TeamContext {
  inspectors: string[];
  deptOf: Int32Array;
  counts: Int32Array;
  max: number;
  /** Subject key → roster numbers of the inspectors who must not inspect it. */
  conflicts: Map<string, Set<number>>;
  pools: DeptPool[];
}

const encoder = new TextEncoder();
const INSPECTOR = encoder.encode('inspector');

function teamContext(manifest: Manifest, lists: Lists): TeamContext {
  const roster = lists.roster;
  const inspectors: string[] = [];
  const byKey = new Map<string, number>();
  const pools = manifest.team.departments.map(
    (d): DeptPool => ({
      code: d.code,
      codeBytes: encoder.encode(d.code),
      need: d.inspectors,
      members: [],
      limitHi: 0,
      limitLo: 0,
      capped: 0,
    }),
  );
  const poolIndex = new Map(pools.map((p, i) => [p.code, i]));
  const deptOf = new Int32Array(roster.count).fill(-1);
  for (let i = 0; i < roster.count; i++) {
    const key = field(roster, i, 0);
    const prior = byKey.get(key);
    if (prior !== undefined) {
      throw new DrawError(
        'INVALID_LIST',
        `roster.tsv line ${i + 1}: inspector ${key} is listed twice (also on line ${prior + 1})`,
      );
    }
    byKey.set(key, i);
    inspectors.push(key);
    const p = poolIndex.get(field(roster, i, 1));
    if (p !== undefined) {
      deptOf[i] = p;
      pools[p]!.members.push(i);
    }
  }
  const max = manifest.team.maxPerInspector;
  for (const p of pools) {
    const n = BigInt(p.members.length);
    const limit = n === 0n ? 0n : ((1n << 64n) / n) * n;
    p.limitHi = Number(limit >> 32n);
    p.limitLo = Number(limit & 0xffffffffn);
    p.capped = max > 0 ? 0 : p.members.length;
  }
  const conflicts = conflictMap(lists.conflicts, byKey);
  return { inspectors, deptOf, counts: new Int32Array(roster.count), max, conflicts, pools };
}

/** Conflicts of roster inspectors, by subject (pairs naming an inspector not on the roster cannot matter). */
function conflictMap(t: TsvTable, byKey: Map<string, number>): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (let i = 0; i < t.count; i++) {
    const inspector = byKey.get(field(t, i, 0));
    if (inspector === undefined) continue;
    const subject = field(t, i, 1);
    let set = out.get(subject);
    if (set === undefined) out.set(subject, (set = new Set()));
    set.add(inspector);
  }
  return out;
}

/** Number of members of a department eligible for a subject: not capped, and not in conflict. */
function eligibleCount(ctx: TeamContext, pool: number, blocked: Set<number> | undefined): number {
  const p = ctx.pools[pool]!;
  let n = p.members.length - p.capped;
  if (blocked !== undefined) {
    for (const i of blocked) if (ctx.deptOf[i] === pool && ctx.counts[i]! < ctx.max) n--;
  }
  return n;
}

/**
 * Builds inputs of T("inspector", s, d, j) = SHA-256(seed ‖ len ‖ "inspector" ‖ len ‖ s ‖ len ‖ d ‖ len ‖ j)
 * in one growing buffer: the subject part once per subject, the department once per department.
 */
class InspectorTickets {
  private buf = new Uint8Array(256);
  private subjectEnd = 0;
  private prefix: Uint8Array = this.buf;
  private readonly h = new Uint8Array(32);

  constructor(
    private readonly sha: Sha256,
    private readonly seed: Uint8Array,
  ) {}

  /** Starts the inputs of a subject: seed ‖ len ‖ "inspector" ‖ len ‖ s. */
  subject(key: Uint8Array): void {
    const size = this.seed.length + 8 + INSPECTOR.length + key.length;
    this.reserve(size + 4 + 1024);
    this.buf.set(this.seed, 0);
    let o = this.seed.length;
    for (const part of [INSPECTOR, key]) {
      writeU32(this.buf, o, part.length);
      this.buf.set(part, o + 4);
      o += 4 + part.length;
    }
    this.subjectEnd = o;
  }

  /** Continues with ‖ len ‖ d for the department about to pick. */
  department(code: Uint8Array): void {
    this.reserve(this.subjectEnd + 4 + code.length);
    writeU32(this.buf, this.subjectEnd, code.length);
    this.buf.set(code, this.subjectEnd + 4);
    this.prefix = this.buf.subarray(0, this.subjectEnd + 4 + code.length);
  }

  /** The ticket of try j (a buffer reused by the next call). */
  ticket(j: number): Uint8Array {
    const digits = String(j);
    const p = this.prefix.length;
    const length = p + 4 + digits.length;
    const input = length <= this.sha.input.length ? this.sha.input : new Uint8Array(length);
    input.set(this.prefix, 0);
    writeU32(input, p, digits.length);
    for (let k = 0; k < digits.length; k++) input[p + 4 + k] = digits.charCodeAt(k);
    if (input === this.sha.input) this.sha.digestInput(length, this.h, 0);
    else this.sha.digestInto(this.h, 0, input);
    return this.h;
  }

  private reserve(size: number): void {
    if (size <= this.buf.length) return;
    const bigger = new Uint8Array(size * 2);
    bigger.set(this.buf);
    this.buf = bigger;
  }
}

/** Reads 4 bytes big-endian as an unsigned integer. */
function readU32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

/**
 * Maps a ticket to a member index: x = first 8 bytes (big-endian), rejected when x ≥ floor(2^64/n)·n,
 * else x mod n. Works on two 32-bit halves; ((hi mod n)·2^32 + lo) mod n is exact in doubles while
 * n ≤ 2^21, and BigInt takes over beyond (a roster of two million is not expected, but stays correct).
 */
function memberIndex(h: Uint8Array, p: DeptPool): number {
  const hi = readU32(h, 0);
  const lo = readU32(h, 4);
  if (hi > p.limitHi || (hi === p.limitHi && lo >= p.limitLo)) return -1;
  const n = p.members.length;
  if (n <= 1 << 21) return ((hi % n) * 0x1_0000_0000 + lo) % n;
  return Number(((BigInt(hi) << 32n) | BigInt(lo)) % BigInt(n));
}

/**
 * Picks one department's inspectors for one subject by rejection sampling (spec §3, Teams 1–3), writing
 * roster numbers to `out.team` and tickets to `out.teamTickets` from slot `out.slot` on. The inspectors
 * already on this subject's team are those in slots [out.first, out.slot).
 */
function pickFromDepartment(
  ctx: TeamContext,
  pool: number,
  tickets: InspectorTickets,
  subject: string,
  blocked: Set<number> | undefined,
  out: { team: Int32Array; teamTickets: Uint8Array; first: number; slot: number },
): void {
  const p = ctx.pools[pool]!;
  if (eligibleCount(ctx, pool, blocked) < p.need) {
    throw new DrawError('INSUFFICIENT_INSPECTORS', `INSUFFICIENT_INSPECTORS subject=${subject} department=${p.code}`);
  }
  tickets.department(p.codeBytes);
  const end = out.slot + p.need;
  // Terminates: at least `need` eligible members exist and each is hit with positive probability.
  for (let j = 0; out.slot < end; j++) {
    const h = tickets.ticket(j);
    const index = memberIndex(h, p);
    if (index < 0) continue;
    const candidate = p.members[index]!;
    if (ctx.counts[candidate]! >= ctx.max || blocked?.has(candidate)) continue;
    if (out.team.subarray(out.first, out.slot).includes(candidate)) continue;
    out.team[out.slot] = candidate;
    out.teamTickets.set(h, out.slot * 32);
    out.slot++;
  }
  // Step 3: count the assignments, noting who reaches maxPerInspector.
  for (let k = end - p.need; k < end; k++) {
    if (++ctx.counts[out.team[k]!]! === ctx.max) p.capped++;
  }
}

/**
 * Teams for every selected subject, in selected-list order (assignment counts carry over). Picks go to
 * flat typed arrays and all tickets are hex-encoded in one call at the end: for tens of thousands of
 * subjects that is much cheaper than one small buffer and string per ticket.
 */
function drawTeams(
  sha: Sha256,
  ctx: TeamContext,
  t: TsvTable,
  seed: Uint8Array,
  tickets: Uint8Array,
  selected: number[],
): SelectedSubject[] {
  const perSubject = ctx.pools.reduce((n, p) => n + p.need, 0);
  const out = {
    team: new Int32Array(selected.length * perSubject),
    teamTickets: new Uint8Array(selected.length * perSubject * 32),
    first: 0,
    slot: 0,
  };
  const inspectorTickets = new InspectorTickets(sha, seed);
  const keys = selected.map((line) => {
    const k0 = t.starts[line]!;
    const k1 = t.tabs[line]!;
    const key = t.buf.toString('utf8', k0, k1);
    const blocked = ctx.conflicts.get(key);
    inspectorTickets.subject(t.bytes.subarray(k0, k1));
    out.first = out.slot;
    ctx.pools.forEach((_, pool) => pickFromDepartment(ctx, pool, inspectorTickets, key, blocked, out));
    return key;
  });
  return assembleSelected(ctx, t, tickets, selected, keys, out.team, out.teamTickets, perSubject);
}

function assembleSelected(
  ctx: TeamContext,
  t: TsvTable,
  tickets: Uint8Array,
  selected: number[],
  keys: string[],
  team: Int32Array,
  teamTickets: Uint8Array,
  perSubject: number,
): SelectedSubject[] {
  const subjectTickets = new Uint8Array(selected.length * 32);
  selected.forEach((line, s) => subjectTickets.set(tickets.subarray(line * 32, line * 32 + 32), s * 32));
  const subjectHex = toHex(subjectTickets);
  const teamHex = toHex(teamTickets);
  const departments = ctx.pools.flatMap((p) => Array<string>(p.need).fill(p.code));
  return selected.map((line, s) => ({
    key: keys[s]!,
    stratum: field(t, line, 1),
    ticket: subjectHex.slice(s * 64, s * 64 + 64),
    team: departments.map((department, k) => {
      const slot = s * perSubject + k;
      return {
        inspector: ctx.inspectors[team[slot]!]!,
        department,
        ticket: teamHex.slice(slot * 64, slot * 64 + 64),
        // The leader is the first inspector taken from the lead department, which is listed first.
        leader: k === 0,
      };
    }),
  }));
}
