/**
 * The bundle's TSV lists, parsed strictly: UTF-8, each record one line ending in LF, fields separated
 * by one TAB, no header, lines unique and sorted by the byte order of their UTF-8 encoding. The strict
 * rules make the file bytes — and therefore the Merkle root — a function of the list's content alone.
 *
 * Parsing keeps the file bytes and records offsets (typed arrays, no per-line objects), because the
 * candidate list can hold a million lines and its bytes are hashed as they are.
 */
import { isUtf8 } from 'node:buffer';
import type { LineTable } from './kernel.js';

/** Names of the rules a TSV file can break. */
export type TsvRule =
  | 'utf8'
  | 'final-lf'
  | 'crlf'
  | 'fields'
  | 'empty-field'
  | 'sorted'
  | 'unique';

/** A TSV file that breaks one of the rules; the message names the file, the line and the rule. */
export class TsvError extends Error {
  override name = 'TsvError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly rule: TsvRule,
    detail: string,
  ) {
    super(`${file} line ${line}: ${detail} [rule: ${rule}]`);
  }
}

/** A parsed TSV file: the line table plus the positions of the TABs of every line. */
export interface TsvTable extends LineTable {
  /** File name, for messages. */
  name: string;
  /** Fields per line. */
  fields: number;
  /** Byte offsets of the TABs: line i's are at `tabs[i * (fields - 1) + j]`. */
  tabs: Uint32Array;
  /** Number of lines. */
  count: number;
  /** The bytes again as a Buffer view, for fast decoding of single fields. */
  buf: Buffer;
}

const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;

/**
 * Parses and validates a TSV file with exactly `fields` fields per line. An empty file is an empty
 * list. Throws {@link TsvError} on the first line that breaks a rule.
 */
export function parseTsv(name: string, bytes: Uint8Array, fields = 2): TsvTable {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { starts, tabs } = splitLines(name, bytes, fields);
  const table: TsvTable = { name, fields, tabs, count: starts.length - 1, buf, bytes, starts };
  if (!isUtf8(buf)) throw new TsvError(name, firstInvalidUtf8Line(table), 'utf8', 'not valid UTF-8');
  checkOrder(table);
  return table;
}

/**
 * One pass over the bytes recording where lines start and where their TABs are, and checking each
 * line's shape (line ending, number of fields, no empty field) and the final LF. The inner loop runs
 * over one field at a time and stops only at TAB or LF, which keeps it tight (a million-line file is
 * split in tens of milliseconds).
 */
function splitLines(name: string, bytes: Uint8Array, fields: number): { starts: Uint32Array; tabs: Uint32Array } {
  const k = fields - 1;
  const n = bytes.length;
  // Capacity guess from a typical line length; grown by doubling when a file has shorter lines.
  let starts: Uint32Array<ArrayBuffer> = new Uint32Array(Math.max(16, (n >>> 4) + 1));
  let tabs: Uint32Array<ArrayBuffer> = new Uint32Array(starts.length * k);
  let line = 0;
  let i = 0;
  while (i < n) {
    const lineStart = i;
    let found = 0;
    for (;;) {
      const fieldStart = i;
      let b = 0;
      while (i < n) {
        b = bytes[i]!;
        if (b > CR || (b !== TAB && b !== LF)) i++;
        else break;
      }
      if (i === n) {
        throw new TsvError(name, line + 1, 'final-lf', 'last line does not end in LF (every line must end in LF)');
      }
      found++;
      if (b === LF) {
        checkLineEnd(name, bytes, line + 1, lineStart, i, found, fields, fieldStart);
        break;
      }
      if (i === fieldStart) emptyField(name, line + 1, found);
      if (found <= k) tabs[line * k + found - 1] = i;
      i++;
    }
    starts[line++] = lineStart;
    i++;
    if (line + 1 >= starts.length) {
      starts = grow(starts, starts.length * 2);
      tabs = grow(tabs, starts.length * k);
    }
  }
  starts[line] = n;
  return { starts: starts.slice(0, line + 1), tabs: tabs.slice(0, line * k) };
}

function grow(a: Uint32Array, size: number): Uint32Array<ArrayBuffer> {
  const bigger = new Uint32Array(size);
  bigger.set(a);
  return bigger;
}

function checkLineEnd(
  name: string,
  bytes: Uint8Array,
  lineNo: number,
  lineStart: number,
  end: number,
  found: number,
  fields: number,
  fieldStart: number,
): void {
  if (end > lineStart && bytes[end - 1] === CR) {
    throw new TsvError(name, lineNo, 'crlf', 'line ends in CR LF (lines must end in LF only)');
  }
  if (found !== fields) {
    const hint = found > fields ? ' (a field may not contain a TAB)' : '';
    throw new TsvError(
      name,
      lineNo,
      'fields',
      `${found} field${found === 1 ? '' : 's'}, expected ${fields} separated by one TAB${hint}`,
    );
  }
  if (fieldStart === end) emptyField(name, lineNo, found);
}

