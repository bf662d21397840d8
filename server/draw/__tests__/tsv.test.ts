import { describe, expect, it } from 'vitest';
import { TsvError, field, parseTsv, rows, serializeTsv, type TsvRule } from '../tsv.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');

/** The TsvError a file raises (fails the test if it parses). */
function errorOf(text: string | Buffer): TsvError {
  try {
    parseTsv('candidates.tsv', typeof text === 'string' ? bytes(text) : text);
  } catch (e) {
    if (e instanceof TsvError) return e;
    throw e;
  }
  throw new Error('expected the file to be rejected');
}

describe('TSV rules', () => {
  it('parses a valid file, and an empty file as an empty list', () => {
    const t = parseTsv('roster.tsv', bytes('A1\tSCJG\nB2\tSW\n'));
    expect(t.count).toBe(2);
    expect(rows(t)).toEqual([
      ['A1', 'SCJG'],
      ['B2', 'SW'],
    ]);
    expect(field(t, 1, 1)).toBe('SW');
    expect(parseTsv('conflicts.tsv', new Uint8Array(0)).count).toBe(0);
  });

  const cases: [string, string | Buffer, number, TsvRule, RegExp][] = [
    ['unsorted lines', 'A\tX\nC\tX\nB\tX\n', 3, 'sorted', /sorts before line 2 .*byte order/],
    ['a duplicate line', 'A\tX\nB\tX\nB\tX\n', 3, 'unique', /duplicate of line 2/],
    ['a CRLF line ending', 'A\tX\r\nB\tX\r\n', 1, 'crlf', /CR LF/],
    ['a missing final LF', 'A\tX\nB\tX', 2, 'final-lf', /does not end in LF/],
    ['a TAB inside a field', 'A\tX\nB\tX\tY\n', 2, 'fields', /3 fields, expected 2 .*TAB/],
    ['a line without TAB', 'A\tX\nB\n', 2, 'fields', /1 field, expected 2/],
    ['an empty field', 'A\tX\nB\t\n', 2, 'empty-field', /field 2 is empty/],
    ['an empty line', '\nA\tX\n', 1, 'fields', /1 field/],
    ['invalid UTF-8', Buffer.concat([bytes('A\tX\nB\t'), Buffer.from([0xc3, 0x28]), bytes('\n')]), 2, 'utf8', /UTF-8/],
  ];

  it.each(cases)('rejects %s, naming file, line and rule', (_, text, line, rule, detail) => {
    const e = errorOf(text);
    expect(e.rule).toBe(rule);
    expect(e.line).toBe(line);
    expect(e.file).toBe('candidates.tsv');
    expect(e.message).toMatch(new RegExp(`^candidates\\.tsv line ${line}: `));
    expect(e.message).toMatch(detail);
    expect(e.message).toContain(`[rule: ${rule}]`);
  });

  it('sorts by UTF-8 bytes, not UTF-16 code units', () => {
    // U+FFFD (EF BF BD) comes before U+1F600 (F0 9F 98 80) in UTF-8, after it in UTF-16.
    const ordered = bytes('Z\tA\na\tA\n中\tA\n\ufffd\tA\n😀\tA\n');
    expect(parseTsv('candidates.tsv', ordered).count).toBe(5);
    expect(errorOf('Z\tA\na\tA\n😀\tA\n\ufffd\tA\n').rule).toBe('sorted');
    // A key that is a prefix of another sorts first: the TAB (0x09) is smaller than any printable byte.
    expect(parseTsv('x.tsv', bytes('AB\tA\nABC\tA\n')).count).toBe(2);
  });
});

describe('serializeTsv', () => {
  it('writes sorted, LF-terminated lines that parse back to the same rows', () => {
    const input = [
      ['😀', 'D'],
      ['\ufffd', 'C'],
      ['b', 'A'],
      ['B', 'B'],
    ];
    const out = serializeTsv(input);
    expect(out.toString('utf8')).toBe('B\tB\nb\tA\n\ufffd\tC\n😀\tD\n');
    expect(rows(parseTsv('x.tsv', out))).toEqual([
      ['B', 'B'],
      ['b', 'A'],
      ['\ufffd', 'C'],
      ['😀', 'D'],
    ]);
    expect(serializeTsv([]).length).toBe(0);
  });

  it('refuses rows that cannot be written, and duplicates unless asked to drop them', () => {
    expect(() => serializeTsv([['a\tb', 'x']])).toThrow(/TAB or LF/);
    expect(() => serializeTsv([['a', 'x\n']])).toThrow(/TAB or LF/);
    expect(() => serializeTsv([['', 'x']])).toThrow(/non-empty/);
    expect(() => serializeTsv([['a', 'x\r']])).toThrow(/CR/);
    expect(() => serializeTsv([['\ud800', 'x']])).toThrow(/surrogate/);
    expect(() => serializeTsv([['a', 'x'], ['a', 'x']])).toThrow(/duplicate/);
    expect(serializeTsv([['a', 'x'], ['a', 'x']], { dedupe: true }).toString()).toBe('a\tx\n');
  });
});
