import { isUtf8 } from 'node:buffer';
import { AppError, badInput, ErrorCode } from '../common/errors.js';
import { isKnownIndustryCode } from '../reference/industries.js';
import { usccBytesValid } from '../reference/uscc.js';
import { SubjectKind } from '../directory/subject.entity.js';
import { ImportKind } from './columns.js';
import { binaryRow, binaryTextArray, type IdType, writeIdField, writeInt32, writeNullField, writeTextField } from './copy.js';
import { encodeRecord } from './encode.js';
import { KeySet } from './keyset.js';
import { GRADES, listOf, mapHeader, PUBLIC_ID, type ReferenceCodes, type RowError, SUBJECT_KINDS, SUBJECT_STATUSES, type SubjectRow, subjectKeyFor } from './validate.js';

/**
 * The subject CSV reader, validator and COPY encoder in one pass over the file's bytes.
 *
 * A million-row directory is about 400 MB of mostly Chinese text that PostgreSQL only needs to receive
 * unchanged. The string path (decode to UTF-16, split, build a record object, validate, re-escape,
 * encode back to UTF-8) spends most of its time on that text. Here a record is split on its commas in
 * the byte buffer; only the short coded fields (USCC, codes, enumerations, tags) become strings; the long
 * free-text fields are copied byte for byte, behind their length, into rows of COPY's binary format
 * (which needs no escaping, and which PostgreSQL reads without scanning the text).
 *
 * The fast path only ever *accepts*: a record it is not certain about — quoted fields, a column count
 * that differs from the header, blanks around a value, invalid UTF-8, or any validation failure — goes
 * through `encodeRecord`, the exact code every other import uses, which then gives the same values (written
 * by `binaryRow`) or the same Chinese error. Records are numbered by the physical line they start on, as
 * `parseCsv` does. Duplicated keys are found here too (the first occurrence stands), with a {@link KeySet}.
 */

