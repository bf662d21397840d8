/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015.
 *
 * Layout of the 18 characters:
 *   1      registration authority (登记管理部门代码): 1 机构编制, 5 民政, 9 工商/市场监管, Y 其他, ...
 *   2      type within that authority (机构类别代码), e.g. 91 企业, 92 个体工商户, 93 农民专业合作社
 *   3–8    administrative region code of the registering authority (GB/T 2260), six digits
 *   9–17   organisation code (组织机构代码, GB 11714), whose 9th character is its own check character
 *   18     check character over positions 1–17
 *
 * The alphabet has 31 characters: the ten digits and the capital letters without I, O, S, V, Z.
 * Validation is strict (upper case only); `normaliseUscc` is the forgiving step callers run first on
 * user input.
 */

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** W_i = 3^i mod 31, i = 0..16. */
export const USCC_WEIGHTS: readonly number[] = (() => {
  const weights: number[] = [];
  let w = 1;
  for (let i = 0; i < 17; i++) {
    weights.push(w);
    w = (w * 3) % 31;
  }
  return weights;
})();

/** Letters GB 32100 never uses, because they are easily confused with digits or each other. */
const FORBIDDEN_LETTERS = 'IOSVZ';

/**
 * Registration authority codes (position 1) and what they stand for. Type codes (position 2) are only
 * checked for authority 9, whose types (1 企业, 2 个体工商户, 3 农民专业合作社) are the ones this hub
 * imports most; other authorities' type tables change more often and are left to the alphabet check.
 */
export const USCC_AUTHORITIES: Readonly<Record<string, string>> = {
  '1': '机构编制',
  '2': '外交',
  '3': '司法行政',
  '4': '文化',
  '5': '民政',
  '6': '旅游',
  '7': '宗教',
  '8': '工会',
  '9': '工商（市场监管）',
  A: '中央军委改革和编制办公室',
  N: '农业',
  Y: '其他',
};

const MARKET_REGULATION_TYPES: Readonly<Record<string, string>> = {
  '1': '企业',
  '2': '个体工商户',
  '3': '农民专业合作社',
};

const VALUE = new Map<string, number>([...USCC_ALPHABET].map((c, i) => [c, i]));
/** Character code → alphabet value, −1 when not in the alphabet (fast path for bulk generation). */
const CODE_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_ALPHABET.length; i++) CODE_VALUE[USCC_ALPHABET.charCodeAt(i)] = i;

function alphabetValue(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c < 128 ? CODE_VALUE[c]! : -1;
}

export type UsccValidation = { ok: true } | { ok: false; reason: string };

const CLEAN = /^[0-9A-Z]{18}$/;
const VALID_OK: UsccValidation = { ok: true };

/** First characters that are registration authorities, and type characters of authority 9, by character code. */
const AUTHORITY = new Uint8Array(128);
for (const a of Object.keys(USCC_AUTHORITIES)) AUTHORITY[a.charCodeAt(0)] = 1;
const MARKET_TYPE = new Uint8Array(128);
for (const t of Object.keys(MARKET_REGULATION_TYPES)) MARKET_TYPE[t.charCodeAt(0)] = 1;
const NINE = 57;

/**
 * The common case in one pass over the bytes `b[s, e)`: a well-formed code with the right check character,
 * a known authority (and type, for authority 9) and a six-digit region. False means "not certain": the full
 * validation then says what is wrong.
 */
export function usccBytesValid(b: Uint8Array, s: number, e: number): boolean {
  if (e - s !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = b[s + i]!;
    const v = c < 128 ? CODE_VALUE[c]! : -1;
    if (v < 0) return false;
    sum += v * USCC_WEIGHTS[i]!;
  }
  const c = 31 - (sum % 31);
  if (b[s + 17] !== USCC_ALPHABET.charCodeAt(c === 31 ? 0 : c)) return false;
  if (!AUTHORITY[b[s]!]) return false;
  if (b[s] === NINE && !MARKET_TYPE[b[s + 1]!]) return false;
  for (let i = s + 2; i < s + 8; i++) if (b[i]! < 48 || b[i]! > 57) return false;
  return true;
}

const scratch = new Uint8Array(18);
function quickValid(code: string): boolean {
  if (code.length !== 18) return false;
  for (let i = 0; i < 18; i++) {
    const c = code.charCodeAt(i);
    if (c > 127) return false;
    scratch[i] = c;
  }
  return usccBytesValid(scratch, 0, 18);
}

