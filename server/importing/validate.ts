import crypto from 'node:crypto';
import { isValidUscc, normaliseUscc, validateUscc } from '../reference/uscc.js';
import { isKnownIndustryCode } from '../reference/industries.js';
import { InspectorKind, InspectorStatus } from '../roster/inspector.entity.js';
import { RiskGrade, SubjectKind, SubjectStatus } from '../directory/subject.entity.js';
import { CheckMethod, ItemCategory } from '../items/check-item.entity.js';
import { COLUMNS, type ColumnSpec, ImportKind } from './columns.js';

export interface RowError {
  line: number;
  column: string | null;
  reason: string;
}

export type Validated<T> = { ok: true; row: T } | { ok: false; errors: RowError[] };

/** Maps the header row onto field names; unknown or missing required columns are errors on line 1. */
export function mapHeader(kind: ImportKind, header: string[], line = 1): { fields: (string | null)[]; errors: RowError[] } {
  const specs = COLUMNS[kind];
  const byName = new Map<string, ColumnSpec>();
  for (const s of specs) {
    byName.set(s.header, s);
    byName.set(s.field.toLowerCase(), s);
  }
  const errors: RowError[] = [];
  const seen = new Set<string>();
  const fields = header.map((raw, i) => {
    const name = raw.replace(/^\uFEFF/, '').trim();
    const spec = byName.get(name) ?? byName.get(name.toLowerCase());
    if (!spec) {
      if (name !== '') errors.push({ line, column: name, reason: `第 ${i + 1} 列表头"${name}"不是可识别的列名` });
      return null;
    }
    if (seen.has(spec.field)) errors.push({ line, column: spec.header, reason: `列"${spec.header}"重复出现` });
    seen.add(spec.field);
    return spec.field;
  });
  for (const s of specs) {
    if (s.required && !seen.has(s.field) && !(s.field === 'department'))
      errors.push({ line, column: s.header, reason: `缺少必需的列"${s.header}"` });
  }
  return { fields, errors };
}

/** A list cell (already trimmed): items separated by ; or ；, trimmed, blanks and repeats dropped. */
export function listOf(v: string | null): string[] {
  if (!v) return [];
  return [...new Set(v.split(/[;；]/).map((s) => s.trim()).filter(Boolean))];
}

/** Collects per-row errors naming the column by its Chinese header. */
class RowCheck {
  readonly errors: RowError[] = [];
  constructor(
    readonly kind: ImportKind,
    readonly line: number,
    readonly rec: Record<string, string>,
  ) {}
  header(field: string): string {
    return COLUMNS[this.kind].find((c) => c.field === field)?.header ?? field;
  }
  fail(field: string, reason: string): void {
    this.errors.push({ line: this.line, column: this.header(field), reason });
  }
  text(field: string, opts: { required?: boolean; max?: number } = {}): string | null {
    const v = (this.rec[field] ?? '').trim();
    if (v === '') {
      if (opts.required) this.fail(field, `"${this.header(field)}"不能为空`);
      return null;
    }
    if (opts.max && [...v].length > opts.max) this.fail(field, `"${this.header(field)}"超过 ${opts.max} 个字符`);
    // PostgreSQL text cannot hold U+0000: without this the whole load would fail at the database.
    if (v.includes('\u0000')) this.fail(field, `"${this.header(field)}"含有空字符（U+0000），无法保存`);
    return v;
  }
  list(field: string): string[] {
    return listOf(this.text(field));
  }
  choice<T extends string>(field: string, table: Record<string, T>, fallback: T | null, required = false): T | null {
    const v = this.text(field, { required });
    if (v === null) return fallback;
    // Own entries only: "constructor" or "toString" are not values of any column.
    const hit = Object.hasOwn(table, v) ? table[v] : Object.hasOwn(table, v.toUpperCase()) ? table[v.toUpperCase()] : undefined;
    if (hit === undefined) {
      const allowed = [...new Set(Object.keys(table).filter((k) => /[\u4e00-\u9fff]/.test(k)))].join(' / ');
      this.fail(field, `"${v}"不是有效的${this.header(field)}，应为：${allowed}`);
      return null;
    }
    return hit;
  }
  date(field: string, required = false): string | null {
    const v = this.text(field, { required });
    if (v === null) return null;
    const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(v);
    if (!m) {
      this.fail(field, `日期"${v}"格式无效，应为 YYYY-MM-DD`);
      return null;
    }
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const dt = new Date(Date.UTC(y, mo - 1, d));
    if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) {
      this.fail(field, `日期"${v}"不存在`);
      return null;
    }
    return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
}

