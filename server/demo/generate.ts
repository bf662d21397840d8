/**
 * Deterministic demo data for 临淄区: the 17 member departments, their check items, a directory of
 * subjects, a roster of inspectors and the sub-library rules, as row objects and as the CSV
 * spreadsheets the import module reads. Same seed → byte-identical files.
 *
 *   const demo = generateDemo({ seed: 'linzi-2026', subjects: 50_000 });
 *   for (const s of demo.subjects) ...            // streamed, nothing held in memory
 *   await writeDemoCsv('out/demo', { seed: 'linzi-2026' });
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DEPARTMENTS, type DepartmentRef } from '../reference/departments.js';
import { DEMO_CHECK_ITEMS, type DemoCheckItem } from './check-items.js';
import { csvDocument, writeCsvFile } from './csv.js';
import { generateInspectors, type DemoInspector } from './inspectors.js';
import {
  INSPECTION_METHOD_LABEL,
  INSPECTOR_KIND_LABEL,
  INSPECTOR_STATUS_LABEL,
  ITEM_CATEGORY_LABEL,
  SUBJECT_KIND_LABEL,
  SUBJECT_STATUS_LABEL,
} from './labels.js';
import { DEMO_LIBRARY_RULES, type LibraryRule } from './library-rules.js';
import { DemoDirectory, type DemoSubject } from './subjects.js';
import type { RiskGrade } from './labels.js';

export type { DemoCheckItem } from './check-items.js';
export type { DemoInspector } from './inspectors.js';
export type { LibraryRule } from './library-rules.js';
export { matchesLibraryRule } from './library-rules.js';
export { DemoDirectory, type DemoSubject } from './subjects.js';

/** Column headers of the three spreadsheets, in order. The import module's headers must equal these. */
export const DEMO_SUBJECT_HEADER = [
  '统一社会信用代码', '主体编号', '名称', '主体类型', '行政区划代码', '行业代码', '经营范围', '注册地址',
  '经营者', '联系电话', '状态', '标签', '风险等级',
] as const;

export const DEMO_INSPECTOR_HEADER = [
  '执法证号', '姓名', '部门代码', '证件有效期起', '证件有效期止', '资格', '专长', '人员类别', '状态',
  '回避对象', '回避原因',
] as const;

export const DEMO_ITEM_HEADER = [
  '事项编码', '部门代码', '事项类别', '抽查依据', '抽查对象', '抽查内容', '检查方式', '抽查比例', '抽查频次',
  '生效日期', '失效日期',
] as const;

export const DEFAULT_DEMO_SEED = 'linzi-2026';
export const DEFAULT_DEMO_YEAR = 2026;

export interface DemoOptions {
  seed?: string;
  subjects?: number;
  inspectors?: number;
  /** The demo's current year, for certificate validity (default 2026). */
  year?: number;
  /** The risk grade each subject is written with (default none: ungraded). */
  grade?: (s: DemoSubject) => RiskGrade | null;
}

export interface DemoData {
  seed: string;
  year: number;
  departments: readonly DepartmentRef[];
  items: readonly DemoCheckItem[];
  /** Re-iterable and indexable; rows are generated on demand. */
  subjects: DemoDirectory;
  inspectors: readonly DemoInspector[];
  libraryRules: readonly LibraryRule[];
}

export function generateDemo(options: DemoOptions = {}): DemoData {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const year = options.year ?? DEFAULT_DEMO_YEAR;
  const subjects = new DemoDirectory(seed, options.subjects ?? 50_000);
  const inspectors = generateInspectors({ seed, count: options.inspectors ?? 300, year, directory: subjects });
  return {
    seed,
    year,
    departments: DEPARTMENTS,
    items: DEMO_CHECK_ITEMS,
    subjects,
    inspectors,
    libraryRules: DEMO_LIBRARY_RULES,
  };
}

