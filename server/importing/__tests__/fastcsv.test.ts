import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempFile } from '../../../test/tmp.js';
import { writeSubjectsCsv } from '../../demo/generate.js';
import { usccCheckChar } from '../../reference/uscc.js';
import { ImportKind } from '../columns.js';
import { copyLine, type CopyValue, type IdType } from '../copy.js';
import { parseCsv } from '../csv.js';
import { encodeRecords } from '../encode.js';
import { SubjectCsvEncoder } from '../fastcsv.js';
import { KeySet } from '../keyset.js';
import type { RowError } from '../validate.js';

const ref = { departments: new Set(['SCJG']), itemCodes: new Set<string>() };
const HEADER = '统一社会信用代码,主体编号,名称,主体类型,行政区划代码,行业代码,经营范围,注册地址,经营者,联系电话,状态,标签,风险等级';
const uscc = (n: number) => {
  const body = `91370305MA${String(n).padStart(7, '0')}`;
  return body + usccCheckChar(body);
};
const row = (n: number, over: Record<number, string> = {}) => {
  const v = [uscc(n), '', `淄博测试${n}食品有限公司`, '企业', '370305', '1499', '食品生产；食品销售', `临淄区桓公路${n}号`, '王小明', '13800000000', '存续', '食品', ''];
  for (const [i, s] of Object.entries(over)) v[Number(i)] = s;
  return v.join(',');
};

/** The string path, with duplicates removed the way the staging merge reports them. */
async function reference(bytes: Buffer, idOffset = 0): Promise<{ text: string; errors: RowError[]; total: number }> {
  let text = '';
  const errors: RowError[] = [];
  const { total } = await encodeRecords(ImportKind.SUBJECTS, parseCsv([bytes]), ref, (b) => {
    text += b.text;
    errors.push(...b.errors);
  });
  const seen = new Map<string, number>();
  const kept: string[] = [];
  for (const l of text.split('\n').filter(Boolean)) {
    const [line, key] = l.split('\t');
    const first = seen.get(key!);
    if (first !== undefined) errors.push({ line: Number(line), column: null, reason: `代码"${key}"与第 ${first} 行重复` });
    else {
      seen.set(key!, Number(line));
      kept.push(l.replace(/^\d+/, (d) => String(Number(d) + idOffset)));
    }
  }
  return { text: kept.map((l) => l + '\n').join(''), errors: sortErrors(errors), total };
}

function sortErrors(e: RowError[]): RowError[] {
  return [...e].sort((a, b) => a.line - b.line || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
}

/**
 * Reads COPY binary rows back, written out again as COPY text lines: what the encoder gives PostgreSQL, put
 * in the string path's form. Ids are 4 or 8 bytes; the last field is a text array.
 */
function binaryToText(buf: Buffer, idBytes: number): string {
  let text = '';
  let o = 0;
  while (o < buf.length) {
    const n = buf.readInt16BE(o);
    o += 2;
    const values: CopyValue[] = [];
    for (let f = 0; f < n; f++) {
      const len = buf.readInt32BE(o);
      o += 4;
      const v = buf.subarray(o, o + Math.max(len, 0));
      o += v.length;
      if (len === -1) values.push(null);
      else if (f === 0) {
        expect(len).toBe(idBytes);
        values.push(len === 8 ? Number(v.readBigInt64BE()) : v.readInt32BE());
      } else if (f === n - 1) values.push(readTextArray(v));
      else values.push(v.toString('utf8'));
    }
    text += copyLine(values);
  }
  return text;
}

function readTextArray(v: Buffer): string[] {
  const dimensions = v.readInt32BE(0);
  expect(v.readInt32BE(4)).toBe(0); // no NULL elements
  expect(v.readInt32BE(8)).toBe(25); // of text
  if (dimensions === 0) return [];
  expect(dimensions).toBe(1);
  expect(v.readInt32BE(16)).toBe(1); // lower bound
  const items: string[] = [];
  let o = 20;
  for (let i = v.readInt32BE(12); i > 0; i--) {
    const len = v.readInt32BE(o);
    items.push(v.toString('utf8', o + 4, o + 4 + len));
    o += 4 + len;
  }
  expect(o).toBe(v.length);
  return items;
}

function fast(bytes: Buffer, cuts: number[], idOffset = 0, idType: IdType = 'int4') {
  const enc = new SubjectCsvEncoder(ref, { idOffset, idType });
  const out: Buffer[] = [];
  const errors: RowError[] = [];
  let prev = 0;
  for (const c of [...cuts, bytes.length]) {
    const b = enc.push(bytes.subarray(prev, c));
    out.push(b.out);
    errors.push(...b.errors);
    prev = c;
  }
  const last = enc.end();
  out.push(last.out);
  errors.push(...last.errors);
  return { text: binaryToText(Buffer.concat(out), idType === 'int8' ? 8 : 4), errors: sortErrors(errors), total: last.total };
}

const EDGE = Buffer.concat([
  Buffer.from(
    '\uFEFF' +
      [
        HEADER,
        row(1),
        row(2, { 6: '"经营, 范围 ""引号"" 多行\n第二行"', 7: '"地址"尾巴' }),
        row(3, { 3: ' 企业' }),
        row(4, { 2: '　名称' }),
        row(5, { 6: '含\t制表符和\\反斜杠' }),
        row(6, { 0: uscc(6).toLowerCase() }),
        row(7, { 0: uscc(7).replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))) }),
        row(8) + ',多余',
        row(9) + ',,',
        row(10).split(',').slice(0, 11).join(','),
        '',
        row(11, { 12: 'b', 11: ' 甲;乙；甲 ;; 丙 ', 10: 'revoked', 3: 'individual_business' }),
        row(1, { 2: '重复' }),
        row(12, { 0: '', 1: 'P-0012' }),
        row(13, { 0: '', 3: '产品', 2: '某品牌奶粉' }),
        row(14, { 0: '', 3: '产品', 2: '某品牌奶粉' }),
        row(15, { 0: '', 3: '企业' }),
        row(16, { 2: '长'.repeat(201) }),
        row(17, { 2: '长'.repeat(200), 7: '址'.repeat(500), 8: '人'.repeat(100) }),
        row(18, { 7: '址'.repeat(501) }),
        row(19, { 5: '9999', 4: '3703', 9: 'abc' }),
        row(20, { 3: 'constructor' }),
        row(21, { 11: '"a""b";c\\d', 6: '' }),
        row(22, { 12: 'E', 10: '存续 ' }),
        row(23, { 1: 'P-0012' }),
        row(24, { 9: '(0533) 123-4567', 5: 'C' }),
        row(25) + '\r',
        row(26, { 6: '句号结尾。' , 2: '公司\u00a0'}),
        row(27, { 2: '\u3000' }),
        row(12, { 0: '', 1: 'P-0012', 2: 'dup of public id' }),
        '"' + row(28).replace(',', '",'),
        row(29, { 6: '末尾\r中间' }),
      ].join('\n') +
      '\r\n',
  ),
  Buffer.from([0xe4, 0xb8]), // a truncated character, then a row whose name is invalid UTF-8
  Buffer.from(',x,' + row(30).split(',').slice(2).join(',') + '\n'),
  Buffer.from(row(31, { 2: 'a\u0000b' }) + '\n' + row(32, { 6: '"未闭合的引号' })),
]);