function withEnglish<T extends string>(zh: Record<string, T>, values: Record<string, T>): Record<string, T> {
  return { ...zh, ...Object.fromEntries(Object.values(values).map((v) => [v, v])) };
}

export const SUBJECT_KINDS = withEnglish(
  { 企业: SubjectKind.ENTERPRISE, 个体工商户: SubjectKind.INDIVIDUAL_BUSINESS, 个体: SubjectKind.INDIVIDUAL_BUSINESS, 其他组织: SubjectKind.OTHER_ORG, 产品: SubjectKind.PRODUCT, 项目: SubjectKind.PROJECT, 行为: SubjectKind.BEHAVIOUR },
  SubjectKind,
);
export const SUBJECT_STATUSES = withEnglish(
  { 存续: SubjectStatus.ACTIVE, 在业: SubjectStatus.ACTIVE, 吊销: SubjectStatus.REVOKED, 注销: SubjectStatus.CANCELLED, 无法联系: SubjectStatus.UNREACHABLE },
  SubjectStatus,
);
export const GRADES = withEnglish({}, RiskGrade);
const INSPECTOR_KINDS = withEnglish({ 在编: InspectorKind.STAFF, 专家: InspectorKind.EXPERT, 第三方: InspectorKind.THIRD_PARTY }, InspectorKind);
const INSPECTOR_STATUSES = withEnglish({ 在岗: InspectorStatus.ACTIVE, 休假: InspectorStatus.ON_LEAVE, 调离: InspectorStatus.TRANSFERRED }, InspectorStatus);
const CATEGORIES = withEnglish({ 一般: ItemCategory.GENERAL, 重点: ItemCategory.KEY }, ItemCategory);
const METHODS = withEnglish({ 实地核查: CheckMethod.ONSITE, 书面检查: CheckMethod.DOCUMENT, 网络监测: CheckMethod.ONLINE }, CheckMethod);

export const PUBLIC_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{2,39}$/;
export const PHONE = /^[0-9+\-() ]{5,20}$/;
export const REGION = /^\d{6}(\d{3}(\d{3})?)?$/;
const DEPT_CODE = /^[A-Z][A-Z0-9_]{1,15}$/;
const CERT_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{3,39}$/;

/** A subject's public key: its USCC, else its own public id, else one derived from what identifies it. */
export function subjectKeyFor(uscc: string | null, publicId: string | null, kind: string, name: string, regionCode: string, address: string | null): string {
  if (uscc) return uscc;
  if (publicId) return publicId;
  const h = crypto.createHash('sha256').update([kind, name, regionCode, address ?? ''].join('\u0000')).digest('hex');
  return `JC-${h.slice(0, 16).toUpperCase()}`;
}

/** Is this string a well-formed subject key (a valid USCC or a public id)? */
export function isSubjectKey(key: string): boolean {
  return key.length === 18 ? isValidUscc(key) : PUBLIC_ID.test(key);
}

export interface SubjectRow {
  key: string;
  uscc: string | null;
  name: string;
  kind: SubjectKind;
  regionCode: string;
  industryCode: string | null;
  businessScope: string | null;
  address: string | null;
  operatorName: string | null;
  operatorPhone: string | null;
  status: SubjectStatus;
  riskGrade: RiskGrade | null;
  tags: string[];
}

