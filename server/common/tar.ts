/**
 * POSIX ustar, the little of it the hub needs: headers for regular files and folders, and reading them back
 * (GNU long names and pax path records too). Draw bundles read and write whole archives in memory
 * (`draw/bundle.ts`); backups stream theirs ({@link readTarStream}).
 */

export const BLOCK = 512;

/** A malformed archive; `message` says where (byte offset) and what. */
export class TarFormatError extends Error {}

function fail(message: string): never {
  throw new TarFormatError(message);
}

export interface TarHeader {
  /** Entry name before any long-name record applies. */
  name: string;
  size: number;
  /** '0' (or NUL, '7') regular file, '5' folder, 'L' GNU long name, 'x' pax record, … */
  type: string;
}

/** Parses and checks one 512-byte header found at byte `pos`; null for an end-of-archive (all-zero) block. */
export function parseTarHeader(header: Buffer, pos: number): TarHeader | null {
  if (header.every((b) => b === 0)) return null;
  const stored = tarNumber(header.subarray(148, 156), 'checksum', pos);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  if (sum !== stored) fail(`tar header at byte ${pos}: checksum mismatch (not a tar archive, or corrupted)`);
  const name = cString(header.subarray(0, 100));
  const prefix = header.subarray(257, 262).toString('latin1') === 'ustar' ? cString(header.subarray(345, 500)) : '';
  return { name: prefix ? `${prefix}/${name}` : name, size: tarNumber(header.subarray(124, 136), 'size', pos), type: String.fromCharCode(header[156]!) };
}

/** An entry's path without leading `./` or `/` (tar and zip archives write both). */
export function normalizeEntryName(name: string): string {
  return name.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
}

/** Whether an entry of this type is a regular file. */
export const isTarFile = (type: string) => type === '0' || type === '\0' || type === '7';

/** The long name an 'L' (GNU) or 'x' (pax) entry gives the entry after it, if it gives one. */
export function longNameOf(type: string, data: Buffer): string | undefined {
  if (type === 'L') return data.toString('utf8').replace(/\0+$/, '');
  if (type !== 'x') return undefined;
  let found: string | undefined;
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space < 0) break;
    const len = Number(data.toString('latin1', pos, space));
    if (!Number.isInteger(len) || len <= 0) break;
    const record = data.toString('utf8', space + 1, pos + len - 1);
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'path') found = record.slice(eq + 1);
    pos += len;
  }
  return found;
}

function cString(b: Uint8Array): string {
  const end = b.indexOf(0);
  return Buffer.from(b.subarray(0, end < 0 ? b.length : end)).toString('utf8');
}

function tarNumber(field: Buffer, what: string, pos: number): number {
  if (field[0]! & 0x80) {
    // GNU base-256 for values that do not fit in octal.
    let v = 0;
    for (let i = 1; i < field.length; i++) v = v * 256 + field[i]!;
    return v;
  }
  const text = field.toString('latin1').replace(/[\0 ]+$/, '').trim();
  if (!/^[0-7]*$/.test(text)) fail(`tar header at byte ${pos}: bad ${what} field`);
  return text === '' ? 0 : parseInt(text, 8);
}

function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  header.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'latin1');
}

/** A ustar header: fixed owner and mode; `mtime` in seconds (0 by default, for archives that must be reproducible). */
export function tarHeader(name: string, size: number, type: '0' | '5', mtime = 0): Buffer {
  const header = Buffer.alloc(BLOCK);
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length > 100) fail(`tar entry name too long: ${name}`);
  // Sizes past 8 GiB − 1 do not fit the 11 octal digits.
  if (size >= 8 ** 11) fail(`tar entry too large: ${name}`);
  nameBytes.copy(header, 0);
  writeOctal(header, 100, 8, type === '5' ? 0o755 : 0o644);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  writeOctal(header, 124, 12, size);
  writeOctal(header, 136, 12, mtime);
  header.write(type, 156, 1, 'latin1');
  header.write('ustar\0', 257, 6, 'latin1');
  header.write('00', 263, 2, 'latin1');
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
  return header;
}

