/**
 * Minimal RFC 4180 CSV writing for the demo spreadsheets: UTF-8 with a BOM (so Excel detects the
 * encoding), LF line ends, fields quoted only when they hold a comma, a double quote, CR or LF.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const UTF8_BOM = '\uFEFF';

const NEEDS_QUOTING = /[",\r\n]/;

export function csvField(value: string): string {
  return NEEDS_QUOTING.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const cell = NEEDS_QUOTING.test(f) ? `"${f.replace(/"/g, '""')}"` : f;
    line = i === 0 ? cell : line + ',' + cell;
  }
  return line + '\n';
}

/** The whole document as one string (BOM, header, rows). For small files and tests. */
export function csvDocument(header: readonly string[], rows: Iterable<readonly string[]>): string {
  let out = UTF8_BOM + csvLine(header);
  for (const row of rows) out += csvLine(row);
  return out;
}

/** Roughly how many characters to gather before handing a chunk to the stream. */
const CHUNK_CHARS = 256 * 1024;

/**
 * Streams rows to `path`, gathering them into chunks and waiting for 'drain' whenever the stream's
 * buffer is full, so memory stays flat however many rows the iterable yields. Resolves with the
 * number of data rows written once the file is closed.
 */
export async function writeCsvFile(
  path: string,
  header: readonly string[],
  rows: Iterable<readonly string[]>,
): Promise<number> {
  const out = createWriteStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let failure: Error | undefined;
  out.on('error', (err) => {
    failure = err;
  });
  let count = 0;
  let chunk = UTF8_BOM + csvLine(header);
  const flush = async (): Promise<void> => {
    if (failure) throw failure;
    const ok = out.write(chunk);
    chunk = '';
    // events.once rejects if the stream emits 'error' while we wait.
    if (!ok) await once(out, 'drain');
  };
  try {
    for (const row of rows) {
      chunk += csvLine(row);
      count++;
      if (chunk.length >= CHUNK_CHARS) await flush();
    }
    if (chunk.length > 0) await flush();
  } catch (err) {
    out.destroy();
    throw err;
  }
  out.end();
  await once(out, 'finish');
  if (failure) throw failure;
  return count;
}
