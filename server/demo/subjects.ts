/**
 * The demo directory (检查对象名录库): row i is a pure function of (seed, i), so the directory can be
 * streamed, sampled or indexed at random without holding it in memory, and the same seed always gives
 * the same rows.
 *
 * Uniqueness without memory: credit codes take their organisation-code body from a keyed permutation
 * of the row index, and names take their (prefix, 字号) pair from another one, so no two rows share a
 * key, and no two registered names coincide for the first ~53,000 rows (two-character 字号); later
 * rows use three-character 字号, unique for several million more.
 */
import { USCC_ALPHABET, usccMaker } from '../reference/uscc.js';
import { DEMO_COUNTY_CODE, DEMO_TOWNSHIPS } from '../reference/regions.js';
import { industryName } from '../reference/industries.js';
import {
  BUSINESS_PROFILES,
  GENERAL_NOTE,
  ORGANISATION_PROFILES,
  PERMIT_NOTE,
  PRODUCT_PROFILES,
  PROJECT_PROFILES,
  type BusinessProfile,
  type OrganisationProfile,
  type ProductProfile,
  type ProjectProfile,
  type ScopeParts,
} from './profiles.js';
import { hashString, Permutation, Rng, Weighted } from './prng.js';
import type { RiskGrade, SubjectKind, SubjectStatus } from './labels.js';
import {
  BUILDING_SUFFIXES,
  GIVEN_NAME_CHARS,
  MOBILE_PREFIXES,
  SURNAMES,
  TRADE_FIRST,
  TRADE_SECOND,
  URBAN_STREETS,
  VILLAGE_PREFIXES,
  VILLAGE_SUFFIXES,
} from './vocabulary.js';

export interface DemoSubject {
  /** Public key: the credit code, or the public id when there is none. */
  key: string;
  /** 统一社会信用代码, null for products and projects. */
  uscc: string | null;
  /** 主体编号 for subjects without a credit code (CP-000123 products, XM-000123 projects). */
  publicId: string | null;
  name: string;
  kind: SubjectKind;
  /** Township-level GB/T 2260 code. */
  regionCode: string;
  industryCode: string;
  businessScope: string;
  address: string;
  /** 法定代表人 / 经营者 / 项目负责人; personal data. */
  operator: string;
  /** Mobile number; personal data. */
  phone: string;
  status: SubjectStatus;
  tags: string[];
  riskGrade: RiskGrade | null;
}

/** Upper bound on directory size: the organisation-code permutation covers 31^5 bodies. */
export const MAX_DEMO_SUBJECTS = 31 ** 5;

const COUNTY = '山东省淄博市临淄区';
const ENTERPRISE_PREFIXES = ['淄博', '山东', '淄博市临淄区', '临淄区'];
const INDIVIDUAL_PREFIXES = ['临淄区', '淄博市临淄区', '临淄', ''];
const ORGANISATION_PREFIXES = ['临淄区', '淄博市临淄区', '临淄', '淄博临淄'];
const PAIRS = TRADE_FIRST.length * TRADE_SECOND.length;
const TWO_CHAR_SPACE = 4 * PAIRS;
const THREE_CHAR_SPACE = 4 * PAIRS * TRADE_SECOND.length;

const USCC = {
  enterprise: usccMaker('9', '1', DEMO_COUNTY_CODE),
  individual: usccMaker('9', '2', DEMO_COUNTY_CODE),
  cooperative: usccMaker('9', '3', DEMO_COUNTY_CODE),
  nonEnterprise: usccMaker('5', '2', DEMO_COUNTY_CODE),
};

const TOWNSHIP_BY_CODE = new Map(DEMO_TOWNSHIPS.map((t) => [t.code, t]));

const KIND = new Weighted<SubjectKind>(
  ['INDIVIDUAL_BUSINESS', 'ENTERPRISE', 'OTHER_ORG', 'PRODUCT', 'PROJECT'],
  [63, 31, 4, 1.2, 0.8],
);
const STATUS = new Weighted<SubjectStatus>(['ACTIVE', 'REVOKED', 'CANCELLED', 'UNREACHABLE'], [940, 15, 20, 25]);
/** Urban subdistricts hold most businesses. */
const TOWNSHIP = new Weighted(DEMO_TOWNSHIPS, [15, 12, 14, 12, 6, 9, 6, 5, 6, 6, 5, 4]);
const ENTERPRISE_PROFILE = new Weighted(
  BUSINESS_PROFILES.filter((p) => p.ent > 0),
  BUSINESS_PROFILES.filter((p) => p.ent > 0).map((p) => p.ent),
);
const INDIVIDUAL_PROFILE = new Weighted(
  BUSINESS_PROFILES.filter((p) => p.ind > 0),
  BUSINESS_PROFILES.filter((p) => p.ind > 0).map((p) => p.ind),
);
const ORGANISATION_PROFILE = new Weighted(ORGANISATION_PROFILES, ORGANISATION_PROFILES.map((p) => p.weight));
const PRODUCT_PROFILE = new Weighted(PRODUCT_PROFILES, PRODUCT_PROFILES.map((p) => p.weight));
const PROJECT_PROFILE = new Weighted(PROJECT_PROFILES, PROJECT_PROFILES.map((p) => p.weight));
const SURNAME = new Weighted(SURNAMES.map(([s]) => s), SURNAMES.map(([, w]) => w));
const ENTERPRISE_FORM = new Weighted(['有限公司', '有限责任公司', '股份有限公司'], [85, 12, 3]);

