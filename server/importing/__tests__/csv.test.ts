import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../csv.js';

async function all(chunks: string[]) {
  const out: { line: number; values: string[] }[] = [];
  for await (const r of parseCsv(chunks)) out.push(r);
  return out;
}

/** Splits text into chunks at every position, to prove records split across chunk edges parse the same. */
async function everySplit(text: string) {
  const whole = await all([text]);
  for (let i = 1; i < text.length; i++) expect(await all([text.slice(0, i), text.slice(i)])).toEqual(whole);
  return whole;
}

describe('parseCsv', () => {
  it('parses plain, quoted, doubled-quote and multi-line fields like a reference parser', async () => {
    const text = '\uFEFFa,b,c\n1,"x, y","say ""hi"""\n2,"line\nbreak",\n\n3,,last\n';
    const ours = await everySplit(text);
    const reference = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true });
    expect(ours.map((r) => r.values)).toEqual(reference);
    expect(ours.map((r) => r.line)).toEqual([1, 2, 3, 6]);
  });

  it('accepts CRLF line ends', async () => {
    expect((await everySplit('a,b\r\n1,"2"\r\n3,4\r\n')).map((r) => r.values)).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
  });

  it('handles a last line without a line break, and an empty file', async () => {
    expect((await all(['a,b\n1,2'])).map((r) => r.values)).toEqual([['a', 'b'], ['1', '2']]);
    expect((await all(['x,"q"'])).map((r) => r.values)).toEqual([['x', 'q']]);
    expect(await all([''])).toEqual([]);
  });

  it('decodes UTF-8 split inside a multi-byte character', async () => {
    const bytes = Buffer.from('名称,类型\n淄博食品,企业\n');
    const out: string[][] = [];
    for await (const r of parseCsv([bytes.subarray(0, 7), bytes.subarray(7, 20), bytes.subarray(20)])) out.push(r.values);
    expect(out).toEqual([['名称', '类型'], ['淄博食品', '企业']]);
  });
});
