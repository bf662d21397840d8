/**
 * The demo roster (执法检查人员名录库): inspectors spread over the member departments in proportion to
 * their size, mostly staff with a few experts and third-party personnel, a few expired or expiring
 * certificates, some on leave or transferred, and a few declared conflicts of interest pointing at
 * real subjects of the demo directory.
 */
import { DEPARTMENTS } from '../reference/departments.js';
import { DEMO_COUNTY_CODE } from '../reference/regions.js';
import { DEMO_CHECK_ITEMS } from './check-items.js';
import type { InspectorKind, InspectorStatus } from './labels.js';
import { hashString, Permutation, Rng, Weighted } from './prng.js';
import { personName, type DemoDirectory } from './subjects.js';
import { CONFLICT_REASONS } from './vocabulary.js';

export interface DemoInspector {
  /** 执法证号: county code + 2-digit department number + serial, digits only. */
  key: string;
  name: string;
  departmentCode: string;
  validFrom: string;
  validTo: string;
  /** 一般, 重点, or item codes. */
  qualifications: string[];
  specialties: string[];
  kind: InspectorKind;
  status: InspectorStatus;
  /** 回避对象: subject keys. */
  conflictSubjects: string[];
  conflictReason: string;
}

/** Relative roster sizes; they sum to 300, the default roster. */
export const DEPARTMENT_ROSTER_WEIGHTS: Readonly<Record<string, number>> = {
  SCJG: 80, SW: 25, HGSW: 8, STHJ: 21, WSJK: 18, YJGL: 20, ZJ: 16, JTYS: 16, WHLY: 12,
  GA: 16, ZHZF: 16, NYNC: 14, SHW: 8, JYTY: 10, RS: 8, FZGG: 6, TJPC: 6,
};

export const DEPARTMENT_SPECIALTIES: Readonly<Record<string, readonly string[]>> = {
  SCJG: ['食品安全', '特种设备', '药品监管', '医疗器械', '产品质量', '计量', '广告监管', '价格监管', '企业信用监管', '网络交易'],
  FZGG: ['粮食流通', '节能监察', '投资项目管理'],
  JYTY: ['校外培训监管', '民办教育', '体育经营'],
  RS: ['劳动保障监察', '劳务派遣', '人力资源市场'],
  ZJ: ['建筑工程质量', '施工安全', '燃气安全', '物业管理', '房地产市场'],
  JTYS: ['道路运输', '机动车维修', '危险货物运输', '出租汽车'],
  NYNC: ['农药', '兽药', '种子', '饲料', '农产品质量安全', '动物防疫'],
  SHW: ['单用途预付卡', '再生资源回收', '洗染业'],
  WHLY: ['文化市场', '旅游市场', '娱乐场所', '网络文化'],
  WSJK: ['公共场所卫生', '医疗机构监管', '生活饮用水卫生', '职业卫生', '消毒产品'],
  YJGL: ['危险化学品', '工贸安全', '烟花爆竹', '粉尘防爆', '应急预案'],
  TJPC: ['统计执法', '统计数据质量'],
  ZHZF: ['市容环境', '户外广告', '餐饮油烟', '城镇排水'],
  GA: ['治安管理', '消防监督', '特种行业', '易制毒化学品'],
  STHJ: ['大气污染防治', '水污染防治', '固体废物', '危险废物', '排污许可', '环境监测'],
  SW: ['税收征管', '发票管理', '纳税评估', '税务稽查'],
  HGSW: ['税收征管', '化工行业税收', '消费税', '出口退税'],
};

const STAFF_STATUS = new Weighted<InspectorStatus>(['ACTIVE', 'ON_LEAVE', 'TRANSFERRED'], [90, 6, 4]);

/** Largest-remainder split of `total` over the weights, in department order. */
export function rosterSizes(total: number): Map<string, number> {
  const codes = DEPARTMENTS.map((d) => d.code);
  const weights = codes.map((c) => DEPARTMENT_ROSTER_WEIGHTS[c] ?? 1);
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w * total) / sum);
  const sizes = exact.map(Math.floor);
  let left = total - sizes.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left === 0) break;
    sizes[i]!++;
    left--;
  }
  return new Map(codes.map((c, i) => [c, sizes[i]!]));
}

