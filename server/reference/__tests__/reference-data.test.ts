import { describe, expect, it } from 'vitest';
import { DEPARTMENTS, departmentByCode, JOINT_OFFICE_DEPARTMENT } from '../departments.js';
import {
  INDUSTRIES,
  industryByCode,
  industryName,
  industrySection,
  isKnownIndustryCode,
} from '../industries.js';
import { DEMO_COUNTY_CODE, DEMO_TOWNSHIPS, isDemoTownship, regionByCode, regionName, REGIONS } from '../regions.js';

describe('departments', () => {
  // The member units in the annex of 临淄区's 2019 scheme (seed 000), as the annex words them.
  const ANNEX = [
    '区发展和改革局', '区教育和体育局', '区人力资源社会保障局', '区住房城乡建设局', '区交通运输局', '区农业农村局',
    '区商务局', '区文化和旅游局', '区卫生健康综合监督执法大队', '区应急管理局', '区市场监管局', '区统计普查事务中心',
    '区综合行政执法大队', '临淄公安分局', '临淄生态环境分局', '区税务局', '齐鲁化学工业区税务局',
  ];

  it('are exactly the 17 member units of the joint meeting', () => {
    expect(DEPARTMENTS).toHaveLength(17);
    expect(DEPARTMENTS.map((d) => d.shortName).sort()).toEqual([...ANNEX].sort());
    expect(DEPARTMENTS.every((d) => d.member)).toBe(true);
  });

  it('have unique 2–6 letter codes, including the ones the draw vectors use', () => {
    const codes = DEPARTMENTS.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^[A-Z]{2,6}$/);
    for (const c of ['SCJG', 'SW', 'STHJ', 'WSJK']) expect(departmentByCode(c)).toBeDefined();
    expect(departmentByCode(JOINT_OFFICE_DEPARTMENT)?.kind).toBe('MARKET_REGULATION');
  });

  it('use only kinds the database accepts', () => {
    const allowed = new Set([
      'MARKET_REGULATION', 'TAX', 'ENVIRONMENT', 'HEALTH', 'TRANSPORT', 'HOUSING', 'CULTURE_TOURISM', 'EMERGENCY',
      'EDUCATION', 'AGRICULTURE', 'NATURAL_RESOURCES', 'HUMAN_RESOURCES', 'COMMERCE', 'PUBLIC_SECURITY',
      'CIVIL_AFFAIRS', 'WATER', 'OTHER',
    ]);
    for (const d of DEPARTMENTS) expect(allowed.has(d.kind), d.code).toBe(true);
    expect(departmentByCode('SW')?.kind).toBe('TAX');
    expect(departmentByCode('HGSW')?.kind).toBe('TAX');
    expect(departmentByCode('STHJ')?.kind).toBe('ENVIRONMENT');
  });
});

describe('regions', () => {
  it('hold the twelve townships of 临淄区 under 370305', () => {
    expect(DEMO_COUNTY_CODE).toBe('370305');
    expect(regionName('370305')).toBe('临淄区');
    expect(regionByCode('370300')?.name).toBe('淄博市');
    expect(DEMO_TOWNSHIPS.map((t) => t.name).sort()).toEqual(
      ['闻韶街道', '雪宫街道', '辛店街道', '稷下街道', '齐陵街道', '齐都镇', '皇城镇', '敬仲镇', '朱台镇', '凤凰镇', '金岭回族镇', '金山镇'].sort(),
    );
    for (const t of DEMO_TOWNSHIPS) {
      expect(t.code).toMatch(/^370305\d{3}$/);
      expect(t.parent).toBe('370305');
      expect(t.fullName).toBe(`山东省淄博市临淄区${t.name}`);
      expect(t.level).toBe(t.name.endsWith('街道') ? 'SUBDISTRICT' : 'TOWN');
      expect(isDemoTownship(t.code)).toBe(true);
    }
    expect(new Set(REGIONS.map((r) => r.code)).size).toBe(REGIONS.length);
    expect(isDemoTownship('370305')).toBe(false);
  });
});

describe('industries (GB/T 4754-2017)', () => {
  it('has the 20 sections A–T and all 97 divisions', () => {
    const sections = INDUSTRIES.filter((i) => i.level === 'SECTION');
    expect(sections.map((s) => s.code).join('')).toBe('ABCDEFGHIJKLMNOPQRST');
    const divisions = INDUSTRIES.filter((i) => i.level === 'DIVISION').map((d) => d.code);
    expect(divisions).toHaveLength(97);
    expect(divisions).toEqual(Array.from({ length: 97 }, (_, i) => String(i + 1).padStart(2, '0')));
  });

  it('lists at least 120 groups and classes, each under a known division and in the right section', () => {
    const detailed = INDUSTRIES.filter((i) => i.level === 'GROUP' || i.level === 'CLASS');
    expect(detailed.length).toBeGreaterThanOrEqual(120);
    const codes = INDUSTRIES.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const d of detailed) {
      expect(d.code).toMatch(/^\d{3,4}$/);
      expect(industryByCode(d.code.slice(0, 2))?.section).toBe(d.section);
    }
  });

  it('names and places well-known codes', () => {
    expect(industryName('5251')).toBe('西药零售');
    expect(industryName('6210')).toBe('正餐服务');
    expect(industryName('1411')).toBe('糕点、面包制造');
    expect(industryName('26')).toBe('化学原料和化学制品制造业');
    expect(industryName('H')).toBe('住宿和餐饮业');
    expect(industryName('0000')).toBeUndefined();
    expect(industrySection('6210')).toBe('H');
    expect(industrySection('5251')).toBe('F');
    expect(industrySection('2614')).toBe('C');
    expect(industrySection('4710')).toBe('E');
    expect(industrySection('8425')).toBe('Q');
    expect(industrySection('9013')).toBe('R');
    expect(industrySection('0141')).toBe('A');
  });

  it.each([
    ['5251', true],
    ['52', true],
    ['521', true],
    ['5299', true], // unlisted class, known division
    ['0199', true],
    ['529', false], // unlisted group
    ['9899', false], // division 98 does not exist
    ['00', false],
    ['C', true],
    ['U', false],
    ['c', false],
    ['C1411', false],
    ['14110', false],
    ['1', false],
    ['', false],
  ] as const)('isKnownIndustryCode(%j) is %s', (code, known) => {
    expect(isKnownIndustryCode(code)).toBe(known);
  });
});