export function subjectCsvFields(s: DemoSubject): string[] {
  return [
    s.uscc ?? '',
    s.publicId ?? '',
    s.name,
    SUBJECT_KIND_LABEL[s.kind],
    s.regionCode,
    s.industryCode,
    s.businessScope,
    s.address,
    s.operator,
    s.phone,
    SUBJECT_STATUS_LABEL[s.status],
    s.tags.join(';'),
    s.riskGrade ?? '',
  ];
}

export function inspectorCsvFields(i: DemoInspector): string[] {
  return [
    i.key,
    i.name,
    i.departmentCode,
    i.validFrom,
    i.validTo,
    i.qualifications.join(';'),
    i.specialties.join(';'),
    INSPECTOR_KIND_LABEL[i.kind],
    INSPECTOR_STATUS_LABEL[i.status],
    i.conflictSubjects.join(';'),
    i.conflictReason,
  ];
}

export function itemCsvFields(it: DemoCheckItem): string[] {
  return [
    it.code,
    it.departmentCode,
    ITEM_CATEGORY_LABEL[it.category],
    it.legalBasis,
    it.subjectType,
    it.content,
    it.methods.map((m) => INSPECTION_METHOD_LABEL[m]).join(';'),
    `${it.ratioPercent}%`,
    String(it.frequency),
    it.effectiveFrom,
    it.effectiveTo ?? '',
  ];
}

function* mapRows<T>(rows: Iterable<T>, toFields: (row: T) => string[]): Generator<string[]> {
  for (const row of rows) yield toFields(row);
}

/** subjects.csv rows, lazily. */
export function subjectCsvRows(subjects: Iterable<DemoSubject>): Generator<string[]> {
  return mapRows(subjects, subjectCsvFields);
}

/** The three spreadsheets as strings (small demos and tests; use `writeDemoCsv` for large ones). */
export function demoCsvText(options: DemoOptions = {}): { items: string; subjects: string; inspectors: string } {
  const demo = generateDemo(options);
  return {
    items: csvDocument(DEMO_ITEM_HEADER, mapRows(demo.items, itemCsvFields)),
    subjects: csvDocument(DEMO_SUBJECT_HEADER, subjectCsvRows(demo.subjects)),
    inspectors: csvDocument(DEMO_INSPECTOR_HEADER, mapRows(demo.inspectors, inspectorCsvFields)),
  };
}

export interface WrittenDemo {
  files: { items: string; subjects: string; inspectors: string };
  counts: { items: number; subjects: number; inspectors: number };
}

/** Writes items.csv, subjects.csv and inspectors.csv into `dir` (created if missing). */
export async function writeDemoCsv(dir: string, options: DemoOptions = {}): Promise<WrittenDemo> {
  await mkdir(dir, { recursive: true });
  const demo = generateDemo(options);
  const files = {
    items: join(dir, 'items.csv'),
    subjects: join(dir, 'subjects.csv'),
    inspectors: join(dir, 'inspectors.csv'),
  };
  const items = await writeCsvFile(files.items, DEMO_ITEM_HEADER, mapRows(demo.items, itemCsvFields));
  const grade = options.grade;
  const rows = grade ? mapRows(demo.subjects, (s) => subjectCsvFields({ ...s, riskGrade: grade(s) })) : subjectCsvRows(demo.subjects);
  const subjects = await writeCsvFile(files.subjects, DEMO_SUBJECT_HEADER, rows);
  const inspectors = await writeCsvFile(files.inspectors, DEMO_INSPECTOR_HEADER, mapRows(demo.inspectors, inspectorCsvFields));
  return { files, counts: { items, subjects, inspectors } };
}

/** Streams `count` subject rows to a CSV file with flat memory (benchmarks, bulk-import tests). */
export function writeSubjectsCsv(path: string, count: number, seed: string = DEFAULT_DEMO_SEED): Promise<number> {
  return writeCsvFile(path, DEMO_SUBJECT_HEADER, subjectCsvRows(new DemoDirectory(seed, count)));
}
