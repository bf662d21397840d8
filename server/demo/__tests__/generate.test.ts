import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/tmp.js';
import { departmentByCode, DEPARTMENTS } from '../../reference/departments.js';
import { industryName, isKnownIndustryCode } from '../../reference/industries.js';
import { isDemoTownship } from '../../reference/regions.js';
import { isValidOrgCode, validateUscc } from '../../reference/uscc.js';
import {
  DEMO_INSPECTOR_HEADER,
  DEMO_ITEM_HEADER,
  DEMO_SUBJECT_HEADER,
  demoCsvText,
  DemoDirectory,
  generateDemo,
  inspectorCsvFields,
  matchesLibraryRule,
  subjectCsvFields,
  writeDemoCsv,
  writeSubjectsCsv,
  type DemoData,
  type DemoSubject,
} from '../generate.js';

const sha256 = (buf: Buffer | string) => createHash('sha256').update(buf).digest('hex');

let dir: string;
beforeAll(() => {
  dir = tempDir('jointcheck-demo-test-');
});

describe('determinism', () => {
  it('writes byte-identical files for the same seed', async () => {
    const a = await writeDemoCsv(join(dir, 'a'), { seed: 'same', subjects: 4000, inspectors: 120 });
    const b = await writeDemoCsv(join(dir, 'b'), { seed: 'same', subjects: 4000, inspectors: 120 });
    expect(a.counts).toEqual({ items: a.counts.items, subjects: 4000, inspectors: 120 });
    for (const f of ['items', 'subjects', 'inspectors'] as const) {
      expect(sha256(await readFile(a.files[f]))).toBe(sha256(await readFile(b.files[f])));
    }
  });

  it('changes subjects and inspectors with the seed', () => {
    const a = demoCsvText({ seed: 'linzi-2026', subjects: 2000, inspectors: 100 });
    const b = demoCsvText({ seed: 'linzi-2027', subjects: 2000, inspectors: 100 });
    expect(a.subjects).not.toBe(b.subjects);
    expect(a.inspectors).not.toBe(b.inspectors);
    // Not just a reshuffle: almost no credit code survives a change of seed.
    const keys = (t: string) => new Set(t.split('\n').slice(1).map((l) => l.split(',')[0]));
    const ka = keys(a.subjects);
    const shared = [...keys(b.subjects)].filter((k) => k !== '' && ka.has(k));
    expect(shared.length).toBeLessThan(5);
  });

  it('gives row i the same content whatever the directory size', () => {
    const small = new DemoDirectory('linzi-2026', 500);
    const large = new DemoDirectory('linzi-2026', 20_000);
    for (const i of [0, 1, 77, 499]) expect(large.at(i)).toEqual(small.at(i));
    expect(() => small.at(500)).toThrow(RangeError);
    expect([...small]).toHaveLength(500);
  });
});