describe('SubjectCsvEncoder', () => {
  it('produces exactly the string path’s COPY text and errors, whatever the chunking', async () => {
    const want = await reference(EDGE);
    expect(want.errors.length).toBeGreaterThan(10);
    expect(fast(EDGE, [])).toEqual(want);
    for (let i = 1; i < EDGE.length; i += 7) expect(fast(EDGE, [i]), `cut at ${i}`).toEqual(want);
    const cuts: number[] = [];
    for (let i = 3; i < EDGE.length; i += 1 + (i % 5)) cuts.push(i);
    expect(fast(EDGE, cuts)).toEqual(want);
  });

  it('numbers the first column from idOffset, as int4 or int8', async () => {
    expect(fast(EDGE, [100], 1000)).toEqual(await reference(EDGE, 1000));
    expect(fast(EDGE, [100], 2 ** 40, 'int8')).toEqual(await reference(EDGE, 2 ** 40));
  });

  it('matches the string path on generated directory data, and with reordered or missing columns', async () => {
    const file = tempFile('jc-fast-', 's.csv');
    await writeSubjectsCsv(file, 3000);
    const bytes = fs.readFileSync(file);
    const want = await reference(bytes);
    expect(want.errors).toEqual([]);
    expect(fast(bytes, [65536, 70000, 200000])).toEqual(want);
    // Columns in another order, one optional column dropped, one unknown blank column.
    const lines = bytes.toString('utf8').replace(/^\uFEFF/, '').split('\n').filter(Boolean).map((l) => l.split(','));
    const order = [2, 3, 0, 4, 5, 6, 7, 8, 9, 10, 12, 11];
    const other = Buffer.from(lines.map((l, i) => [...order.map((j) => l[j]), i === 0 ? '' : ''].join(',')).join('\n'));
    const want2 = await reference(other);
    expect(want2.total).toBe(3000);
    expect(fast(other, [12345])).toEqual(want2);
  });

  it('refuses a bad header and an empty file like the string path', async () => {
    expect(() => fast(Buffer.from('名称,颜色\n甲,红\n'), [])).toThrow(/表头无效/);
    expect(() => fast(Buffer.from(''), [])).toThrow(/文件为空/);
    expect(() => fast(Buffer.from('\uFEFF'), [])).toThrow(/文件为空/);
  });
});

describe('KeySet', () => {
  it('remembers first lines exactly, across growth', () => {
    const s = new KeySet();
    for (let i = 0; i < 200_000; i++) expect(s.addString(`K${i}`, i + 2)).toBe(0);
    for (let i = 0; i < 200_000; i += 997) expect(s.addString(`K${i}`, 1)).toBe(i + 2);
    expect(s.addString('K-1', 5)).toBe(0);
    expect(s.addString('名称', 6)).toBe(0);
    expect(s.addString('名称', 7)).toBe(6);
  });
});