export function validateSubject(line: number, rec: Record<string, string>): Validated<SubjectRow> {
  const c = new RowCheck(ImportKind.SUBJECTS, line, rec);
  let uscc = c.text('uscc');
  if (uscc) {
    uscc = normaliseUscc(uscc);
    const r = validateUscc(uscc);
    if (!r.ok) c.fail('uscc', r.reason);
  }
  const publicId = c.text('publicId');
  if (publicId && !PUBLIC_ID.test(publicId)) c.fail('publicId', `主体编号"${publicId}"无效：只能含字母、数字、-、_，3–40 位`);
  const name = c.text('name', { required: true, max: 200 });
  const kind = c.choice('kind', SUBJECT_KINDS, null, true);
  const regionCode = c.text('regionCode', { required: true });
  if (regionCode && !REGION.test(regionCode)) c.fail('regionCode', `行政区划代码"${regionCode}"无效：应为 6、9 或 12 位数字`);
  const industryCode = c.text('industryCode');
  if (industryCode && !isKnownIndustryCode(industryCode)) c.fail('industryCode', `行业代码"${industryCode}"不在 GB/T 4754-2017 分类中`);
  const operatorPhone = c.text('operatorPhone');
  if (operatorPhone && !PHONE.test(operatorPhone)) c.fail('operatorPhone', `联系电话"${operatorPhone}"格式无效`);
  const status = c.choice('status', SUBJECT_STATUSES, SubjectStatus.ACTIVE);
  const riskGrade = c.choice('riskGrade', GRADES, null);
  if (kind && (kind === SubjectKind.ENTERPRISE || kind === SubjectKind.INDIVIDUAL_BUSINESS || kind === SubjectKind.OTHER_ORG) && !uscc && !publicId)
    c.fail('uscc', '企业、个体工商户和其他组织必须填写统一社会信用代码（或主体编号）');
  if (c.errors.length) return { ok: false, errors: c.errors };
  const address = c.text('address', { max: 500 });
  return {
    ok: true,
    row: {
      key: subjectKeyFor(uscc, publicId, kind!, name!, regionCode!, address),
      uscc,
      name: name!,
      kind: kind!,
      regionCode: regionCode!,
      industryCode,
      businessScope: c.text('businessScope'),
      address,
      operatorName: c.text('operatorName', { max: 100 }),
      operatorPhone,
      status: status!,
      riskGrade,
      tags: c.list('tags'),
    },
  };
}

export interface InspectorRow {
  key: string;
  name: string;
  department: string;
  certificateValidFrom: string | null;
  certificateValidTo: string | null;
  qualifications: string[];
  specialties: string[];
  kind: InspectorKind;
  status: InspectorStatus;
  conflicts: string[];
  conflictReason: string | null;
}

export interface ReferenceCodes {
  departments: Set<string>;
  itemCodes: Set<string>;
  /** Set by --department: rows may leave the department blank but must not name another one. */
  department?: string;
}

function departmentOf(c: RowCheck, ref: ReferenceCodes): string | null {
  const d = c.text('department', { required: !ref.department });
  if (d === null) return ref.department ?? null;
  const code = d.toUpperCase();
  if (!DEPT_CODE.test(code) || !ref.departments.has(code)) c.fail('department', `部门代码"${d}"不存在`);
  else if (ref.department && code !== ref.department) c.fail('department', `部门代码"${d}"与导入指定的部门 ${ref.department} 不一致`);
  return code;
}

export function validateInspector(line: number, rec: Record<string, string>, ref: ReferenceCodes): Validated<InspectorRow> {
  const c = new RowCheck(ImportKind.INSPECTORS, line, rec);
  const key = c.text('key', { required: true });
  if (key && !CERT_KEY.test(key)) c.fail('key', `执法证号"${key}"无效：只能含字母、数字、-、_，4–40 位`);
  const name = c.text('name', { required: true, max: 50 });
  const department = departmentOf(c, ref);
  const from = c.date('certificateValidFrom');
  const to = c.date('certificateValidTo');
  if (from && to && from > to) c.fail('certificateValidTo', `证件有效期止（${to}）早于有效期起（${from}）`);
  const qualifications = c.list('qualifications').map((q) => CATEGORIES[q] ?? q);
  for (const q of qualifications) {
    if (!(q in ItemCategory) && !ref.itemCodes.has(q)) c.fail('qualifications', `资格"${q}"既不是事项类别（一般/重点）也不是已知的事项编码`);
  }
  const kind = c.choice('kind', INSPECTOR_KINDS, InspectorKind.STAFF);
  const status = c.choice('status', INSPECTOR_STATUSES, InspectorStatus.ACTIVE);
  const conflicts = c.list('conflicts');
  for (const k of conflicts) if (!isSubjectKey(k)) c.fail('conflicts', `回避对象"${k}"不是有效的统一社会信用代码或主体编号`);
  const conflictReason = c.text('conflictReason');
  if (conflicts.length && !conflictReason) c.fail('conflictReason', '填写了回避对象时必须填写回避原因');
  if (c.errors.length) return { ok: false, errors: c.errors };
  return {
    ok: true,
    row: { key: key!, name: name!, department: department!, certificateValidFrom: from, certificateValidTo: to, qualifications, specialties: c.list('specialties'), kind: kind!, status: status!, conflicts, conflictReason },
  };
}

