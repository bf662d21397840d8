/**
 * SHA-256 hashing kernel of the draw: Merkle leaves/nodes and target tickets over whole lists,
 * optionally split across worker threads.
 *
 * This file is deliberately self-contained (it imports only `hash-wasm` and Node built-ins, and uses
 * only type syntax that can be erased): it is also the worker's entry point, and a worker started from
 * a test runner or plain Node loads it with Node's own type stripping, without the project's loader.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createSHA256 } from 'hash-wasm';

/**
 * A SHA-256 hasher built for millions of short inputs: the caller assembles each input in `input` and
 * gets the digest written into its own buffer, so a hash costs no allocation.
 */
export interface Sha256 {
  /** Where inputs are assembled (at least {@link INPUT_SIZE} bytes). Clobbered by every digest. */
  readonly input: Uint8Array;
  /** Writes SHA-256(input[0, length)) as 32 bytes into `out` at `offset`. */
  digestInput(length: number, out: Uint8Array, offset: number): void;
  /** Writes SHA-256(a ‖ b) (b optional) into `out` at `offset`; for occasional, arbitrary-length use. */
  digestInto(out: Uint8Array, offset: number, a: Uint8Array, b?: Uint8Array): void;
  /** Which implementation this is (reported by the benchmark). */
  readonly backend: 'hash-wasm-direct' | 'hash-wasm' | 'node:crypto';
}

/** Size of every hasher's input buffer: the 16 KiB working buffer of hash-wasm's SHA-256 module. */
export const INPUT_SIZE = 16 * 1024;

/** Synchronous SHA-256 backed by node:crypto: fine for a handful of hashes, slow for millions. */
export function nodeSha256(): Sha256 {
  const input = new Uint8Array(INPUT_SIZE);
  return {
    input,
    backend: 'node:crypto',
    digestInput(length, out, offset) {
      out.set(createHash('sha256').update(input.subarray(0, length)).digest(), offset);
    },
    digestInto(out, offset, a, b) {
      const h = createHash('sha256').update(a);
      if (b !== undefined) h.update(b);
      out.set(h.digest(), offset);
    },
  };
}

/** The part of the WebAssembly global used here (the project's TypeScript lib has no WebAssembly types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/** The exports of hash-wasm's SHA-256 WebAssembly module that we call. */
interface Sha256Exports {
  memory: { buffer: ArrayBuffer };
  Hash_GetBuffer(): number;
  Hash_Calculate(length: number, bits: number): void;
}

/**
 * hash-wasm's own SHA-256 WebAssembly module, instantiated here and called directly: one call per hash
 * (init + update + final) with the input written straight into its memory. The public hasher API does
 * the same work through three calls, a copy and a fresh result array per hash — about half the time of
 * a short hash goes there. The module is the one embedded in the pinned hash-wasm package; if it cannot
 * be found or fails the self-test, the public API is used instead.
 */