function emptyField(name: string, lineNo: number, field: number): never {
  throw new TsvError(name, lineNo, 'empty-field', `field ${field} is empty`);
}

function firstInvalidUtf8Line(t: TsvTable): number {
  for (let i = 0; i < t.count; i++) if (!isUtf8(lineBytes(t, i))) return i + 1;
  return t.count;
}

/** Lines must be strictly increasing in byte order: that forbids both disorder and duplicates. */
function checkOrder(t: TsvTable): void {
  const { bytes, starts } = t;
  for (let i = 1; i < t.count; i++) {
    const c = compareRanges(bytes, starts[i - 1]!, starts[i]! - 1, starts[i]!, starts[i + 1]! - 1);
    if (c === 0) throw new TsvError(t.name, i + 1, 'unique', `duplicate of line ${i} (lines must be unique)`);
    if (c > 0) {
      throw new TsvError(
        t.name,
        i + 1,
        'sorted',
        `sorts before line ${i} (lines must be sorted by the byte order of their UTF-8 encoding)`,
      );
    }
  }
}

/** Byte-order comparison of bytes[a0, a1) and bytes[b0, b1). */
export function compareRanges(bytes: Uint8Array, a0: number, a1: number, b0: number, b1: number): number {
  const n = Math.min(a1 - a0, b1 - b0);
  for (let k = 0; k < n; k++) {
    const d = bytes[a0 + k]! - bytes[b0 + k]!;
    if (d !== 0) return d;
  }
  return a1 - a0 - (b1 - b0);
}

/** Byte-order comparison of two byte strings. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

/** The bytes of line i, without its LF (a view, not a copy). */
export function lineBytes(t: LineTable, i: number): Uint8Array {
  return t.bytes.subarray(t.starts[i]!, t.starts[i + 1]! - 1);
}

/** Start and end (exclusive) byte offsets of field f of line i. */
export function fieldRange(t: TsvTable, i: number, f: number): [number, number] {
  const k = t.fields - 1;
  const start = f === 0 ? t.starts[i]! : t.tabs[i * k + f - 1]! + 1;
  const end = f === k ? t.starts[i + 1]! - 1 : t.tabs[i * k + f]!;
  return [start, end];
}

/** Field f of line i, decoded. */
export function field(t: TsvTable, i: number, f: number): string {
  const [start, end] = fieldRange(t, i, f);
  return t.buf.toString('utf8', start, end);
}

/** All lines as arrays of decoded fields (convenient for small lists). */
export function rows(t: TsvTable): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < t.count; i++) {
    const row: string[] = [];
    for (let f = 0; f < t.fields; f++) row.push(field(t, i, f));
    out.push(row);
  }
  return out;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Writes rows as a TSV file that satisfies every rule: lines sorted by UTF-8 byte order, each ending in
 * LF. Fields that cannot be written (empty, containing TAB/LF, ending in CR, lone surrogates) throw.
 * Duplicate rows throw unless `dedupe` is set, in which case they are written once.
 */
export function serializeTsv(rows: readonly (readonly string[])[], options: { dedupe?: boolean } = {}): Buffer {
  const lines = rows.map((row, i) => Buffer.from(`${row.map((f, j) => checkField(f, i, j)).join('\t')}\n`, 'utf8'));
  lines.sort(Buffer.compare);
  const unique: Buffer[] = [];
  for (const line of lines) {
    const last = unique[unique.length - 1];
    if (last !== undefined && last.equals(line)) {
      if (options.dedupe) continue;
      throw new Error(`duplicate TSV row: ${JSON.stringify(line.toString('utf8').slice(0, -1).split('\t'))}`);
    }
    unique.push(line);
  }
  return Buffer.concat(unique);
}

function checkField(f: string, row: number, col: number): string {
  const where = `row ${row}, field ${col + 1}`;
  if (typeof f !== 'string' || f.length === 0) throw new Error(`${where}: a TSV field must be a non-empty string`);
  if (/[\t\n]/.test(f)) throw new Error(`${where}: a TSV field cannot contain TAB or LF`);
  if (f.endsWith('\r')) throw new Error(`${where}: a TSV field cannot end in CR`);
  if (LONE_SURROGATE.test(f)) throw new Error(`${where}: a lone surrogate has no UTF-8 encoding`);
  return f;
}
