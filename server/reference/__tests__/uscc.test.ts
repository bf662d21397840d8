import { describe, expect, it } from 'vitest';
import {
  isValidOrgCode,
  isValidUscc,
  makeUscc,
  normaliseUscc,
  orgCodeCheckChar,
  USCC_ALPHABET,
  USCC_WEIGHTS,
  usccCheckChar,
  usccMaker,
  validateUscc,
} from '../uscc.js';

/**
 * Codes published on business licences and in the national enterprise credit system. Each was checked
 * against both check characters (GB 32100 position 18 and GB 11714 position 17) before being listed;
 * 911100001000030442, also suggested, fails both and is not a real code.
 */
const PUBLISHED = [
  '91350100M000100Y43',
  '91110000600037341L',
  '914403001922038216',
  '91330100799655058B',
  '91440300708461136T',
  '91110108551385082Q',
];

function reason(code: string): string {
  const r = validateUscc(code);
  if (r.ok) throw new Error(`expected ${code} to be rejected`);
  return r.reason;
}

describe('GB 32100 check character', () => {
  it('uses W_i = 3^i mod 31', () => {
    expect(USCC_WEIGHTS).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
  });

  it('has the 31-character alphabet without I, O, S, V, Z', () => {
    expect(USCC_ALPHABET).toHaveLength(31);
    for (const c of 'IOSVZ') expect(USCC_ALPHABET).not.toContain(c);
  });

  it.each(PUBLISHED)('accepts the published code %s', (code) => {
    expect(validateUscc(code)).toEqual({ ok: true });
    expect(isValidUscc(code)).toBe(true);
    expect(usccCheckChar(code.slice(0, 17))).toBe(code[17]);
    expect(isValidOrgCode(code.slice(8, 17))).toBe(true);
  });

  it('rejects 911100001000030442, whose check digit is wrong, and names the expected one', () => {
    expect(reason('911100001000030442')).toBe("校验码错误：第18位为'2'，按GB 32100-2015计算应为'0'");
  });

  it('maps a remainder of 0 to check character 0 (31 → 0)', () => {
    // Find a 17-character stem whose weighted sum is ≡ 0 (mod 31) by varying one digit.
    const stem = '9137030500000000';
    const hit = [...USCC_ALPHABET].map((c) => stem + c).find((s) => {
      let sum = 0;
      for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(s[i]!) * USCC_WEIGHTS[i]!;
      return sum % 31 === 0;
    })!;
    expect(usccCheckChar(hit)).toBe('0');
  });

  it('detects every single-character substitution of a valid code', () => {
    for (const code of PUBLISHED) {
      for (let pos = 0; pos < 18; pos++) {
        for (const c of USCC_ALPHABET) {
          if (c === code[pos]) continue;
          const mutated = code.slice(0, pos) + c + code.slice(pos + 1);
          expect(isValidUscc(mutated), mutated).toBe(false);
        }
      }
    }
  });

  it('rejects a wrong check digit with the expected one', () => {
    expect(reason('91350100M000100Y44')).toBe("校验码错误：第18位为'4'，按GB 32100-2015计算应为'3'");
    expect(reason('91110000600037341A')).toContain("应为'L'");
  });

  it('refuses to compute a check character for malformed stems', () => {
    expect(() => usccCheckChar('9135010')).toThrow(RangeError);
    expect(() => usccCheckChar('91350100M000100O4')).toThrow(/position 16/);
  });
});