/**
 * Forgiving clean-up of user input: trims, drops inner blanks and hyphens, converts full-width
 * characters (ＡＢＣ１２３, common when typed with a Chinese IME) and upper-cases. It never "fixes"
 * forbidden letters: an O stays an O so that validation can say so.
 */
export function normaliseUscc(input: string): string {
  // Fast path for what imports almost always hold: already 18 clean characters.
  if (CLEAN.test(input)) return input;
  let out = '';
  for (const ch of input) {
    const cp = ch.codePointAt(0)!;
    // Full-width ASCII block U+FF01..U+FF5E maps to U+0021..U+007E.
    const c = cp >= 0xff01 && cp <= 0xff5e ? String.fromCodePoint(cp - 0xfee0) : ch;
    if (c === '-' || /\s/.test(c) || c === '\u3000') continue;
    out += c;
  }
  return out.toUpperCase();
}

/** Check character for the first 17 characters. Throws when the input is not 17 alphabet characters. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) {
    throw new RangeError(`usccCheckChar needs 17 characters, got ${first17.length}`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = alphabetValue(first17, i);
    if (v < 0) {
      throw new RangeError(`character '${first17[i]}' at position ${i + 1} is not in the USCC alphabet`);
    }
    sum += v * USCC_WEIGHTS[i]!;
  }
  const c = 31 - (sum % 31);
  return USCC_ALPHABET[c === 31 ? 0 : c]!;
}

/** GB 11714 weights for the eight body characters of an organisation code. */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * GB 11714-1997 check character of an organisation code body (8 characters, digits or capital
 * letters; letters count A=10 … Z=35). C9 = 11 − (Σ v·w mod 11), with 10 written X and 11 written 0.
 */
export function orgCodeCheckChar(body8: string): string {
  let sum = body8.length === 8 ? 0 : NaN;
  for (let i = 0; i < 8; i++) {
    const c = body8.charCodeAt(i);
    sum += (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : NaN) * ORG_WEIGHTS[i]!;
  }
  if (Number.isNaN(sum)) {
    throw new RangeError(`organisation code body must be 8 digits or capital letters, got '${body8}'`);
  }
  const r = 11 - (sum % 11);
  return r === 10 ? 'X' : r === 11 ? '0' : String(r);
}

/** True when the 9-character organisation code (positions 9–17 of a USCC) has a correct GB 11714 check. */
export function isValidOrgCode(code9: string): boolean {
  return /^[0-9A-Z]{8}[0-9X]$/.test(code9) && orgCodeCheckChar(code9.slice(0, 8)) === code9[8];
}

function describeChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  return cp < 0x20 || cp === 0x7f ? `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` : `'${ch}'`;
}

/** Strict validation with a Chinese reason that names the problem and where it is. */
export function validateUscc(code: string): UsccValidation {
  if (quickValid(code)) return VALID_OK;
  const chars = Array.from(code);
  if (chars.length !== 18) {
    return { ok: false, reason: `长度错误：统一社会信用代码应为18位，实际为${chars.length}位` };
  }
  for (let i = 0; i < 18; i++) {
    const ch = chars[i]!;
    if (ch >= 'a' && ch <= 'z') {
      const upper = ch.toUpperCase();
      const extra = FORBIDDEN_LETTERS.includes(upper) ? `，且字母${upper}不在统一社会信用代码的字符集中` : '';
      return {
        ok: false,
        reason: `第${i + 1}位为小写字母'${ch}'：统一社会信用代码只使用大写字母${extra}`,
      };
    }
    if (FORBIDDEN_LETTERS.includes(ch)) {
      return {
        ok: false,
        reason: `第${i + 1}位为字母'${ch}'：统一社会信用代码不使用字母I、O、S、V、Z`,
      };
    }
    if (!VALUE.has(ch)) {
      return {
        ok: false,
        reason: `第${i + 1}位字符${describeChar(ch)}无效：只允许数字0–9和除I、O、S、V、Z以外的大写字母`,
      };
    }
  }
  const authority = chars[0]!;
  if (!(authority in USCC_AUTHORITIES)) {
    return {
      ok: false,
      reason: `第1位登记管理部门代码'${authority}'无效：应为1–9、A、N或Y`,
    };
  }
  if (authority === '9' && !(chars[1]! in MARKET_REGULATION_TYPES)) {
    return {
      ok: false,
      reason: `第2位机构类别代码'${chars[1]}'无效：登记管理部门为9（市场监管）时应为1（企业）、2（个体工商户）或3（农民专业合作社）`,
    };
  }
  const region = chars.slice(2, 8).join('');
  if (!/^[0-9]{6}$/.test(region)) {
    return { ok: false, reason: `第3–8位行政区划码'${region}'应为6位数字` };
  }
  const expected = usccCheckChar(code.slice(0, 17));
  if (expected !== chars[17]) {
    return {
      ok: false,
      reason: `校验码错误：第18位为'${chars[17]}'，按GB 32100-2015计算应为'${expected}'`,
    };
  }
  return { ok: true };
}