export function personName(rng: Rng): string {
  const given = rng.chance(0.72) ? rng.pick(GIVEN_NAME_CHARS) + rng.pick(GIVEN_NAME_CHARS) : rng.pick(GIVEN_NAME_CHARS);
  return SURNAME.pick(rng) + given;
}

export function mobileNumber(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(100_000_000)).padStart(8, '0');
}

const SCOPE_CACHE = new Map<ScopeParts, readonly [string, string]>();

/** Scope text in the 规范表述 style (许可项目 / 一般项目) or the older plain list; cached per profile. */
function scopeText(parts: ScopeParts, regulated: boolean): string {
  let cached = SCOPE_CACHE.get(parts);
  if (!cached) {
    cached = [composeScope(parts, false), composeScope(parts, true)];
    SCOPE_CACHE.set(parts, cached);
  }
  return cached[regulated ? 1 : 0];
}

function composeScope(parts: ScopeParts, regulated: boolean): string {
  const licensed = parts.licensed ?? '';
  const general = parts.general ?? '';
  if (regulated) {
    return (licensed ? `许可项目：${licensed}。${PERMIT_NOTE}` : '') + (general ? `一般项目：${general}。${GENERAL_NOTE}` : '');
  }
  return [licensed, general].filter((s) => s !== '').join('；') + '。';
}

function base31(n: number, width: number): string {
  let s = '';
  for (let i = 0; i < width; i++) {
    s = USCC_ALPHABET[n % 31]! + s;
    n = Math.floor(n / 31);
  }
  return s;
}

/** Generates directory rows; `at(i)` is deterministic and independent of every other row. */
export class DemoDirectory implements Iterable<DemoSubject> {
  private readonly key: readonly number[];
  private readonly orgCodes: Permutation;
  private readonly names2: Permutation;
  private readonly names3: Permutation;

  constructor(
    readonly seed: string,
    readonly count: number,
  ) {
    if (!Number.isInteger(count) || count < 0 || count > MAX_DEMO_SUBJECTS) {
      throw new RangeError(`subjects must be an integer in [0, ${MAX_DEMO_SUBJECTS}], got ${count}`);
    }
    this.key = hashString(`subjects:${seed}`);
    this.orgCodes = new Permutation(MAX_DEMO_SUBJECTS, this.key, 1);
    this.names2 = new Permutation(TWO_CHAR_SPACE, this.key, 2);
    this.names3 = new Permutation(THREE_CHAR_SPACE, this.key, 3);
  }

  *[Symbol.iterator](): Iterator<DemoSubject> {
    for (let i = 0; i < this.count; i++) yield this.at(i);
  }

