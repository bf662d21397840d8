import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/tmp.js';
import { csvDocument, csvField, csvLine, writeCsvFile } from '../csv.js';

const TRICKY: string[][] = [
  ['plain', '淄博鑫泰化工有限公司', ''],
  ['a,b', 'say "hi"', 'line1\nline2'],
  ['"', '""', ',\r\n,'],
  [' leading and trailing ', '中文，全角逗号', '\u0000nul'],
];

describe('CSV quoting (RFC 4180)', () => {
  it('quotes only fields with a comma, quote, CR or LF, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('中文，全角逗号')).toBe('中文，全角逗号');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('x\ny')).toBe('"x\ny"');
    expect(csvField('x\ry')).toBe('"x\ry"');
    expect(csvLine(['a', 'b,c', ''])).toBe('a,"b,c",\n');
  });

  it('round-trips tricky fields through csv-parse', () => {
    const text = csvDocument(['列一', '列二', '列三'], TRICKY);
    const rows: string[][] = parse(text, { bom: true });
    expect(rows).toEqual([['列一', '列二', '列三'], ...TRICKY]);
  });

  it('streams many rows with backpressure and parses back identically', async () => {
    const path = join(tempDir('jointcheck-csv-test-'), 'many.csv');
    function* rows(): Generator<string[]> {
      for (let i = 0; i < 30_000; i++) yield [String(i), `名称,${i}`, i % 7 === 0 ? `引号"${i}"\n换行` : 'x'.repeat(i % 50)];
    }
    const n = await writeCsvFile(path, ['编号', '名称', '备注'], rows());
    expect(n).toBe(30_000);
    const text = await readFile(path, 'utf8');
    expect(text).toBe(csvDocument(['编号', '名称', '备注'], rows()));
    const parsed: string[][] = parse(text, { bom: true, from_line: 2 });
    expect(parsed).toEqual([...rows()]);
  });
});
