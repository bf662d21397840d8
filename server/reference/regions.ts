/**
 * Administrative regions (GB/T 2260) of the demo county, 临淄区 of 淄博市, Shandong.
 *
 * Province, city and county codes are the official GB/T 2260 codes. The township-level codes follow
 * the statistical division code layout (county code + 3 digits: 0xx for 街道, 1xx for 镇) and the names
 * are the district's real 街道 and 镇, but the township numbers are ILLUSTRATIVE: check them against the
 * 统计用区划代码 of the current year before using them outside demos and tests.
 */

export type RegionLevel = 'PROVINCE' | 'CITY' | 'COUNTY' | 'SUBDISTRICT' | 'TOWN';

export interface Region {
  /** 6 digits for province/city/county, 9 digits for township level. */
  code: string;
  name: string;
  /** Name prefixed with its ancestors, e.g. 山东省淄博市临淄区闻韶街道. */
  fullName: string;
  level: RegionLevel;
  parent: string | null;
}

export const DEMO_PROVINCE_CODE = '370000';
export const DEMO_CITY_CODE = '370300';
/** The county every demo subject is registered in (positions 3–8 of its credit code). */
export const DEMO_COUNTY_CODE = '370305';

const county = '山东省淄博市临淄区';

export const REGIONS: readonly Region[] = [
  { code: '370000', name: '山东省', fullName: '山东省', level: 'PROVINCE', parent: null },
  { code: '370300', name: '淄博市', fullName: '山东省淄博市', level: 'CITY', parent: '370000' },
  { code: '370305', name: '临淄区', fullName: county, level: 'COUNTY', parent: '370300' },
  { code: '370305001', name: '闻韶街道', fullName: `${county}闻韶街道`, level: 'SUBDISTRICT', parent: '370305' },
  { code: '370305002', name: '雪宫街道', fullName: `${county}雪宫街道`, level: 'SUBDISTRICT', parent: '370305' },
  { code: '370305003', name: '辛店街道', fullName: `${county}辛店街道`, level: 'SUBDISTRICT', parent: '370305' },
  { code: '370305004', name: '稷下街道', fullName: `${county}稷下街道`, level: 'SUBDISTRICT', parent: '370305' },
  { code: '370305005', name: '齐陵街道', fullName: `${county}齐陵街道`, level: 'SUBDISTRICT', parent: '370305' },
  { code: '370305100', name: '齐都镇', fullName: `${county}齐都镇`, level: 'TOWN', parent: '370305' },
  { code: '370305101', name: '皇城镇', fullName: `${county}皇城镇`, level: 'TOWN', parent: '370305' },
  { code: '370305102', name: '敬仲镇', fullName: `${county}敬仲镇`, level: 'TOWN', parent: '370305' },
  { code: '370305103', name: '朱台镇', fullName: `${county}朱台镇`, level: 'TOWN', parent: '370305' },
  { code: '370305104', name: '凤凰镇', fullName: `${county}凤凰镇`, level: 'TOWN', parent: '370305' },
  { code: '370305105', name: '金岭回族镇', fullName: `${county}金岭回族镇`, level: 'TOWN', parent: '370305' },
  { code: '370305106', name: '金山镇', fullName: `${county}金山镇`, level: 'TOWN', parent: '370305' },
];

/** The twelve township-level units of the demo county, 街道 first. */
export const DEMO_TOWNSHIPS: readonly Region[] = REGIONS.filter(
  (r) => r.level === 'SUBDISTRICT' || r.level === 'TOWN',
);

const BY_CODE = new Map(REGIONS.map((r) => [r.code, r]));

export function regionByCode(code: string): Region | undefined {
  return BY_CODE.get(code);
}

export function regionName(code: string): string | undefined {
  return BY_CODE.get(code)?.name;
}

/** True for a township of the demo county (the codes the demo directory uses). */
export function isDemoTownship(code: string): boolean {
  const r = BY_CODE.get(code);
  return r !== undefined && (r.level === 'SUBDISTRICT' || r.level === 'TOWN');
}
