import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { JcsError, canonicalBytes, canonicalize } from '../jcs.js';
import { commitment, computeSeed, manifestHash } from '../manifest.js';
import { loadVector, vectorNames } from './helpers.js';

describe('RFC 8785 canonical JSON', () => {
  it('sorts member names by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const input = JSON.parse(
      '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One",' +
        '"\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}',
    ) as Record<string, string>;
    // U+1F600 (surrogates D83D DE00) sorts before U+FB33 in UTF-16 order although its UTF-8 is larger.
    // (Compared as text: Object.keys would list the integer-like "1" first whatever the order.)
    expect(canonicalize(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('writes the RFC 8785 §3.2.2 sample exactly', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    ) as unknown;
    expect(canonicalize(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('formats numbers the ECMAScript way (RFC 8785 appendix B)', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [-0, '0'],
      [5e-324, '5e-324'],
      [-1.7976931348623157e308, '-1.7976931348623157e+308'],
      [9007199254740992, '9007199254740992'],
      [1e21, '1e+21'],
      [1e20, '100000000000000000000'],
      [0.000001, '0.000001'],
      [1e-7, '1e-7'],
      [295147905179352830000, '295147905179352830000'],
      [4.35, '4.35'],
    ];
    for (const [n, text] of cases) expect(canonicalize(n)).toBe(text);
  });

  it('escapes strings as JSON.stringify does and has no white space', () => {
    expect(canonicalize({ b: [1, { d: 'x\u0007"y' }], a: '\u2028' })).toBe('{"a":"\u2028","b":[1,{"d":"x\\u0007\\"y"}]}');
    expect(canonicalize({ z: undefined, a: 1 })).toBe('{"a":1}');
  });

  it('rejects what I-JSON cannot carry', () => {
    expect(() => canonicalize(Number.NaN)).toThrow(JcsError);
    expect(() => canonicalize({ a: Infinity })).toThrow(/\$\.a: Infinity is not a JSON number/);
    expect(() => canonicalize('\ud800')).toThrow(/lone surrogate/);
    expect(() => canonicalize({ ['\udc00']: 1 })).toThrow(/lone surrogate/);
    expect(() => canonicalize([undefined])).toThrow(JcsError);
    expect(() => canonicalize(10n)).toThrow(JcsError);
  });
});

/** The same JSON value with every object's members in reverse order. */
function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)]));
  }
  return v;
}

describe('manifest hash, commitment and seed', () => {
  it('the manifest hash ignores the file formatting and member order', async () => {
    for (const name of await vectorNames()) {
      const bundle = await loadVector(name);
      const reversed = reverseKeys(bundle.manifest);
      expect(JSON.stringify(reversed)).not.toBe(JSON.stringify(bundle.manifest));
      const expected = createHash('sha256').update(canonicalBytes(bundle.manifest)).digest('hex');
      expect(manifestHash(reversed)).toBe(expected);
      expect(manifestHash(JSON.parse(JSON.stringify(bundle.manifest, null, 7)))).toBe(expected);
    }
  });

  it('commitment = SHA-256(task \\n party \\n secret) and matches the vectors', async () => {
    expect(commitment('T', 'P', 'S')).toBe(createHash('sha256').update('T\nP\nS').digest('hex'));
    const bundle = await loadVector((await vectorNames())[0]!);
    const m = bundle.manifest as { task: string; commitments: { party: string; commitment: string }[] };
    const r = bundle.reveals as { reveals: { party: string; secret: string }[] };
    for (const c of m.commitments) {
      expect(commitment(m.task, c.party, r.reveals.find((x) => x.party === c.party)!.secret)).toBe(c.commitment);
    }
  });

  it('the seed sorts reveals by party and includes the public input', () => {
    const a = computeSeed('ab', [
      { party: 'hub', secret: '1' },
      { party: 'SW', secret: '2' },
    ]);
    const b = computeSeed('ab', [
      { party: 'SW', secret: '2' },
      { party: 'hub', secret: '1' },
    ]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const text = '{"manifest":"ab","public":"","reveals":[{"party":"SW","secret":"2"},{"party":"hub","secret":"1"}]}';
    expect(Buffer.from(a).toString('hex')).toBe(createHash('sha256').update(text).digest('hex'));
    const withPublic = computeSeed('ab', [{ party: 'SW', secret: '2' }], '3 1 4');
    expect(Buffer.from(withPublic).toString('hex')).toBe(
      createHash('sha256').update('{"manifest":"ab","public":"3 1 4","reveals":[{"party":"SW","secret":"2"}]}').digest('hex'),
    );
  });
});
