import type { RawRecord } from './reader.js';

/**
 * A streaming RFC 4180 CSV parser tuned for large spreadsheets: lines without quotes take a
 * `split(',')` fast path; quoted fields (with commas, doubled quotes, line breaks) take the careful one.
 * Accepts LF or CRLF, strips a UTF-8 BOM, skips empty lines, and numbers records by the physical line
 * they start on.
 */
export async function* parseCsv(chunks: AsyncIterable<string | Buffer> | Iterable<string | Buffer>): AsyncGenerator<RawRecord> {
  const decoder = new TextDecoder('utf-8');
  let buf = '';
  let line = 1;
  let first = true;
  for await (const chunk of chunks) {
    buf += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && buf.length) {
      if (buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
      first = false;
    }
    const out: RawRecord[] = [];
    const consumed = parseRecords(buf, false, line, out);
    for (const r of out) yield r;
    line = consumed.line;
    buf = buf.slice(consumed.pos);
  }
  buf += decoder.decode();
  if (first && buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
  const out: RawRecord[] = [];
  parseRecords(buf, true, line, out);
  for (const r of out) yield r;
}

/** Parses whole records from `buf`; returns where the first incomplete one starts (unless `final`). */
function parseRecords(buf: string, final: boolean, startLine: number, out: RawRecord[]): { pos: number; line: number } {
  let pos = 0;
  let line = startLine;
  const n = buf.length;
  // Position of the next quote at or after `pos`, found once and reused: searching afresh for every
  // line would rescan the whole chunk each time when it holds no quote at all.
  let quote = -2;
  while (pos < n) {
    const nl = buf.indexOf('\n', pos);
    if (nl === -1 && !final) break;
    const end = nl === -1 ? n : nl;
    if (quote !== -1 && quote < pos) quote = buf.indexOf('"', pos);
    if (quote === -1 || quote > end) {
      // Fast path: a plain line.
      let text = buf.slice(pos, end);
      if (text.endsWith('\r')) text = text.slice(0, -1);
      if (text.length) out.push({ line, values: text.split(',') });
      line++;
      pos = end + 1;
      continue;
    }
    const rec = parseQuoted(buf, pos, final);
    if (!rec) break; // a quoted field runs past the end of what we have
    if (!(rec.values.length === 1 && rec.values[0] === '')) out.push({ line, values: rec.values });
    line += rec.lines;
    pos = rec.next;
  }
  return { pos: Math.min(pos, n), line };
}

function parseQuoted(buf: string, start: number, final: boolean): { values: string[]; next: number; lines: number } | undefined {
  const values: string[] = [];
  let i = start;
  let lines = 1;
  const n = buf.length;
  for (;;) {
    if (buf[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = buf.indexOf('"', i);
        if (q === -1) {
          if (!final) return undefined;
          // Unterminated quote at end of file: take the rest as the field.
          value += buf.slice(i);
          i = n;
          break;
        }
        value += buf.slice(i, q);
        if (buf[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        if (q + 1 >= n && !final) return undefined;
        i = q + 1;
        break;
      }
      for (const c of value) if (c === '\n') lines++;
      values.push(value);
      // Anything between the closing quote and the delimiter is kept, as lenient parsers do.
      const stop = nextStop(buf, i);
      if (stop > i) values[values.length - 1] += buf.slice(i, stop).replace(/\r$/, '');
      i = stop;
    } else {
      const stop = nextStop(buf, i);
      let v = buf.slice(i, stop);
      if (buf[stop] !== ',' && v.endsWith('\r')) v = v.slice(0, -1);
      values.push(v);
      i = stop;
    }
    if (i >= n) {
      if (!final) return undefined;
      return { values, next: n, lines };
    }
    if (buf[i] === ',') {
      i++;
      if (i >= n && !final) return undefined;
      if (i >= n) {
        values.push('');
        return { values, next: n, lines };
      }
      continue;
    }
    // buf[i] === '\n'
    return { values, next: i + 1, lines };
  }
}

function nextStop(buf: string, from: number): number {
  const c = buf.indexOf(',', from);
  const l = buf.indexOf('\n', from);
  if (c === -1) return l === -1 ? buf.length : l;
  if (l === -1) return c;
  return Math.min(c, l);
}