describe('validateUscc reasons', () => {
  it('reports the length found', () => {
    expect(reason('91350100M000100Y4')).toBe('长度错误：统一社会信用代码应为18位，实际为17位');
    expect(reason('91350100M000100Y433')).toContain('实际为19位');
    expect(reason('')).toContain('实际为0位');
    // Characters, not UTF-16 units: 18 Chinese characters are 18 characters.
    expect(reason('统'.repeat(17))).toContain('实际为17位');
  });

  it.each(['I', 'O', 'S', 'V', 'Z'])('names the forbidden letter %s and its position', (letter) => {
    const code = `91350100M${letter}00100Y43`;
    expect(reason(code)).toBe(`第10位为字母'${letter}'：统一社会信用代码不使用字母I、O、S、V、Z`);
  });

  it('rejects lower case strictly but normaliseUscc fixes it', () => {
    expect(reason('91350100m000100Y43')).toBe("第9位为小写字母'm'：统一社会信用代码只使用大写字母");
    expect(reason('91350100M000100y43')).toContain('第16位');
    expect(reason('91350100Mo00100Y43')).toContain('且字母O不在统一社会信用代码的字符集中');
    expect(normaliseUscc('91350100m000100y43')).toBe('91350100M000100Y43');
    expect(isValidUscc(normaliseUscc('91350100m000100y43'))).toBe(true);
  });

  it('normalises blanks, hyphens and full-width input but never fixes forbidden letters', () => {
    expect(normaliseUscc(' 9135 0100-M000 100Y43\t')).toBe('91350100M000100Y43');
    expect(normaliseUscc('９１３５０１００Ｍ０００１００Ｙ４３')).toBe('91350100M000100Y43');
    expect(normaliseUscc('91350100M0O0100Y43')).toBe('91350100M0O0100Y43');
  });

  it('names other invalid characters', () => {
    expect(reason('91350100M000100Y4-')).toBe("第18位字符'-'无效：只允许数字0–9和除I、O、S、V、Z以外的大写字母");
    expect(reason('91350100M000100Y4号')).toContain("第18位字符'号'无效");
    expect(reason('91350100M000100Y4\u0001')).toContain('U+0001');
  });

  it('checks the registration authority and, for 9, the type code', () => {
    const stem = '0135010000000000X';
    expect(reason(stem + usccCheckChar(stem))).toBe("第1位登记管理部门代码'0'无效：应为1–9、A、N或Y");
    const stem9 = '9435010000000000X';
    expect(reason(stem9 + usccCheckChar(stem9))).toContain("第2位机构类别代码'4'无效");
    for (const ok of ['1', '5', 'Y', 'N', 'A']) {
      const s = `${ok}1350100MA3C5EXA1`;
      expect(validateUscc(s + usccCheckChar(s))).toEqual({ ok: true });
    }
  });

  it('requires six digits for the region part', () => {
    const stem = '9135A100M000100Y4';
    expect(reason(stem + usccCheckChar(stem))).toBe("第3–8位行政区划码'35A100'应为6位数字");
  });

  it('validates only the alphabet at position 17 (the organisation code check)', () => {
    // Position 17 is deliberately wrong for GB 11714 but the code is still a valid USCC.
    const stem = '91350100M000100Y5';
    const code = stem + usccCheckChar(stem);
    expect(isValidOrgCode(code.slice(8, 17))).toBe(false);
    expect(validateUscc(code)).toEqual({ ok: true });
  });
});

describe('GB 11714 organisation code', () => {
  it.each([
    ['60003734', '1'],
    ['19220382', '1'],
    ['79965505', '8'],
    ['70846113', '6'],
    ['55138508', '2'],
    ['M000100Y', '4'],
  ])('check character of %s is %s', (body, check) => {
    expect(orgCodeCheckChar(body)).toBe(check);
  });

  it('writes 10 as X and 11 as 0', () => {
    const bodies = Array.from({ length: 200 }, (_, i) => String(10_000_000 + i * 7919));
    const checks = new Set(bodies.map(orgCodeCheckChar));
    expect(checks.has('X')).toBe(true);
    expect(checks.has('0')).toBe(true);
    for (const b of bodies) {
      let sum = 0;
      [3, 7, 9, 10, 5, 8, 4, 2].forEach((w, i) => (sum += Number(b[i]) * w));
      const expected = (11 - (sum % 11)) % 11;
      expect(orgCodeCheckChar(b)).toBe(expected === 10 ? 'X' : String(expected));
    }
  });

  it('rejects malformed bodies', () => {
    expect(() => orgCodeCheckChar('1234567')).toThrow(RangeError);
    expect(() => orgCodeCheckChar('1234567a')).toThrow(RangeError);
    expect(isValidOrgCode('600037342')).toBe(false);
  });
});

describe('makeUscc', () => {
  it('rebuilds a published code from its parts', () => {
    expect(makeUscc({ authority: '9', type: '1', region: '350100', orgBody: 'M000100Y' })).toBe('91350100M000100Y43');
    expect(makeUscc({ region: '110000', orgBody: '60003734' })).toBe('91110000600037341L');
  });

  it('generates codes valid under both standards from a random source', () => {
    let x = 1;
    const rng = () => ((x = (x * 48271) % 2147483647) / 2147483647);
    for (let i = 0; i < 2000; i++) {
      const code = makeUscc({ authority: '9', type: '2', region: '370305', rng });
      expect(code.startsWith('92370305MA')).toBe(true);
      expect(validateUscc(code)).toEqual({ ok: true });
      expect(isValidOrgCode(code.slice(8, 17))).toBe(true);
    }
  });

  it('rejects bad parts', () => {
    expect(() => makeUscc({ region: '37030', orgBody: 'MA3C5EXA' })).toThrow(/region/);
    expect(() => makeUscc({ region: '370305', orgBody: 'MA3C5EXO' })).toThrow(/orgBody/);
    expect(() => makeUscc({ region: '370305' })).toThrow(/rng/);
    expect(() => makeUscc({ authority: 'I', region: '370305', orgBody: 'MA3C5EXA' })).toThrow(RangeError);
  });

  it('usccMaker agrees with makeUscc', () => {
    const make = usccMaker('5', '2', '370305');
    for (let i = 0; i < 500; i++) {
      const body = 'MJD' + String(i * 104729).padStart(5, '0').slice(-5);
      expect(make(body)).toBe(makeUscc({ authority: '5', type: '2', region: '370305', orgBody: body }));
    }
    expect(() => make('MJD0000')).toThrow(RangeError);
    expect(() => make('MJD0000I')).toThrow(RangeError);
  });
});