  at(i: number): DemoSubject {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) throw new RangeError(`subject index ${i} out of range`);
    const rng = Rng.forIndex(this.key, i);
    const kind = KIND.pick(rng);
    const township = TOWNSHIP.pick(rng);
    const status = STATUS.pick(rng);
    const { prefix, trade } = this.tradeName(i);
    switch (kind) {
      case 'ENTERPRISE':
        return this.business(i, rng, kind, ENTERPRISE_PROFILE.pick(rng), township.code, status, prefix, trade);
      case 'INDIVIDUAL_BUSINESS':
        return this.business(i, rng, kind, INDIVIDUAL_PROFILE.pick(rng), township.code, status, prefix, trade);
      case 'OTHER_ORG':
        return this.organisation(i, rng, ORGANISATION_PROFILE.pick(rng), township.code, status, prefix, trade);
      case 'PRODUCT':
        return this.product(i, rng, PRODUCT_PROFILE.pick(rng), township.code, trade);
      default:
        return this.project(i, rng, PROJECT_PROFILE.pick(rng), township.code, trade);
    }
  }

  /** (prefix index, 字号) for row i, distinct for every row below TWO_CHAR_SPACE + THREE_CHAR_SPACE. */
  private tradeName(i: number): { prefix: number; trade: string } {
    const F = TRADE_FIRST;
    const S = TRADE_SECOND;
    if (i < TWO_CHAR_SPACE) {
      const v = this.names2.apply(i);
      const pair = Math.floor(v / 4);
      return { prefix: v % 4, trade: F[pair % F.length]! + S[Math.floor(pair / F.length)]! };
    }
    const v = this.names3.apply((i - TWO_CHAR_SPACE) % THREE_CHAR_SPACE);
    const t = Math.floor(v / 4);
    const a = t % F.length;
    const b = Math.floor(t / F.length) % S.length;
    const c = Math.floor(t / PAIRS);
    return { prefix: v % 4, trade: F[a]! + S[b]! + S[c]! };
  }

  private orgBody(i: number, style: 'MA' | 'MJ' | 'LEGACY'): string {
    const p = this.orgCodes.apply(i);
    if (style === 'LEGACY') return String(60_000_000 + p);
    return (style === 'MA' ? 'MA3' : 'MJD') + base31(p, 5);
  }

  private address(rng: Rng, regionCode: string): string {
    const township = TOWNSHIP_BY_CODE.get(regionCode)!;
    if (township.level === 'SUBDISTRICT') {
      return `${COUNTY}${rng.pick(URBAN_STREETS)}${rng.range(1, 399)}号${rng.pick(BUILDING_SUFFIXES)}`;
    }
    const village = rng.chance(0.5)
      ? SURNAME.pick(rng) + rng.pick(VILLAGE_SUFFIXES)
      : rng.pick(VILLAGE_PREFIXES) + SURNAME.pick(rng);
    return `${COUNTY}${township.name}${village}村${rng.range(1, 199)}号`;
  }

  private tags(profileTags: readonly string[], status: SubjectStatus): string[] {
    return status === 'UNREACHABLE' ? [...profileTags, '经营异常名录'] : [...profileTags];
  }

  private business(
    i: number,
    rng: Rng,
    kind: 'ENTERPRISE' | 'INDIVIDUAL_BUSINESS',
    profile: BusinessProfile,
    regionCode: string,
    status: SubjectStatus,
    prefix: number,
    trade: string,
  ): DemoSubject {
    let name: string;
    let uscc: string;
    let regulated: boolean;
    if (kind === 'ENTERPRISE') {
      name = ENTERPRISE_PREFIXES[prefix]! + trade + rng.pick(profile.entWords) + ENTERPRISE_FORM.pick(rng);
      const style = rng.chance(0.15) ? 'LEGACY' : 'MA';
      uscc = USCC.enterprise(this.orgBody(i, style));
      regulated = rng.chance(0.75);
    } else {
      name = INDIVIDUAL_PREFIXES[prefix]! + trade + rng.pick(profile.indWords);
      uscc = USCC.individual(this.orgBody(i, 'MA'));
      regulated = rng.chance(0.5);
    }
    return {
      key: uscc,
      uscc,
      publicId: null,
      name,
      kind,
      regionCode,
      industryCode: profile.code,
      businessScope: scopeText(profile.scope, regulated),
      address: this.address(rng, regionCode),
      operator: personName(rng),
      phone: mobileNumber(rng),
      status,
      tags: this.tags(profile.tags, status),
      riskGrade: null,
    };
  }

  private organisation(
    i: number,
    rng: Rng,
    profile: OrganisationProfile,
    regionCode: string,
    status: SubjectStatus,
    prefix: number,
    trade: string,
  ): DemoSubject {
    const uscc =
      profile.authority === '5'
        ? USCC.nonEnterprise(this.orgBody(i, 'MJ'))
        : USCC.cooperative(this.orgBody(i, 'MA'));
    return {
      key: uscc,
      uscc,
      publicId: null,
      name: ORGANISATION_PREFIXES[prefix]! + trade + rng.pick(profile.words),
      kind: 'OTHER_ORG',
      regionCode,
      industryCode: profile.code,
      businessScope: scopeText(profile.scope, false),
      address: this.address(rng, regionCode),
      operator: personName(rng),
      phone: mobileNumber(rng),
      status,
      tags: this.tags(profile.tags, status),
      riskGrade: null,
    };
  }

  private product(i: number, rng: Rng, profile: ProductProfile, regionCode: string, trade: string): DemoSubject {
    const publicId = `CP-${String(i).padStart(6, '0')}`;
    return {
      key: publicId,
      uscc: null,
      publicId,
      name: `${trade}牌${profile.name}（${profile.model}${rng.range(10, 999)}）`,
      kind: 'PRODUCT',
      regionCode,
      industryCode: profile.code,
      businessScope: `产品类别：${industryName(profile.code) ?? ''}；产品名称：${profile.name}`,
      address: '',
      operator: '',
      phone: '',
      status: 'ACTIVE',
      tags: [...profile.tags],
      riskGrade: null,
    };
  }

  private project(i: number, rng: Rng, profile: ProjectProfile, regionCode: string, trade: string): DemoSubject {
    const publicId = `XM-${String(i).padStart(6, '0')}`;
    const township = TOWNSHIP_BY_CODE.get(regionCode)!;
    return {
      key: publicId,
      uscc: null,
      publicId,
      name: `临淄区${township.name}${trade}${rng.pick(profile.words)}`,
      kind: 'PROJECT',
      regionCode,
      industryCode: profile.code,
      businessScope: `建设项目：${industryName(profile.code) ?? ''}`,
      address: this.address(rng, regionCode),
      operator: personName(rng),
      phone: mobileNumber(rng),
      status: 'ACTIVE',
      tags: [...profile.tags],
      riskGrade: null,
    };
  }
}