const DAY = 86_400_000;

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function randomDayIn(rng: Rng, year: number): number {
  const start = Date.UTC(year, 0, 1);
  const days = (Date.UTC(year + 1, 0, 1) - start) / DAY;
  return start + rng.int(days) * DAY;
}

/** validFrom such that the certificate runs `years` years up to and including validTo. */
function startFor(validTo: number, years: number): number {
  const d = new Date(validTo + DAY);
  return Date.UTC(d.getUTCFullYear() - years, d.getUTCMonth(), d.getUTCDate());
}

export interface InspectorOptions {
  seed: string;
  count: number;
  /** The demo's "current" year: a few certificates expired before it, a few expire during it. */
  year: number;
  directory: DemoDirectory;
}

export function generateInspectors({ seed, count, year, directory }: InspectorOptions): DemoInspector[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`inspectors must be a non-negative integer, got ${count}`);
  const key = hashString(`inspectors:${seed}`);
  const sizes = rosterSizes(count);
  const experts = Math.round(count * 0.05);
  const thirdParty = Math.round(count / 30);
  const conflicts = directory.count === 0 ? 0 : Math.min(count, Math.max(3, Math.round(count * 0.02)));
  const kindRank = count > 0 ? new Permutation(count, key, 1) : undefined;
  const conflictRank = count > 0 ? new Permutation(count, key, 2) : undefined;

  const roster: DemoInspector[] = [];
  let index = 0;
  DEPARTMENTS.forEach((dept, deptNo) => {
    const items = DEMO_CHECK_ITEMS.filter((it) => it.departmentCode === dept.code && it.effectiveTo === null);
    const specialties = DEPARTMENT_SPECIALTIES[dept.code] ?? ['综合执法'];
    let serial = 0;
    for (let k = 0; k < sizes.get(dept.code)!; k++, index++) {
      const rng = Rng.forIndex(key, index);
      serial += rng.range(1, 3);
      const certificate = `${DEMO_COUNTY_CODE}${String(deptNo + 1).padStart(2, '0')}${String(serial).padStart(3, '0')}`;
      const rank = kindRank!.apply(index);
      const kind: InspectorKind = rank < experts ? 'EXPERT' : rank < experts + thirdParty ? 'THIRD_PARTY' : 'STAFF';

      const roll = rng.float();
      const validTo =
        roll < 0.04
          ? randomDayIn(rng, year - 1 - rng.int(2))
          : roll < 0.1
            ? randomDayIn(rng, year)
            : randomDayIn(rng, year + 1 + rng.int(4));
      const validFrom = startFor(validTo, kind === 'STAFF' ? 5 : 3);

      let qualifications: string[];
      if (kind === 'STAFF') {
        qualifications = rng.chance(0.75) ? ['一般', '重点'] : ['一般'];
      } else {
        const pool = kind === 'EXPERT' ? items.filter((it) => it.category === 'KEY') : items.filter((it) => it.category === 'GENERAL');
        const codes = (pool.length > 0 ? pool : items).map((it) => it.code);
        const start = rng.int(codes.length);
        const rotated = [...codes.slice(start), ...codes.slice(0, start)];
        qualifications = rotated.slice(0, kind === 'EXPERT' ? 2 : 1 + rng.int(2));
      }

      const first = rng.int(specialties.length);
      const specialtyList = [specialties[first]!];
      if (kind === 'STAFF' && specialties.length > 1 && rng.chance(0.5)) {
        specialtyList.push(specialties[(first + 1 + rng.int(specialties.length - 1)) % specialties.length]!);
      }

      const conflictSubjects: string[] = [];
      let conflictReason = '';
      if (conflictRank!.apply(index) < conflicts) {
        const n = Math.min(directory.count, 1 + rng.int(2));
        while (conflictSubjects.length < n) {
          const subjectKey = directory.at(rng.int(directory.count)).key;
          if (!conflictSubjects.includes(subjectKey)) conflictSubjects.push(subjectKey);
        }
        conflictReason = rng.pick(CONFLICT_REASONS);
      }

      roster.push({
        key: certificate,
        name: personName(rng),
        departmentCode: dept.code,
        validFrom: isoDate(validFrom),
        validTo: isoDate(validTo),
        qualifications,
        specialties: specialtyList,
        kind,
        status: kind === 'STAFF' ? STAFF_STATUS.pick(rng) : 'ACTIVE',
        conflictSubjects,
        conflictReason,
      });
    }
  });
  return roster;
}