/** JavaScript's `trim()` set of blanks, taken from the engine itself (no code point above U+FFFF is one). */
const BLANK = new Uint8Array(0x10000);
for (let cp = 0; cp < 0x10000; cp++) if (String.fromCharCode(cp).trim() === '') BLANK[cp] = 1;

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Code point of the UTF-8 character starting at `i` (the buffer is known to be valid UTF-8). */
function codePointAt(b: Buffer, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return c;
  if (c < 0xe0) return ((c & 0x1f) << 6) | (b[i + 1]! & 0x3f);
  if (c < 0xf0) return ((c & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f);
  return 0x10000; // four-byte characters are never blanks
}

/** Does the non-empty field `b[s, e)` start or end with a blank that `trim()` would remove? */
function hasEdgeBlank(b: Buffer, s: number, e: number): boolean {
  if (BLANK[codePointAt(b, s)]) return true;
  let k = e - 1;
  while (k > s && (b[k]! & 0xc0) === 0x80) k--;
  return BLANK[codePointAt(b, k)] === 1;
}

/** Characters (code points) in the UTF-8 field `b[s, e)`. */
function charCount(b: Buffer, s: number, e: number): number {
  let n = 0;
  for (let i = s; i < e; i++) if ((b[i]! & 0xc0) !== 0x80) n++;
  return n;
}

// Node's own Buffer slicers, without `toString`'s argument juggling.
interface RawBuffer {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}
const latin1 = (b: Buffer, s: number, e: number) => (b as unknown as RawBuffer).latin1Slice(s, e);
const utf8 = (b: Buffer, s: number, e: number) => (b as unknown as RawBuffer).utf8Slice(s, e);

/** Position of the next comma or line feed at or after `from`, or the end of the buffer. */
function nextStop(b: Buffer, from: number): number {
  const n = b.length;
  for (let i = from; i < n; i++) {
    const c = b[i];
    if (c === COMMA || c === LF) return i;
  }
  return n;
}

/**
 * A record with quoted fields, starting at `start`; the byte-level twin of `parseQuoted` in csv.ts
 * (same leniencies). Undefined when the record may continue past the end of `b` and more is to come.
 */
function parseQuoted(b: Buffer, start: number, final: boolean, dec: { decode(input: Uint8Array): string }): { values: string[]; next: number; lines: number } | undefined {
  const values: string[] = [];
  const n = b.length;
  const text = (s: number, e: number) => dec.decode(b.subarray(s, e));
  let i = start;
  let lines = 1;
  for (;;) {
    if (b[i] === QUOTE) {
      let value = '';
      i++;
      for (;;) {
        const q = b.indexOf(QUOTE, i);
        if (q === -1) {
          if (!final) return undefined;
          value += text(i, n);
          i = n;
          break;
        }
        value += text(i, q);
        if (b[q + 1] === QUOTE) {
          value += '"';
          i = q + 2;
          continue;
        }
        if (q + 1 >= n && !final) return undefined;
        i = q + 1;
        break;
      }
      for (let k = value.indexOf('\n'); k !== -1; k = value.indexOf('\n', k + 1)) lines++;
      values.push(value);
      const stop = nextStop(b, i);
      if (stop > i) values[values.length - 1] += text(i, stop).replace(/\r$/, '');
      i = stop;
    } else {
      const stop = nextStop(b, i);
      let v = text(i, stop);
      if (b[stop] !== COMMA && v.endsWith('\r')) v = v.slice(0, -1);
      values.push(v);
      i = stop;
    }
    if (i >= n) {
      if (!final) return undefined;
      return { values, next: n, lines };
    }
    if (b[i] === COMMA) {
      i++;
      if (i >= n && !final) return undefined;
      if (i >= n) {
        values.push('');
        return { values, next: n, lines };
      }
      continue;
    }
    return { values, next: i + 1, lines };
  }
}

/** The result of feeding the encoder: COPY binary rows (first column `line + idOffset`), row errors, counts. */
export interface FastBatch {
  out: Buffer;
  rows: number;
  errors: RowError[];
  /** Data records read so far. */
  total: number;
}

const FIELDS = ['uscc', 'publicId', 'name', 'kind', 'regionCode', 'industryCode', 'businessScope', 'address', 'operatorName', 'operatorPhone', 'status', 'tags', 'riskGrade'] as const;
type Field = (typeof FIELDS)[number];
const NEEDS_USCC = new Set<string>([SubjectKind.ENTERPRISE, SubjectKind.INDIVIDUAL_BUSINESS, SubjectKind.OTHER_ORG]);

export class SubjectCsvEncoder {
  private carry: Buffer = Buffer.alloc(0);
  private started = false;
  private line = 1;
  private fields: (string | null)[] | undefined;
  /** File column of each subject field, −1 when the file has no such column. */
  private c = {} as Record<Field, number>;
  /** Start and end of each field of the record at hand. */
  private fs = new Int32Array(0);
  private fe = new Int32Array(0);
  private readonly idOffset: number;
  private readonly idType: IdType;
  private total = 0;
  private readonly dec = new TextDecoder('utf-8');
  private readonly keys = new KeySet();
  private out: Buffer = Buffer.alloc(0);
  private o = 0;
  private rows = 0;
  private errors: RowError[] = [];
  private readonly kindMemo = new ByteMemo<string>(64);
  private readonly statusMemo = new ByteMemo<string>(64);
  private readonly gradeMemo = new ByteMemo<string>(64);
  private readonly tagsMemo = new ByteMemo<Buffer>(4096);
  private readonly industryMemo = new ByteMemo<string>(4096);
  private readonly regionMemo = new ByteMemo<string>(4096);
  /** Active subjects written, per region code and grade ("region\tgrade", U when ungraded). */
  private readonly directory = new Map<string, number>();
  /** Ids written, as runs: first and last id of each, flattened. */
  private readonly runs: number[] = [];

  constructor(
    private readonly ref: ReferenceCodes,
    /** `idType`: the first column's type, `int4` (a staging table's line, the default) or `int8` (an id). */
    private readonly opts: { idOffset?: number; idType?: IdType; maxRows?: number } = {},
  ) {
    this.idOffset = opts.idOffset ?? 0;
    this.idType = opts.idType ?? 'int4';
  }

  /** Feeds the next chunk of the file; returns what the complete records in it became. */
  push(chunk: Buffer): FastBatch {
    return this.run(this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk, false);
  }

  /** End of file: the last record, and the empty-file check. */
  end(): FastBatch {
    const batch = this.run(this.carry, true);
    if (!this.fields) throw badInput('file', '文件为空：至少需要表头行');
    return batch;
  }

  /** Ids of the rows written (`line + idOffset`), as runs of consecutive ids: [first, last] each. */
  idRuns(): [first: number, last: number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < this.runs.length; i += 2) out.push([this.runs[i]!, this.runs[i + 1]!]);
    return out;
  }

  /** The active subjects written per region and grade (U when ungraded): what the directory's metric rollup counts. */
  directoryCounts(): { regions: string[]; grades: string[]; counts: number[] } {
    const regions: string[] = [];
    const grades: string[] = [];
    const counts: number[] = [];
    for (const [k, n] of this.directory) {
      const tab = k.indexOf('\t');
      regions.push(k.slice(0, tab));
      grades.push(k.slice(tab + 1));
      counts.push(n);
    }
    return { regions, grades, counts };
  }

  /** Books a row as written: its id and, when active, its region and grade. */
  private written(line: number, region: string, status: string, grade: string | null): void {
    this.rows++;
    const id = line + this.idOffset;
    const r = this.runs;
    if (r.length && r[r.length - 1] === id - 1) r[r.length - 1] = id;
    else r.push(id, id);
    if (status !== 'ACTIVE') return;
    const k = `${region}\t${grade ?? 'U'}`;
    this.directory.set(k, (this.directory.get(k) ?? 0) + 1);
  }

  private run(buf: Buffer, final: boolean): FastBatch {
    this.out = Buffer.allocUnsafe(Math.max(1 << 16, Math.ceil(buf.length * 1.5) + 4096));
    this.o = 0;
    this.rows = 0;
    this.errors = [];
    let pos = 0;
    if (!this.started) {
      if (buf.length < 6 && !final) {
        this.carry = buf;
        return this.batch();
      }
      // TextDecoder drops one BOM and parseCsv a second one.
      for (let k = 0; k < 2 && buf[pos] === 0xef && buf[pos + 1] === 0xbb && buf[pos + 2] === 0xbf; k++) pos += 3;
      this.started = true;
    }
    const n = buf.length;
    const complete = final ? n : buf.lastIndexOf(LF) + 1;
    // Records in a chunk that is not valid UTF-8 or holds a NUL byte (which the validation refuses) take the
    // string path.
    const plain = complete <= pos || (isUtf8(buf.subarray(pos, complete)) && buf.indexOf(0, pos) === -1);
    let quote = -2;
    while (pos < n) {
      const nl = buf.indexOf(LF, pos);
      if (nl === -1 && !final) break;
      const lineEnd = nl === -1 ? n : nl;
      if (quote !== -1 && quote < pos) quote = buf.indexOf(QUOTE, pos);
      if (quote !== -1 && quote < lineEnd) {
        const rec = parseQuoted(buf, pos, final, this.dec);
        if (!rec) break;
        if (!(rec.values.length === 1 && rec.values[0] === '')) this.slow(rec.values, this.line);
        this.line += rec.lines;
        pos = rec.next;
        continue;
      }
      let end = lineEnd;
      if (end > pos && buf[end - 1] === CR) end--;
      if (end > pos) {
        if (!this.fields || !plain || !this.fast(buf, pos, end)) this.slow(this.dec.decode(buf.subarray(pos, end)).split(','), this.line);
      }
      this.line++;
      pos = lineEnd + 1;
    }
    this.carry = pos < n ? Buffer.from(buf.subarray(pos)) : Buffer.alloc(0);
    return this.batch();
  }

  private batch(): FastBatch {
    return { out: this.out.subarray(0, this.o), rows: this.rows, errors: this.errors, total: this.total };
  }

  private ensure(bytes: number): void {
    if (this.o + bytes <= this.out.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.o + bytes));
    this.out.copy(bigger, 0, 0, this.o);
    this.out = bigger;
  }

  private header(values: string[], line: number): void {
    const mapped = mapHeader(ImportKind.SUBJECTS, values, line);
    if (mapped.errors.length)
      throw new AppError(ErrorCode.IMPORT_INVALID, `表头无效：${mapped.errors.map((e) => e.reason).join('；')}`, 'header', { rowErrors: mapped.errors });
    this.fields = mapped.fields;
    for (const f of FIELDS) this.c[f] = mapped.fields.indexOf(f);
    this.fs = new Int32Array(mapped.fields.length);
    this.fe = new Int32Array(mapped.fields.length);
  }

  private count(): void {
    this.total++;
    if (this.opts.maxRows !== undefined && this.total > this.opts.maxRows)
      throw badInput('rows', `一次最多导入 ${this.opts.maxRows} 行，请使用命令行工具 jointcheck import 导入更大的文件`);
  }

  private duplicate(key: string, line: number, first: number): void {
    this.errors.push({ line, column: null, reason: `代码"${key}"与第 ${first} 行重复` });
  }

  /** A record as strings, through the engine's own validation and encoding. */
  private slow(values: string[], line: number): void {
    if (!this.fields) return this.header(values, line);
    this.count();
    const r = encodeRecord(ImportKind.SUBJECTS, this.fields, { line, values }, this.ref);
    if (r.errors) {
      this.errors.push(...r.errors);
      return;
    }
    const first = this.keys.addString(r.key!, line);
    if (first) return this.duplicate(r.key!, line, first);
    const bytes = binaryRow(line + this.idOffset, this.idType, r.values!);
    this.ensure(bytes.length);
    this.o += bytes.copy(this.out, this.o);
    const row = r.row as SubjectRow;
    this.written(line, row.regionCode, row.status, row.riskGrade);
  }

  /** The byte path for a plain record `b[s, e)`; false when the record must take the string path. */
  private fast(b: Buffer, s: number, e: number): boolean {
    // Field boundaries; written without closures (the loader wraps every closure in a naming helper).
    const fs = this.fs;
    const fe = this.fe;
    const fields = this.fields!;
    const nf = fields.length;
    let k = 0;
    fs[0] = s;
    for (let i = s; i < e; i++) {
      if (b[i] !== COMMA) continue;
      if (++k >= nf) return false;
      fe[k - 1] = i;
      fs[k] = i + 1;
    }
    if (k + 1 !== nf) return false;
    fe[k] = e;
    // Every field used must be trimmed already.
    for (let j = 0; j < nf; j++) {
      if (fields[j] !== null && fe[j]! > fs[j]! && hasEdgeBlank(b, fs[j]!, fe[j]!)) return false;
    }
    const c = this.c;

    let hasUscc = false;
    let j = c.uscc;
    if (j !== -1 && fe[j]! > fs[j]!) {
      // Clean codes only: anything normaliseUscc would change goes the string way.
      if (!usccBytesValid(b, fs[j]!, fe[j]!)) return false;
      hasUscc = true;
    }
    let publicId: string | null = null;
    j = c.publicId;
    if (j !== -1 && fe[j]! > fs[j]!) {
      publicId = latin1(b, fs[j]!, fe[j]!);
      if (!PUBLIC_ID.test(publicId)) return false;
    }
    j = c.name;
    if (j === -1 || fe[j] === fs[j] || tooLong(b, fs[j]!, fe[j]!, 200)) return false;
    j = c.kind;
    if (j === -1 || fe[j] === fs[j]) return false;
    const kind = this.kindMemo.get(b, fs[j]!, fe[j]!, kindOf);
    if (kind === null) return false;
    j = c.regionCode;
    if (j === -1 || fe[j] === fs[j]) return false;
    if (!regionBytes(b, fs[j]!, fe[j]!)) return false;
    const regionCol = j;
    j = c.industryCode;
    if (j !== -1 && fe[j]! > fs[j]!) {
      if (this.industryMemo.get(b, fs[j]!, fe[j]!, industryOf) === null) return false;
    }
    j = c.operatorPhone;
    if (j !== -1 && fe[j]! > fs[j]! && !phoneBytes(b, fs[j]!, fe[j]!)) return false;
    let status: string | null = 'ACTIVE';
    j = c.status;
    if (j !== -1 && fe[j]! > fs[j]!) {
      status = this.statusMemo.get(b, fs[j]!, fe[j]!, statusOf);
      if (status === null) return false;
    }
    let grade: string | null = null;
    j = c.riskGrade;
    if (j !== -1 && fe[j]! > fs[j]!) {
      grade = this.gradeMemo.get(b, fs[j]!, fe[j]!, gradeOf);
      if (grade === null) return false;
    }
    if (NEEDS_USCC.has(kind) && !hasUscc && publicId === null) return false;
    j = c.address;
    if (j !== -1 && fe[j]! > fs[j]! && tooLong(b, fs[j]!, fe[j]!, 500)) return false;
    j = c.operatorName;
    if (j !== -1 && fe[j]! > fs[j]! && tooLong(b, fs[j]!, fe[j]!, 100)) return false;
    j = c.tags;
    const tags = j === -1 || fe[j] === fs[j] ? NO_TAGS : this.tagsMemo.get(b, fs[j]!, fe[j]!, tagsOf)!;

    // Valid. Its key, unless the file already had it.
    const line = this.line;
    this.count();
    let key: string | null = null;
    j = hasUscc ? c.uscc : publicId !== null ? c.publicId : -1;
    let first: number;
    if (j !== -1) {
      first = this.keys.addBytes(b, fs[j]!, fe[j]!, line);
    } else {
      const a = c.address;
      key = subjectKeyFor(null, null, kind, utf8(b, fs[c.name]!, fe[c.name]!), latin1(b, fs[regionCol]!, fe[regionCol]!), a === -1 || fe[a] === fs[a] ? null : utf8(b, fs[a]!, fe[a]!));
      first = this.keys.addString(key, line);
    }
    if (first) {
      this.errors.push({ line, column: null, reason: `代码"${key ?? latin1(b, fs[j]!, fe[j]!)}"与第 ${first} 行重复` });
      return true;
    }

    // line  key  uscc  name  kind  region  industry  scope  address  operator  phone  status  grade  tags
    // Each field once (the key's twice), behind 4 bytes of length instead of a comma, and the codes.
    this.ensure((e - s) * 2 + tags.length + 256 + (key === null ? 0 : key.length * 3));
    const out = this.out;
    let o = out.writeInt16BE(ROW_FIELDS, this.o);
    o = writeIdField(out, o, line + this.idOffset, this.idType);
    if (key !== null) o = writeTextField(out, o, key);
    else o = this.raw(b, j, out, o);
    o = this.raw(b, c.uscc, out, o);
    o = this.raw(b, c.name, out, o);
    o = writeTextField(out, o, kind);
    o = this.raw(b, c.regionCode, out, o);
    o = this.raw(b, c.industryCode, out, o);
    o = this.raw(b, c.businessScope, out, o);
    o = this.raw(b, c.address, out, o);
    o = this.raw(b, c.operatorName, out, o);
    o = this.raw(b, c.operatorPhone, out, o);
    o = writeTextField(out, o, status);
    o = grade === null ? writeNullField(out, o) : writeTextField(out, o, grade);
    o += tags.copy(out, o);
    this.o = o;
    this.written(line, this.regionMemo.get(b, fs[regionCol]!, fe[regionCol]!, asText)!, status, grade);
    return true;
  }

  /** Writes field column `j` behind its length (or NULL when absent or blank). */
  private raw(b: Buffer, j: number, out: Buffer, o: number): number {
    if (j === -1 || this.fe[j] === this.fs[j]) return writeNullField(out, o);
    o = writeInt32(out, o, this.fe[j]! - this.fs[j]!);
    return copyBytes(b, this.fs[j]!, this.fe[j]!, out, o);
  }
}