export function isValidUscc(code: string): boolean {
  return validateUscc(code).ok;
}

export interface UsccParts {
  /** Registration authority, position 1 (default '9'). */
  authority?: string;
  /** Type code, position 2 (default '1', enterprise). */
  type?: string;
  /** Six-digit region code, positions 3–8. */
  region: string;
  /**
   * The 8-character organisation code body (positions 9–16), digits or alphabet letters. Its GB 11714
   * check character (position 17) is computed. When omitted, `rng` must be given and a body in the
   * post-2015 "MA" style is drawn.
   */
  orgBody?: string;
  /** Uniform [0, 1) source, used only when `orgBody` is omitted. */
  rng?: () => number;
}

/**
 * Builds a code that is valid under both GB 32100 (position 18) and GB 11714 (position 17), so codes we
 * generate pass every validator in the wild, not just ours.
 */
export function makeUscc(parts: UsccParts): string {
  const authority = parts.authority ?? '9';
  const type = parts.type ?? '1';
  if (authority.length !== 1 || type.length !== 1 || alphabetValue(authority, 0) < 0 || alphabetValue(type, 0) < 0) {
    throw new RangeError(`authority and type must be single alphabet characters, got '${authority}', '${type}'`);
  }
  const region = parts.region;
  if (region.length !== 6) throw new RangeError(`region must be 6 digits, got '${region}'`);
  for (let i = 0; i < 6; i++) {
    const c = region.charCodeAt(i);
    if (c < 48 || c > 57) throw new RangeError(`region must be 6 digits, got '${region}'`);
  }
  let body = parts.orgBody;
  if (body === undefined) {
    if (!parts.rng) throw new RangeError('makeUscc needs orgBody or rng');
    body = 'MA';
    for (let i = 0; i < 6; i++) body += USCC_ALPHABET[Math.floor(parts.rng() * 31)]!;
  }
  if (body.length !== 8) throw new RangeError(`orgBody must be 8 USCC alphabet characters, got '${body}'`);
  for (let i = 0; i < 8; i++) {
    if (alphabetValue(body, i) < 0) throw new RangeError(`orgBody must be 8 USCC alphabet characters, got '${body}'`);
  }
  const first17 = authority + type + region + body + orgCodeCheckChar(body);
  return first17 + usccCheckChar(first17);
}

/**
 * A fast maker for many codes sharing positions 1–8 (bulk generation): validates the fixed part once,
 * then each call only sums the nine organisation-code characters.
 */
export function usccMaker(authority: string, type: string, region: string): (orgBody: string) => string {
  const prefix = makeUscc({ authority, type, region, orgBody: '00000000' }).slice(0, 8);
  let prefixSum = 0;
  for (let i = 0; i < 8; i++) prefixSum += alphabetValue(prefix, i) * USCC_WEIGHTS[i]!;
  return (orgBody: string): string => {
    let orgSum = 0;
    let sum = prefixSum;
    for (let i = 0; i < 8; i++) {
      const v = alphabetValue(orgBody, i);
      if (v < 0 || orgBody.length !== 8) {
        throw new RangeError(`orgBody must be 8 USCC alphabet characters, got '${orgBody}'`);
      }
      // GB 11714 values: digits 0–9, letters A=10 … Z=35 by their place in the Latin alphabet.
      const c = orgBody.charCodeAt(i);
      orgSum += (c <= 57 ? c - 48 : c - 55) * ORG_WEIGHTS[i]!;
      sum += v * USCC_WEIGHTS[8 + i]!;
    }
    const r = 11 - (orgSum % 11);
    const orgCheck = r === 10 ? 'X' : r === 11 ? '0' : String(r);
    sum += alphabetValue(orgCheck, 0) * USCC_WEIGHTS[16]!;
    const c18 = 31 - (sum % 31);
    return prefix + orgBody + orgCheck + USCC_ALPHABET[c18 === 31 ? 0 : c18]!;
  };
}