function directWasmSha256(): Sha256 | undefined {
  try {
    const require = createRequire(import.meta.url);
    const text = readFileSync(require.resolve('hash-wasm/dist/sha256.umd.min.js'), 'utf8');
    const base64 = /"(AGFzbQ[A-Za-z0-9+/=]+)"/.exec(text)?.[1];
    if (base64 === undefined) return undefined;
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const instance = new wasm.Instance(new wasm.Module(Buffer.from(base64, 'base64')), {});
    const ex = instance.exports as unknown as Sha256Exports;
    const input = new Uint8Array(ex.memory.buffer, ex.Hash_GetBuffer(), INPUT_SIZE);
    const calculate = ex.Hash_Calculate;
    const sha: Sha256 = {
      input,
      backend: 'hash-wasm-direct',
      digestInput(length, out, offset) {
        calculate(length, 256);
        for (let k = 0; k < 32; k++) out[offset + k] = input[k]!;
      },
      digestInto(out, offset, a, b) {
        const total = a.length + (b?.length ?? 0);
        if (total > INPUT_SIZE) {
          nodeDigestInto(out, offset, a, b);
          return;
        }
        input.set(a, 0);
        if (b !== undefined) input.set(b, a.length);
        sha.digestInput(total, out, offset);
      },
    };
    return selfTest(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}

function nodeDigestInto(out: Uint8Array, offset: number, a: Uint8Array, b?: Uint8Array): void {
  const h = createHash('sha256').update(a);
  if (b !== undefined) h.update(b);
  out.set(h.digest(), offset);
}

/** Checks a hasher against node:crypto on inputs of 0 to 200 bytes (one to four blocks). */
function selfTest(sha: Sha256): boolean {
  const data = new Uint8Array(200).map((_, i) => (i * 131 + 7) & 0xff);
  const out = new Uint8Array(32);
  for (let n = 0; n <= data.length; n += 1) {
    sha.input.set(data.subarray(0, n));
    sha.digestInput(n, out, 0);
    if (!createHash('sha256').update(data.subarray(0, n)).digest().equals(out)) return false;
  }
  return true;
}

/** hash-wasm through its public API: one reused hasher (the fallback of the direct module). */
export async function hashWasmSha256(): Promise<Sha256> {
  const h = await createSHA256();
  const input = new Uint8Array(INPUT_SIZE);
  return {
    input,
    backend: 'hash-wasm',
    digestInput(length, out, offset) {
      h.init();
      h.update(input.subarray(0, length));
      out.set(h.digest('binary'), offset);
    },
    digestInto(out, offset, a, b) {
      h.init();
      h.update(a);
      if (b !== undefined) h.update(b);
      out.set(h.digest('binary'), offset);
    },
  };
}

let direct: Sha256 | null | undefined;

/**
 * The fastest hasher available synchronously: hash-wasm's module called directly, else node:crypto.
 * One instance per thread, reused for every hash.
 */
export function defaultSha256(): Sha256 {
  if (direct === undefined) direct = directWasmSha256() ?? null;
  return direct ?? (nodeFallback ??= nodeSha256());
}

let nodeFallback: Sha256 | undefined;
let fastPromise: Promise<Sha256> | undefined;

/** The fastest hasher available: hash-wasm's module called directly, else hash-wasm's public API. */
export function fastSha256(): Promise<Sha256> {
  fastPromise ??= (async () => {
    if (direct === undefined) direct = directWasmSha256() ?? null;
    return direct ?? (await hashWasmSha256());
  })();
  return fastPromise;
}

const EMPTY_ROOT = new Uint8Array(createHash('sha256').digest());
const LEAF_PREFIX = new Uint8Array([0x00]);

/**
 * A list of lines inside one byte buffer: line i is `bytes[starts[i], starts[i + 1] - 1)`, i.e. the
 * final LF of every line is excluded. `starts` has count + 1 entries, the last one = bytes.length.
 */
export interface LineTable {
  bytes: Uint8Array;
  starts: Uint32Array;
}

/** Number of lines in a table. */
export function lineCount(t: LineTable): number {
  return t.starts.length - 1;
}

/**
 * Reduces `count` consecutive 32-byte nodes held in `level` (from offset 0) to their RFC 6962 root,
 * in place: adjacent pairs are hashed level by level and an odd last node moves up unchanged, which
 * yields exactly MTH's "largest power of two smaller than n" split. Returns the root (a view).
 */
export function reduceLevel(sha: Sha256, level: Uint8Array, count: number): Uint8Array {
  if (count === 0) return EMPTY_ROOT.slice();
  const input = sha.input;
  let m = count;
  while (m > 1) {
    const pairs = m >>> 1;
    // Node i is written only after nodes 2i and 2i+1 were copied into the input: in place is safe.
    for (let i = 0; i < pairs; i++) {
      input[0] = 0x01;
      const from = i * 64;
      input.set(level.subarray(from, from + 64), 1);
      sha.digestInput(65, level, i * 32);
    }
    if (m & 1) level.copyWithin(pairs * 32, (m - 1) * 32, m * 32);
    m = pairs + (m & 1);
  }
  return level.subarray(0, 32);
}

/** Leaf hashes SHA-256(0x00 ‖ line) of lines [from, to), written consecutively into `out` from 0. */
export function hashLeaves(sha: Sha256, t: LineTable, from: number, to: number, out: Uint8Array): void {
  const { bytes, starts } = t;
  const input = sha.input;
  for (let i = from; i < to; i++) {
    const start = starts[i]!;
    const len = starts[i + 1]! - 1 - start;
    if (len + 1 > input.length) {
      sha.digestInto(out, (i - from) * 32, LEAF_PREFIX, bytes.subarray(start, start + len));
      continue;
    }
    input[0] = 0x00;
    // A byte loop beats creating a subarray for the short lines of a bundle.
    if (len <= 64) for (let k = 0; k < len; k++) input[1 + k] = bytes[start + k]!;
    else input.set(bytes.subarray(start, start + len), 1);
    sha.digestInput(len + 1, out, (i - from) * 32);
  }
}

const TARGET = new TextEncoder().encode('target');

/**
 * The fixed start of every target ticket's input, seed ‖ len("target") ‖ "target", followed by room for
 * the 4-byte key length.
 */
function targetPrefix(seed: Uint8Array): Uint8Array {
  const prefix = new Uint8Array(seed.length + 4 + TARGET.length + 4);
  prefix.set(seed, 0);
  writeU32(prefix, seed.length, TARGET.length);
  prefix.set(TARGET, seed.length + 4);
  return prefix;
}

/**
 * Target tickets T("target", key) for lines [from, to) of the candidate table, whose key is the bytes
 * from the line start up to `keyEnds[i]` (the TAB). Ticket i goes to `out[32 i, 32 i + 32)`.
 * Each input is assembled in the hasher's buffer: the fixed prefix, the key length, the key bytes.
 */
export function targetTickets(
  sha: Sha256,
  seed: Uint8Array,
  t: LineTable,
  keyEnds: Uint32Array,
  from: number,
  to: number,
  out: Uint8Array,
): void {
  const prefix = targetPrefix(seed);
  const p = prefix.length;
  const input = sha.input;
  const { bytes, starts } = t;
  for (let i = from; i < to; i++) {
    const start = starts[i]!;
    const len = keyEnds[i]! - start;
    if (p + len > input.length) {
      const whole = new Uint8Array(p + len);
      whole.set(prefix);
      writeU32(whole, p - 4, len);
      whole.set(bytes.subarray(start, start + len), p);
      sha.digestInto(out, i * 32, whole);
      continue;
    }
    // The previous digest overwrote the start of the buffer, so the prefix is written every time.
    input.set(prefix, 0);
    writeU32(input, p - 4, len);
    for (let k = 0; k < len; k++) input[p + k] = bytes[start + k]!;
    sha.digestInput(p + len, out, i * 32);
  }
}

/** Writes a 4-byte big-endian unsigned integer. */
export function writeU32(buf: Uint8Array, offset: number, value: number): void {
  buf[offset] = value >>> 24;
  buf[offset + 1] = (value >>> 16) & 0xff;
  buf[offset + 2] = (value >>> 8) & 0xff;
  buf[offset + 3] = value & 0xff;
}

// ---------------------------------------------------------------------------------------------------
// Parallel hashing. The work is cut into chunks (Merkle subtrees of CHUNK leaves, aligned so that they
// are exactly the nodes of the full tree at that height, and ranges of CHUNK tickets); the main thread
// and the workers pull chunk numbers from one shared atomic counter, so faster threads simply take more.

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
/** Below this many hashes in a job, starting or waking workers costs more than it saves. */
const PARALLEL_THRESHOLD = 200_000;

/** What to hash: the Merkle root of every list, and optionally the target tickets of one of them. */
export interface HashJob {
  lists: LineTable[];
  tickets?: { list: number; keyEnds: Uint32Array; seed: Uint8Array };
}

/** Merkle roots (one per list, 32 bytes each) and tickets (32 bytes per line of the ticket list). */
export interface HashJobResult {
  roots: Uint8Array[];
  tickets: Uint8Array;
  /** How many threads did the hashing (1 = this one only). */
  threads: number;
}

/** The shared-memory form of a job, as posted to workers. */
interface SharedJob {
  lists: LineTable[];
  tickets: { list: number; keyEnds: Uint32Array; seed: Uint8Array; out: Uint8Array } | null;
  counter: Int32Array;
  chunkRoots: Uint8Array;
}

interface Task {
  kind: 'merkle' | 'tickets';
  list: number;
  from: number;
  to: number;
  /** Merkle tasks: slot of this chunk's root in chunkRoots. */
  slot: number;
}

/** Enumerates a job's tasks; every thread derives the same list from the same job. */
function planTasks(job: SharedJob): { tasks: Task[]; slotsPerList: number[][] } {
  const tasks: Task[] = [];
  const slotsPerList: number[][] = [];
  let slot = 0;
  job.lists.forEach((t, list) => {
    const n = lineCount(t);
    const slots: number[] = [];
    for (let from = 0; from < n; from += CHUNK) {
      tasks.push({ kind: 'merkle', list, from, to: Math.min(n, from + CHUNK), slot });
      slots.push(slot++);
    }
    slotsPerList.push(slots);
  });
  if (job.tickets !== null) {
    const n = lineCount(job.lists[job.tickets.list]!);
    for (let from = 0; from < n; from += CHUNK) {
      tasks.push({ kind: 'tickets', list: job.tickets.list, from, to: Math.min(n, from + CHUNK), slot: -1 });
    }
  }
  return { tasks, slotsPerList };
}

/** Runs tasks pulled from the shared counter until none are left. */
function workOn(sha: Sha256, job: SharedJob, tasks: Task[]): void {
  const scratch = new Uint8Array(CHUNK * 32);
  for (;;) {
    const k = Atomics.add(job.counter, 0, 1);
    if (k >= tasks.length) return;
    const task = tasks[k]!;
    const t = job.lists[task.list]!;
    if (task.kind === 'merkle') {
      hashLeaves(sha, t, task.from, task.to, scratch);
      job.chunkRoots.set(reduceLevel(sha, scratch, task.to - task.from), task.slot * 32);
    } else {
      const tk = job.tickets!;
      targetTickets(sha, tk.seed, t, tk.keyEnds, task.from, task.to, tk.out);
    }
  }
}

/** Copies a typed array into shared memory unless it already is shared (workers cannot see the rest). */
function shared<T extends Uint8Array | Uint32Array | Int32Array>(a: T, make: (sab: SharedArrayBuffer) => T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const copy = make(new SharedArrayBuffer(Math.max(a.byteLength, 1)));
  copy.set(a as never);
  return copy;
}

function sharedU8(a: Uint8Array): Uint8Array {
  return shared(a, (sab) => new Uint8Array(sab, 0, a.length));
}

function sharedU32(a: Uint32Array): Uint32Array {
  return shared(a, (sab) => new Uint32Array(sab, 0, a.length));
}

function toSharedJob(job: HashJob, parallel: boolean): SharedJob {
  const lists = job.lists.map((t) => (parallel ? { bytes: sharedU8(t.bytes), starts: sharedU32(t.starts) } : t));
  let chunkCount = 0;
  for (const t of lists) chunkCount += Math.ceil(lineCount(t) / CHUNK);
  const alloc = (n: number) => (parallel ? new Uint8Array(new SharedArrayBuffer(Math.max(n, 1)), 0, n) : new Uint8Array(n));
  const tk = job.tickets;
  return {
    lists,
    tickets:
      tk === undefined
        ? null
        : {
            list: tk.list,
            keyEnds: parallel ? sharedU32(tk.keyEnds) : tk.keyEnds,
            seed: tk.seed,
            out: alloc(lineCount(job.lists[tk.list]!) * 32),
          },
    counter: new Int32Array(parallel ? new SharedArrayBuffer(4) : new ArrayBuffer(4)),
    chunkRoots: alloc(chunkCount * 32),
  };
}

/** Combines each list's chunk roots (the tree's nodes at height CHUNK_BITS) into its root. */
function finish(sha: Sha256, job: SharedJob, slotsPerList: number[][]): HashJobResult {
  const roots = slotsPerList.map((slots) => {
    const level = new Uint8Array(Math.max(slots.length, 1) * 32);
    slots.forEach((slot, i) => level.set(job.chunkRoots.subarray(slot * 32, slot * 32 + 32), i * 32));
    return reduceLevel(sha, level, slots.length).slice();
  });
  return { roots, tickets: job.tickets === null ? new Uint8Array(0) : job.tickets.out, threads: 1 };
}

/** Number of hashes a job needs, roughly: two per Merkle leaf (leaf + node), one per ticket. */
function jobSize(job: HashJob): number {
  let n = 0;
  for (const t of job.lists) n += 2 * lineCount(t);
  if (job.tickets !== undefined) n += lineCount(job.lists[job.tickets.list]!);
  return n;
}

/**
 * Computes a job's Merkle roots and tickets, on worker threads as well as this one when the job is big
 * and the machine has more than one core. If a worker fails, the job is redone here, so the result never
 * depends on how it was computed.
 */
export async function runHashJob(job: HashJob, options: { workers?: number } = {}): Promise<HashJobResult> {
  const sha = await fastSha256();
  const wanted = options.workers ?? defaultWorkerCount();
  if (wanted > 0 && jobSize(job) >= PARALLEL_THRESHOLD) {
    try {
      const workers = await getWorkers(wanted);
      if (workers.length > 0) return await runParallel(sha, job, workers);
    } catch {
      // Fall through: a broken worker pool must not break the draw, only slow it down.
      await shutdownDrawWorkers();
    }
  }
  const local = toSharedJob(job, false);
  const { tasks, slotsPerList } = planTasks(local);
  workOn(sha, local, tasks);
  return finish(sha, local, slotsPerList);
}

async function runParallel(sha: Sha256, job: HashJob, workers: Worker[]): Promise<HashJobResult> {
  const sj = toSharedJob(job, true);
  const { tasks, slotsPerList } = planTasks(sj);
  const done = workers.map((w) => awaitDone(w));
  for (const w of workers) w.postMessage(sj);
  workOn(sha, sj, tasks);
  await Promise.all(done);
  return { ...finish(sha, sj, slotsPerList), threads: workers.length + 1 };
}

/** Resolves when a worker reports its share of the job done; keeps the process alive meanwhile. */
function awaitDone(w: Worker): Promise<void> {
  w.ref();
  return new Promise<void>((resolve, reject) => {
    const onMessage = (m: unknown) => {
      cleanup();
      if (m === 'done') resolve();
      else reject(new Error(`draw worker failed: ${String(m)}`));
    };
    const onError = (e: unknown) => {
      cleanup();
      pool = undefined;
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    const onExit = () => onError(new Error('draw worker exited'));
    const cleanup = () => {
      w.off('message', onMessage).off('error', onError).off('exit', onExit);
      w.unref();
    };
    w.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}

/**
 * Starts the worker pool ahead of a big job, so that starting the workers overlaps whatever the caller
 * does before hashing (parsing a million lines, for instance). Does nothing where no worker would be used.
 */
export function warmUpWorkers(options: { workers?: number } = {}): void {
  const wanted = options.workers ?? defaultWorkerCount();
  if (wanted > 0) void getWorkers(wanted);
}

function defaultWorkerCount(): number {
  return Math.min(3, availableParallelism() - 1);
}

let pool: Promise<Worker[]> | undefined;

/** Starts (once) the worker pool; a pool that cannot start resolves to no workers. */
function getWorkers(count: number): Promise<Worker[]> {
  pool ??= Promise.allSettled(Array.from({ length: count }, () => startWorker())).then((results) =>
    results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
  );
  return pool;
}

/** A worker that does not report ready within this time is given up (the job then runs here). */
const WORKER_START_TIMEOUT_MS = 15_000;

function startWorker(): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL(import.meta.url), { workerData: { jointcheckDrawKernel: true } });
    const timer = setTimeout(() => {
      void w.terminate();
      reject(new Error('draw worker did not start'));
    }, WORKER_START_TIMEOUT_MS);
    w.once('message', (m) => {
      clearTimeout(timer);
      if (m === 'ready') {
        w.unref();
        resolve(w);
      } else {
        void w.terminate();
        reject(new Error(String(m)));
      }
    });
    w.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** Stops the worker pool (tests and short-lived tools; the pool never keeps a process alive anyway). */
export async function shutdownDrawWorkers(): Promise<void> {
  const p = pool;
  pool = undefined;
  if (p !== undefined) await Promise.all((await p).map((w) => w.terminate()));
}

/** Worker side: hash tasks of every posted job until the counter runs out, then report. */
async function serveAsWorker(): Promise<void> {
  const port = parentPort!;
  const sha = await fastSha256();
  port.on('message', (job: SharedJob) => {
    try {
      workOn(sha, job, planTasks(job).tasks);
      port.postMessage('done');
    } catch (e) {
      port.postMessage(e instanceof Error ? e.message : String(e));
    }
  });
  port.postMessage('ready');
}

if (!isMainThread && (workerData as { jointcheckDrawKernel?: unknown } | null)?.jointcheckDrawKernel === true) {
  void serveAsWorker();
}