describe('the default demo (50,000 subjects, 300 inspectors)', () => {
  let demo: DemoData;
  let subjects: DemoSubject[];
  let generationMs: number;

  beforeAll(() => {
    const t = performance.now();
    demo = generateDemo();
    subjects = [...demo.subjects];
    generationMs = performance.now() - t;
  });

  it('generates 50,000 subjects well under two seconds', () => {
    expect(subjects).toHaveLength(50_000);
    expect(generationMs).toBeLessThan(2000);
  });

  it('gives every enterprise, individual business and organisation a credit code valid under GB 32100 and GB 11714', () => {
    const expectedPrefix: Record<string, string[]> = {
      ENTERPRISE: ['91'],
      INDIVIDUAL_BUSINESS: ['92'],
      OTHER_ORG: ['93', '52'],
    };
    const bad: string[] = [];
    let withCode = 0;
    for (const s of subjects) {
      if (s.kind === 'PRODUCT' || s.kind === 'PROJECT') {
        if (s.uscc !== null) bad.push(`${s.key}: ${s.kind} with a credit code`);
        continue;
      }
      withCode++;
      const code = s.uscc ?? '';
      const r = validateUscc(code);
      if (!r.ok) bad.push(`${code}: ${r.reason}`);
      if (!isValidOrgCode(code.slice(8, 17))) bad.push(`${code}: organisation code check`);
      if (code.slice(2, 8) !== '370305') bad.push(`${code}: region`);
      if (!expectedPrefix[s.kind]?.includes(code.slice(0, 2))) bad.push(`${code}: prefix for ${s.kind}`);
      if (s.key !== code || s.publicId !== null) bad.push(`${code}: key ${s.key} / publicId ${s.publicId}`);
    }
    expect(bad).toEqual([]);
    expect(withCode).toBeGreaterThan(48_000);
    const kinds = new Set(subjects.map((s) => s.kind));
    expect([...kinds].sort()).toEqual(['ENTERPRISE', 'INDIVIDUAL_BUSINESS', 'OTHER_ORG', 'PRODUCT', 'PROJECT']);
  });

  it('has unique keys, and about 2% products and projects keyed by 主体编号', () => {
    const keys = new Set(subjects.map((s) => s.key));
    expect(keys.size).toBe(subjects.length);
    const noCode = subjects.filter((s) => s.uscc === null);
    expect(noCode.length / subjects.length).toBeGreaterThan(0.01);
    expect(noCode.length / subjects.length).toBeLessThan(0.03);
    for (const s of noCode) {
      expect(s.publicId).toMatch(s.kind === 'PRODUCT' ? /^CP-\d{6,}$/ : /^XM-\d{6,}$/);
      expect(s.key).toBe(s.publicId);
    }
  });

  it('has unique registered names for enterprises, individual businesses and organisations', () => {
    const names = subjects.filter((s) => s.uscc !== null).map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('uses known industry codes and township codes, with names and scope matching the industry', () => {
    const bad = subjects
      .filter(
        (s) =>
          !isKnownIndustryCode(s.industryCode) ||
          industryName(s.industryCode) === undefined ||
          !isDemoTownship(s.regionCode) ||
          s.businessScope.length === 0,
      )
      .map((s) => `${s.key} ${s.industryCode} ${s.regionCode}`);
    expect(bad).toEqual([]);
    const byName = (re: RegExp) => subjects.filter((s) => re.test(s.name));
    expect(byName(/烧烤店$/).length).toBeGreaterThan(10);
    expect(byName(/烧烤店$/).filter((s) => s.industryCode !== '6291')).toEqual([]);
    expect(byName(/(药店|大药房)$/).filter((s) => s.industryCode !== '5251')).toEqual([]);
    expect(byName(/便利店$/).filter((s) => !s.businessScope.includes('食品销售'))).toEqual([]);
  });

  it('fills operator and a mobile number for every registered subject and project', () => {
    const bad = subjects
      .filter((s) => s.kind !== 'PRODUCT')
      .filter(
        (s) =>
          !/^[\u4e00-\u9fff]{2,3}$/.test(s.operator) ||
          !/^1[3-9]\d{9}$/.test(s.phone) ||
          !s.address.startsWith('山东省淄博市临淄区'),
      )
      .map((s) => `${s.key} ${s.operator} ${s.phone} ${s.address}`);
    expect(bad).toEqual([]);
  });

  it('is mostly 存续 with a few of each other status and no risk grade', () => {
    const count = (st: string) => subjects.filter((s) => s.status === st).length;
    expect(count('ACTIVE') / subjects.length).toBeGreaterThan(0.9);
    for (const st of ['REVOKED', 'CANCELLED', 'UNREACHABLE']) {
      expect(count(st)).toBeGreaterThan(100);
      expect(count(st)).toBeLessThan(2500);
    }
    expect(subjects.every((s) => s.riskGrade === null)).toBe(true);
  });

  it('has about 300 inspectors with unique numeric certificate numbers in existing departments', () => {
    const roster = demo.inspectors;
    expect(roster).toHaveLength(300);
    const keys = roster.map((i) => i.key);
    expect(new Set(keys).size).toBe(300);
    for (const i of roster) {
      expect(i.key).toMatch(/^370305\d{5,}$/);
      expect(departmentByCode(i.departmentCode), i.departmentCode).toBeDefined();
      expect(i.validFrom < i.validTo).toBe(true);
      expect(i.name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
      expect(i.specialties.length).toBeGreaterThan(0);
    }
    const per = (code: string) => roster.filter((i) => i.departmentCode === code).length;
    expect(per('SCJG')).toBe(80);
    for (const d of DEPARTMENTS) expect(per(d.code), d.code).toBeGreaterThan(0);
  });

  it('has mostly staff, 15 experts and 10 third-party inspectors, with qualifications that exist', () => {
    const roster = demo.inspectors;
    expect(roster.filter((i) => i.kind === 'EXPERT')).toHaveLength(15);
    expect(roster.filter((i) => i.kind === 'THIRD_PARTY')).toHaveLength(10);
    const items = new Map(demo.items.map((it) => [it.code, it]));
    for (const i of roster) {
      if (i.kind === 'STAFF') {
        expect(i.qualifications[0]).toBe('一般');
        continue;
      }
      expect(i.qualifications.length).toBeGreaterThan(0);
      for (const q of i.qualifications) expect(items.get(q)?.departmentCode, q).toBe(i.departmentCode);
    }
  });

  it('includes expired and expiring certificates, leave and transfers', () => {
    const roster = demo.inspectors;
    expect(roster.some((i) => i.validTo < '2026-01-01')).toBe(true);
    expect(roster.some((i) => i.validTo.startsWith('2026-'))).toBe(true);
    expect(roster.filter((i) => i.validTo >= '2027-01-01').length).toBeGreaterThan(240);
    expect(roster.filter((i) => i.status === 'ACTIVE').length).toBeGreaterThan(250);
    expect(roster.some((i) => i.status === 'ON_LEAVE')).toBe(true);
    expect(roster.some((i) => i.status === 'TRANSFERRED')).toBe(true);
  });

  it('declares a few conflicts of interest naming real subjects', () => {
    const keys = new Set(subjects.map((s) => s.key));
    const conflicted = demo.inspectors.filter((i) => i.conflictSubjects.length > 0);
    expect(conflicted.length).toBeGreaterThanOrEqual(3);
    expect(conflicted.length).toBeLessThan(15);
    for (const i of conflicted) {
      for (const k of i.conflictSubjects) expect(keys.has(k), k).toBe(true);
      expect(i.conflictReason).not.toBe('');
    }
    for (const i of demo.inspectors) if (i.conflictSubjects.length === 0) expect(i.conflictReason).toBe('');
  });

  it('has at least 60 check items, each with an existing department and sane fields', () => {
    const items = demo.items;
    expect(items.length).toBeGreaterThanOrEqual(60);
    expect(new Set(items.map((i) => i.code)).size).toBe(items.length);
    for (const it of items) {
      expect(departmentByCode(it.departmentCode), it.code).toBeDefined();
      expect(it.code).toMatch(new RegExp(`^${it.departmentCode}-\\d{3}$`));
      expect(it.legalBasis).toMatch(/^《.+》/);
      expect(it.methods.length).toBeGreaterThan(0);
      expect(it.ratioPercent).toBeGreaterThanOrEqual(3);
      expect(it.ratioPercent).toBeLessThanOrEqual(10);
      expect([1, 2]).toContain(it.frequency);
      expect(['2024-01-01', '2025-01-01']).toContain(it.effectiveFrom);
      if (it.effectiveTo !== null) expect(it.effectiveTo > it.effectiveFrom).toBe(true);
    }
    const active = items.filter((i) => i.effectiveTo === null);
    for (const d of DEPARTMENTS) {
      const n = active.filter((i) => i.departmentCode === d.code).length;
      expect(n, d.code).toBeGreaterThanOrEqual(2);
      expect(n, d.code).toBeLessThanOrEqual(8);
    }
    expect(active.filter((i) => i.departmentCode === 'SCJG').length).toBeGreaterThanOrEqual(4);
    expect(items.some((i) => i.category === 'KEY')).toBe(true);
    expect(items.some((i) => i.category === 'GENERAL')).toBe(true);
  });

  it('has 1–3 sub-library rules per department, each matching part of the directory', () => {
    for (const d of DEPARTMENTS) {
      const n = demo.libraryRules.filter((r) => r.department === d.code).length;
      expect(n, d.code).toBeGreaterThanOrEqual(1);
      expect(n, d.code).toBeLessThanOrEqual(3);
    }
    for (const rule of demo.libraryRules) {
      expect(departmentByCode(rule.department)).toBeDefined();
      for (const p of rule.industryPrefixes) expect(isKnownIndustryCode(p) || industryName(p) !== undefined, p).toBe(true);
      const matched = subjects.filter((s) => matchesLibraryRule(rule, s)).length;
      expect(matched, `${rule.department} ${rule.name}`).toBeGreaterThan(0);
      expect(matched, `${rule.department} ${rule.name}`).toBeLessThan(subjects.length);
      for (const k of rule.scopeKeywords) {
        expect(subjects.some((s) => s.businessScope.includes(k)), `keyword ${k}`).toBe(true);
      }
    }
  });
});

describe('matchesLibraryRule', () => {
  const base = {
    kind: 'ENTERPRISE' as const,
    status: 'ACTIVE' as const,
    name: '淄博鑫泰化工有限公司',
    regionCode: '370305106',
    industryCode: '2614',
    businessScope: '许可项目：危险化学品生产。',
  };
  const rule = { department: 'YJGL', name: 't', industryPrefixes: ['26'], scopeKeywords: [], regions: [], kinds: [] };

  it('requires every non-empty criterion (as the hub query does)', () => {
    expect(matchesLibraryRule(rule, base)).toBe(true);
    expect(matchesLibraryRule({ ...rule, scopeKeywords: ['食品'] }, base)).toBe(false);
    expect(matchesLibraryRule({ ...rule, scopeKeywords: ['食品', '危险化学品'] }, base)).toBe(true);
    expect(matchesLibraryRule({ ...rule, kinds: ['INDIVIDUAL_BUSINESS'] }, base)).toBe(false);
    expect(matchesLibraryRule({ ...rule, regions: ['370305001'] }, base)).toBe(false);
    expect(matchesLibraryRule({ ...rule, regions: ['370305'] }, base)).toBe(true);
    expect(matchesLibraryRule({ ...rule, industryPrefixes: ['52'] }, base)).toBe(false);
  });

  it('matches keywords in the name too, and never inactive subjects', () => {
    expect(matchesLibraryRule({ ...rule, industryPrefixes: [], scopeKeywords: ['化工'] }, base)).toBe(true);
    expect(matchesLibraryRule(rule, { ...base, status: 'CANCELLED' })).toBe(false);
    expect(matchesLibraryRule({ ...rule, industryPrefixes: [] }, base)).toBe(true);
  });
});

describe('CSV output', () => {
  it('starts with a BOM and the exact Chinese header, uses LF and parses back to the rows', () => {
    const text = demoCsvText({ subjects: 3000, inspectors: 60 });
    const demo = generateDemo({ subjects: 3000, inspectors: 60 });
    for (const [t, header] of [
      [text.subjects, DEMO_SUBJECT_HEADER],
      [text.inspectors, DEMO_INSPECTOR_HEADER],
      [text.items, DEMO_ITEM_HEADER],
    ] as const) {
      expect(t.startsWith('\uFEFF' + header.join(',') + '\n')).toBe(true);
      expect(t).not.toContain('\r');
      const rows: string[][] = parse(t, { bom: true });
      expect(rows[0]).toEqual([...header]);
      for (const r of rows) expect(r).toHaveLength(header.length);
    }
    const subjectRows: string[][] = parse(text.subjects, { bom: true });
    expect(subjectRows.slice(1)).toEqual([...demo.subjects].map(subjectCsvFields));
    const inspectorRows: string[][] = parse(text.inspectors, { bom: true });
    expect(inspectorRows.slice(1)).toEqual(demo.inspectors.map(inspectorCsvFields));
  });

  it('writes labels the import format expects', () => {
    const rows: string[][] = parse(demoCsvText({ subjects: 3000 }).subjects, { bom: true, from_line: 2 });
    const allowed = (i: number, values: string[]) => rows.forEach((r) => expect(values).toContain(r[i]));
    allowed(3, ['企业', '个体工商户', '其他组织', '产品', '项目', '行为']);
    allowed(10, ['存续', '吊销', '注销', '无法联系']);
    allowed(12, ['', 'A', 'B', 'C', 'D']);
    const items: string[][] = parse(demoCsvText({ subjects: 0 }).items, { bom: true, from_line: 2 });
    for (const r of items) {
      expect(['一般', '重点']).toContain(r[2]);
      for (const m of r[6]!.split(';')) expect(['实地核查', '书面检查', '网络监测']).toContain(m);
      expect(r[7]).toMatch(/^\d+%$/);
      expect(r[8]).toMatch(/^\d+$/);
    }
  });

  it('streams the same bytes as the in-memory writer, with a BOM', async () => {
    const path = join(dir, 'stream.csv');
    const n = await writeSubjectsCsv(path, 12_000, 'stream-seed');
    expect(n).toBe(12_000);
    const bytes = await readFile(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toBe(demoCsvText({ seed: 'stream-seed', subjects: 12_000, inspectors: 0 }).subjects);
  });

  it('rejects when the file cannot be written', async () => {
    await expect(writeSubjectsCsv(join(dir, 'missing', 'dir', 'x.csv'), 10)).rejects.toThrow(/ENOENT/);
  });
});