/** Fields of a binary row: the id, then the subject's 13 columns. */
const ROW_FIELDS = 14;
const NO_TAGS = binaryTextArray([]);

function copyBytes(from: Buffer, s: number, e: number, to: Buffer, o: number): number {
  if (e - s > 40) return o + from.copy(to, o, s, e); // native copy once the call pays for itself
  for (let i = s; i < e; i++) to[o++] = from[i]!;
  return o;
}

/**
 * A small memo from a field's bytes to what it encodes to (enumeration codes, tag lists): directories
 * repeat a handful of values millions of times. Stops learning past `limit` distinct values.
 */
class ByteMemo<T> {
  private readonly byHash = new Map<number, { bytes: Buffer; value: T | null }[]>();
  private size = 0;
  constructor(private readonly limit: number) {}
  get(b: Buffer, s: number, e: number, compute: (text: string) => T | null): T | null {
    let h = e - s;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    const list = this.byHash.get(h);
    if (list) {
      for (const x of list) if (sameBytes(x.bytes, b, s, e)) return x.value;
    }
    const value = compute(utf8(b, s, e));
    if (this.size < this.limit) {
      this.size++;
      const entry = { bytes: Buffer.from(b.subarray(s, e)), value };
      if (list) list.push(entry);
      else this.byHash.set(h, [entry]);
    }
    return value;
  }
}

