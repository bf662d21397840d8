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
const NULL_FIELD = Buffer.from([0xff, 0xff, 0xff, 0xff]);

/** Width of a binary row's first column: `int4` (a staging table's line) or `int8` (a bigserial id). */
export type IdType = 'int4' | 'int8';

/** Writes a length-prefixed integer field at `o`; returns the offset after it. Ids stay below 2^53. */
export function writeIdField(out: Buffer, o: number, id: number, type: IdType): number {
  if (type === 'int4') {
    o = out.writeInt32BE(4, o);
    return out.writeInt32BE(id, o);
  }
  o = out.writeInt32BE(8, o);
  o = out.writeUInt32BE(Math.floor(id / 2 ** 32), o);
  return out.writeUInt32BE(id >>> 0, o);
}

/** A text[] field in binary form, its length prefix included. */
export function binaryTextArray(items: string[]): Buffer {
  const elements = items.map((i) => Buffer.from(i, 'utf8'));
  // Dimensions, has-nulls flag, element type; then, for one dimension, its length and lower bound.
  const size = 12 + (elements.length ? 8 : 0) + elements.reduce((n, e) => n + 4 + e.length, 0);
  const out = Buffer.allocUnsafe(4 + size);
  let o = out.writeInt32BE(size, 0);
  o = out.writeInt32BE(elements.length ? 1 : 0, o);
  o = out.writeInt32BE(0, o);
  o = out.writeInt32BE(TEXT_OID, o);
  if (elements.length) {
    o = out.writeInt32BE(elements.length, o);
    o = out.writeInt32BE(1, o);
    for (const e of elements) {
      o = out.writeInt32BE(e.length, o);
      o += e.copy(out, o);
    }
  }
  return out;
}

/** One row in COPY binary format: an integer id, then text values (`null` for NULL) and text arrays. */
export function binaryRow(id: number, idType: IdType, values: CopyValue[]): Buffer {
  // Each field with its length prefix: −1 alone for NULL; an array comes with its own.
  const fields = values.map((v) => {
    if (v === null) return NULL_FIELD;
    if (Array.isArray(v)) return binaryTextArray(v);
    if (typeof v === 'number') throw new Error('binaryRow writes text columns only: a number needs its column type');
    const bytes = Buffer.from(v, 'utf8');
    const f = Buffer.allocUnsafe(4 + bytes.length);
    f.writeInt32BE(bytes.length, 0);
    bytes.copy(f, 4);
    return f;
  });
  const out = Buffer.allocUnsafe(2 + 4 + (idType === 'int4' ? 4 : 8) + fields.reduce((n, f) => n + f.length, 0));
  let o = out.writeInt16BE(1 + values.length, 0);
  o = writeIdField(out, o, id, idType);
  for (const f of fields) o += f.copy(out, o);
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
    if (!this.stream.write(text)) await new Promise<void>((r) => this.stream.once('drain', r));
  }

  async end(): Promise<void> {
    this.stream.end(this.binary ? BINARY_TRAILER : undefined);
    await this.done;
  }
}