/** Zero bytes that round an entry of `size` bytes up to a whole block. */
export function tarPadding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** The two zero blocks that end an archive. */
export const TAR_END = Buffer.alloc(2 * BLOCK);

export interface TarStreamEntry {
  name: string;
  size: number;
  /** The entry's bytes as they arrive; read them all before asking for the next entry. */
  body(): AsyncGenerator<Buffer>;
}

/**
 * The regular files of a tar stream, one after the other, without holding more than a chunk of the stream
 * in memory. Throws {@link TarFormatError} on a bad header, a truncated stream or a missing end.
 */
export async function* readTarStream(source: AsyncIterable<Buffer>): AsyncGenerator<TarStreamEntry> {
  const reader = new ByteReader(source);
  let longName: string | undefined;
  for (;;) {
    const pos = reader.position;
    const block = await reader.take(BLOCK);
    if (!block) fail(`tar archive is truncated (no end-of-archive block after byte ${pos})`);
    const header = parseTarHeader(block, pos);
    if (!header) return;
    const padded = header.size + tarPadding(header.size).length;
    if (isTarFile(header.type)) {
      const name = longName ?? header.name;
      longName = undefined;
      let state: 'unread' | 'reading' | 'read' = 'unread';
      yield {
        name: normalizeEntryName(name),
        size: header.size,
        body: async function* () {
          if (state !== 'unread') fail(`tar entry ${name} read twice`);
          state = 'reading';
          yield* reader.stream(header.size, name);
          await reader.skip(padded - header.size, name);
          state = 'read';
        },
      };
      // The consumer skipped the entry: pass over its bytes.
      if (state === 'unread') await reader.skip(padded, name);
      else if (state === 'reading') throw new Error(`tar entry ${name} was not read to its end`);
    } else if (header.type === 'L' || header.type === 'x') {
      const data = await reader.take(padded);
      if (!data) fail(`tar archive is truncated (entry at byte ${pos})`);
      longName = longNameOf(header.type, data.subarray(0, header.size)) ?? longName;
    } else {
      // Folders, links, global pax headers.
      await reader.skip(padded, header.name);
      longName = undefined;
    }
  }
}

/** Pulls exact byte counts out of a stream of chunks. */
class ByteReader {
  private readonly it: AsyncIterator<Buffer>;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;
  /** Bytes handed out so far. */
  position = 0;

  constructor(source: AsyncIterable<Buffer>) {
    this.it = source[Symbol.asyncIterator]();
  }

  private async fill(n: number): Promise<boolean> {
    while (this.buffered < n && !this.ended) {
      const r = await this.it.next();
      if (r.done) this.ended = true;
      else if (r.value.length) {
        this.chunks.push(r.value);
        this.buffered += r.value.length;
      }
    }
    return this.buffered >= n;
  }

  /** Up to `max` bytes (at least one) from the front, without copying when a chunk suffices. */
  private next(max: number): Buffer {
    const first = this.chunks[0]!;
    const out = first.length <= max ? first : first.subarray(0, max);
    if (out === first) this.chunks.shift();
    else this.chunks[0] = first.subarray(max);
    this.buffered -= out.length;
    this.position += out.length;
    return out;
  }

  /** Exactly `n` bytes in one buffer, or null when the stream ends first. */
  async take(n: number): Promise<Buffer | null> {
    if (!(await this.fill(n))) return null;
    const parts: Buffer[] = [];
    for (let left = n; left > 0; ) {
      const b = this.next(left);
      parts.push(b);
      left -= b.length;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, n);
  }

  async *stream(n: number, name: string): AsyncGenerator<Buffer> {
    for (let left = n; left > 0; ) {
      if (!(await this.fill(1))) fail(`tar archive is truncated (inside ${name})`);
      const b = this.next(left);
      left -= b.length;
      yield b;
    }
  }

  async skip(n: number, name: string): Promise<void> {
    for await (const b of this.stream(n, name)) void b;
  }
}