/** `a` equals `b[s, e)`; a loop, as the values are short and a native compare costs more to call. */
function sameBytes(a: Buffer, b: Buffer, s: number, e: number): boolean {
  if (a.length !== e - s) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[s + i]) return false;
  return true;
}

const kindOf = (t: string) => enumValue(SUBJECT_KINDS, t);
const industryOf = (t: string) => (/^[\x21-\x7e]*$/.test(t) && isKnownIndustryCode(t) ? t : null);
const asText = (t: string) => t;
const statusOf = (t: string) => enumValue(SUBJECT_STATUSES, t);
const gradeOf = (t: string) => enumValue(GRADES, t);
const tagsOf = (t: string) => binaryTextArray(listOf(t));

/** The enumeration value the validator's table gives `text` (only string hits; anything else is not certain). */
function enumValue(table: Record<string, string>, text: string): string | null {
  const hit = table[text] ?? table[text.toUpperCase()];
  return typeof hit === 'string' ? hit : null;
}

/** Digits only, 6, 9 or 12 of them (the REGION pattern). */
function regionBytes(b: Buffer, s: number, e: number): boolean {
  const n = e - s;
  if (n !== 6 && n !== 9 && n !== 12) return false;
  for (let i = s; i < e; i++) if (b[i]! < 48 || b[i]! > 57) return false;
  return true;
}

/** The PHONE pattern: 5–20 of 0-9 + - ( ) and space. */
function phoneBytes(b: Buffer, s: number, e: number): boolean {
  const n = e - s;
  if (n < 5 || n > 20) return false;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 40 || c === 41 || c === 32)) return false;
  }
  return true;
}

/** Too many characters, counting code points as `[...v].length` does. */
function tooLong(b: Buffer, s: number, e: number, max: number): boolean {
  return e - s > max && charCount(b, s, e) > max;
}