export interface ItemRow {
  code: string;
  department: string;
  category: ItemCategory;
  legalBasis: string;
  subjectType: string;
  content: string;
  methods: CheckMethod[];
  ratio: number | null;
  frequencyPerYear: number | null;
  effectiveFrom: string;
  effectiveTo: string | null;
}

/** Parses a ratio written as `5%`, `5％` or `0.05` into a fraction in (0, 1]. */
export function parseRatio(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([%％])?$/.exec(text.trim());
  if (!m) return null;
  const n = m[2] ? Number(m[1]) / 100 : Number(m[1]);
  return n > 0 && n <= 1 ? Math.round(n * 1e6) / 1e6 : null;
}

export function validateItem(line: number, rec: Record<string, string>, ref: ReferenceCodes): Validated<ItemRow> {
  const c = new RowCheck(ImportKind.ITEMS, line, rec);
  const code = c.text('code', { required: true });
  if (code && !/^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/.test(code)) c.fail('code', `事项编码"${code}"无效：只能含字母、数字、-、_`);
  const department = departmentOf(c, ref);
  const category = c.choice('category', CATEGORIES, null, true);
  const legalBasis = c.text('legalBasis', { required: true });
  const subjectType = c.text('subjectType', { required: true });
  const content = c.text('content', { required: true });
  const methodNames = c.list('methods');
  if (!methodNames.length && (rec.methods ?? '').trim() === '') c.fail('methods', '"检查方式"不能为空');
  const methods: CheckMethod[] = [];
  for (const m of methodNames) {
    const v = METHODS[m] ?? METHODS[m.toUpperCase()];
    if (v) methods.push(v);
    else c.fail('methods', `检查方式"${m}"无效，应为：实地核查 / 书面检查 / 网络监测`);
  }
  const ratioText = c.text('ratio');
  const ratio = ratioText === null ? null : parseRatio(ratioText);
  if (ratioText !== null && ratio === null) c.fail('ratio', `抽查比例"${ratioText}"无效：应为 0–100% 之间，如 5% 或 0.05`);
  const freqText = c.text('frequencyPerYear');
  const freqMatch = freqText === null ? null : /^(?:每年)?\s*(\d{1,3})\s*(?:次)?(?:\/年)?$/.exec(freqText);
  if (freqText !== null && (!freqMatch || Number(freqMatch[1]) < 1)) c.fail('frequencyPerYear', `抽查频次"${freqText}"无效：应为每年次数（正整数）`);
  const effectiveFrom = c.date('effectiveFrom', true);
  const effectiveTo = c.date('effectiveTo');
  if (effectiveFrom && effectiveTo && effectiveTo < effectiveFrom) c.fail('effectiveTo', `失效日期（${effectiveTo}）早于生效日期（${effectiveFrom}）`);
  if (c.errors.length) return { ok: false, errors: c.errors };
  return {
    ok: true,
    row: { code: code!, department: department!, category: category!, legalBasis: legalBasis!, subjectType: subjectType!, content: content!, methods, ratio, frequencyPerYear: freqMatch ? Number(freqMatch[1]) : null, effectiveFrom: effectiveFrom!, effectiveTo },
  };
}
