import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type CopyValue = string | number | null | string[];

export function escapeText(s: string): string {
  // COPY text format: backslash escapes for the delimiter, line breaks and the backslash itself.
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : s;
}

export function arrayLiteral(items: string[]): string {
  return `{${items.map((i) => `"${i.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** One row in COPY text format (tab-separated, `\N` for NULL, arrays as PostgreSQL array literals). */
export function copyLine(values: CopyValue[]): string {
  return (
    values
      .map((v) => (v === null ? '\\N' : Array.isArray(v) ? escapeText(arrayLiteral(v)) : escapeText(String(v))))
      .join('\t') + '\n'
  );
}

// COPY's binary format: PostgreSQL reads each field by its length instead of scanning text for tabs, line
// breaks and escapes and parsing it (about a fifth less work for a directory's long text rows). A row is a
// 16-bit field count, then per field a 32-bit length (−1 for NULL) and the value's bytes; integers are
// big-endian; a text array is its dimensions, flags, element type, bounds and the length-prefixed elements.
/** Signature, flags (none) and header-extension length (0). */
const BINARY_HEADER = Buffer.from('PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0', 'latin1');
/** A field count of −1 ends the data. */
const BINARY_TRAILER = Buffer.from([0xff, 0xff]);
const TEXT_OID = 25;

/** Width of a binary row's first column: `int4` (a staging table's line) or `int8` (a bigserial id). */
export type IdType = 'int4' | 'int8';

/** A big-endian 32-bit integer at `o`; returns the offset after it (Buffer's writer checks its arguments, a cost on every field). */
export function writeInt32(out: Buffer, o: number, n: number): number {
  out[o] = n >>> 24;
  out[o + 1] = n >>> 16;
  out[o + 2] = n >>> 8;
  out[o + 3] = n;
  return o + 4;
}

/** A text field (or array element): its length in UTF-8 bytes, then the bytes. */
export function writeTextField(out: Buffer, o: number, s: string): number {
  const n = out.write(s, o + 4);
  writeInt32(out, o, n);
  return o + 4 + n;
}

/** A NULL field: a length of −1 and no bytes. */
export const writeNullField = (out: Buffer, o: number): number => writeInt32(out, o, -1);

/** Writes a length-prefixed integer field at `o`; returns the offset after it. Ids stay below 2^53. */
export function writeIdField(out: Buffer, o: number, id: number, type: IdType): number {
  if (type === 'int4') return writeInt32(out, writeInt32(out, o, 4), id);
  o = writeInt32(out, o, 8);
  o = writeInt32(out, o, Math.floor(id / 2 ** 32));
  return writeInt32(out, o, id >>> 0);
}

/** A text[] field in binary form, its length prefix included. */
export function binaryTextArray(items: string[]): Buffer {
  // Dimensions, has-nulls flag, element type; then, for one dimension, its length and lower bound.
  const size = 12 + (items.length ? 8 : 0) + items.reduce((n, i) => n + 4 + Buffer.byteLength(i), 0);
  const out = Buffer.allocUnsafe(4 + size);
  let o = writeInt32(out, 0, size);
  o = writeInt32(out, o, items.length ? 1 : 0);
  o = writeInt32(out, o, 0);
  o = writeInt32(out, o, TEXT_OID);
  if (items.length) {
    o = writeInt32(out, o, items.length);
    o = writeInt32(out, o, 1);
    for (const i of items) o = writeTextField(out, o, i);
  }
  return out;
}

/** One row in COPY binary format: an integer id, then text values (`null` for NULL) and text arrays. */
export function binaryRow(id: number, idType: IdType, values: CopyValue[]): Buffer {
  const arrays = values.map((v) => (Array.isArray(v) ? binaryTextArray(v) : null));
  let size = 2 + 4 + (idType === 'int4' ? 4 : 8);
  values.forEach((v, i) => {
    if (typeof v === 'number') throw new Error('binaryRow writes text columns only: a number needs its column type');
    size += arrays[i]?.length ?? 4 + (v === null ? 0 : Buffer.byteLength(v as string));
  });
  const out = Buffer.allocUnsafe(size);
  out.writeInt16BE(1 + values.length, 0);
  let o = writeIdField(out, 2, id, idType);
  values.forEach((v, i) => {
    const array = arrays[i];
    if (array) o += array.copy(out, o);
    else o = v === null ? writeNullField(out, o) : writeTextField(out, o, v as string);
  });
  return out;
}

/** A COPY … FROM STDIN stream; `write` waits while PostgreSQL is slower than the producer, so memory stays bounded. */
export class CopyWriter {
  private stream: ReturnType<typeof copyFrom>;
  private done: Promise<void>;
  private readonly binary: boolean;

  /**
   * `freeze`: for a table created or emptied in the same transaction (COPY … FREEZE). `binary`: the rows
   * written are in COPY's binary format ({@link binaryRow}); the header and the trailer are added here.
   */
  constructor(client: PoolClient, table: string, columns: string[], opts: { freeze?: boolean; binary?: boolean } = {}) {
    const options = [...(opts.freeze ? ['freeze'] : []), ...(opts.binary ? ['format binary'] : [])];
    this.stream = client.query(
      copyFrom(`copy ${table} (${columns.map((c) => `"${c}"`).join(',')}) from stdin${options.length ? ` with (${options.join(', ')})` : ''}`),
    );
    this.done = new Promise((resolve, reject) => {
      this.stream.on('finish', resolve);
      this.stream.on('error', reject);
    });
    // Rejections surface through `end()`; avoid an unhandled one in the meantime.
    this.done.catch(() => undefined);
    this.binary = !!opts.binary;
    if (this.binary) this.stream.write(BINARY_HEADER);
  }

  async write(text: string | Buffer): Promise<void> {
    if (!text.length) return;
    // A COPY that PostgreSQL refused never drains: its error ends the wait.
    if (!this.stream.write(text)) await Promise.race([new Promise<void>((r) => this.stream.once('drain', r)), this.done]);
  }

  async end(): Promise<void> {
    this.stream.end(this.binary ? BINARY_TRAILER : undefined);
    await this.done;
  }

  /** Gives the COPY up (PostgreSQL is told it failed); the transaction then has to roll back. */
  async abort(): Promise<void> {
    this.stream.destroy(new Error('COPY abandoned'));
    await this.done.catch(() => undefined);
  }
}
