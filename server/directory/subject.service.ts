import type { EntityManager } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import { recordAudit, recordAuditSql } from '../audit/audit.service.js';
import { assertCanWriteDepartment, type Caller } from '../auth/caller.js';
import { badInput, conflict, notFound } from '../common/errors.js';
import { withTransaction } from '../common/tx.js';
import { requireDepartment } from '../departments/department.service.js';
import { checkFirst, decodeCursor, toPage, type Page } from '../graph/connection.js';
import { ImportKind } from '../importing/columns.js';
import { upsertOne } from '../importing/upsert.js';
import { subjectKeyFor } from '../importing/validate.js';
import { normaliseUscc } from '../reference/uscc.js';
import { applyRule, previewRule, querySubjects, subjectByKey, subjectsByIds, type RuleCriteria, type SubjectRowDb } from './directory.queries.js';
import { LibraryRule, SubjectStatus } from './subject.entity.js';
import type { LibraryRuleInput, SubjectFilter, SubjectInput } from './subject.types.js';

export async function listSubjects(em: EntityManager, pool: Pool, filter: SubjectFilter | undefined, first: number, after: string | undefined, max: number): Promise<Page<SubjectRowDb>> {
  checkFirst(first, max);
  const departmentId = filter?.department ? (await requireDepartment(em, filter.department, 'filter.department')).id : undefined;
  const cursor = decodeCursor(after);
  const { rows, total } = await querySubjects(pool, { ...filter, departmentId }, first, cursor);
  return toPage(rows, first, total, cursor !== undefined);
}

export { subjectByKey };


function toRow(input: SubjectInput): Record<string, string> {
  return {
    uscc: input.uscc ?? '', publicId: input.publicId ?? '', name: input.name, kind: input.kind, regionCode: input.regionCode,
    industryCode: input.industryCode ?? '', businessScope: input.businessScope ?? '', address: input.address ?? '',
    operatorName: input.operatorName ?? '', operatorPhone: input.operatorPhone ?? '', status: input.status ?? SubjectStatus.ACTIVE,
    tags: (input.tags ?? []).join(';'), riskGrade: input.riskGrade ?? '',
  };
}

/** The key a subject input will be stored under (same rule as the spreadsheet import). */
export function keyOfInput(input: SubjectInput): string {
  const uscc = input.uscc?.trim() ? normaliseUscc(input.uscc.trim()) : null;
  return subjectKeyFor(uscc, input.publicId?.trim() || null, input.kind, input.name.trim(), input.regionCode.trim(), input.address?.trim() || null);
}

/**
 * Writes a subject through the import engine. With `department` the subject also joins that department's
 * sub-library (and the caller needs write access to it); without, only coordinators may write.
 */
export async function upsertSubject(pool: Pool, caller: Caller, input: SubjectInput, department: string | undefined, mode: 'create' | 'update' | 'upsert'): Promise<SubjectRowDb> {
  const key = keyOfInput(input);
  const existing = await subjectByKey(pool, key);
  if (mode === 'create' && existing) throw conflict(`检查对象 ${key} 已存在`, 'input.uscc');
  if (mode === 'update' && !existing) throw notFound('检查对象', key, 'input.uscc');
  await upsertOne(pool, caller, ImportKind.SUBJECTS, toRow(input), { department, action: existing ? 'UPDATE' : 'CREATE', key });
  return (await subjectByKey(pool, key))!;
}

/** Marks a subject no longer operating (revoked, cancelled or unreachable); its history stays. */
export async function deactivateSubject(pool: Pool, caller: Caller, key: string, status: SubjectStatus, department?: string): Promise<SubjectRowDb> {
  if (status === SubjectStatus.ACTIVE) throw badInput('status', '停用状态不能是"存续"');
  const s = await subjectByKey(pool, key);
  if (!s) throw notFound('检查对象', key, 'key');
  const row = toRow({
    uscc: s.uscc ?? undefined, publicId: s.uscc ? undefined : s.key, name: s.name, kind: s.kind, regionCode: s.regionCode,
    industryCode: s.industryCode ?? undefined, businessScope: s.businessScope ?? undefined, address: s.address ?? undefined,
    operatorName: s.operatorName ?? undefined, operatorPhone: s.operatorPhone ?? undefined, status, tags: s.tags,
  });
  await upsertOne(pool, caller, ImportKind.SUBJECTS, row, { department, action: 'DEACTIVATE', key });
  return (await subjectByKey(pool, key))!;
}

export async function removeFromLibrary(em: EntityManager, pool: Pool, caller: Caller, department: string, keys: string[]): Promise<number> {
  const dep = await requireDepartment(em, department);
  assertCanWriteDepartment(caller, dep.code);
  return withTransaction(pool, async (client) => {
    const r = await client.query(
      'delete from library_member m using subject s where m.subject_id = s.id and m.department_id = $1 and s.key = any($2)',
      [dep.id, keys],
    );
    await recordAuditSql(client, caller, { action: 'LIBRARY_REMOVE', entity: 'LibraryMember', entityKey: dep.code, detail: { keys, removed: r.rowCount } });
    return r.rowCount ?? 0;
  });
}

function checkRule(input: LibraryRuleInput): RuleCriteria {
  const clean = (xs: string[]) => [...new Set(xs.map((x) => x.trim()).filter(Boolean))];
  const rule = { industryPrefixes: clean(input.industryPrefixes), scopeKeywords: clean(input.scopeKeywords), regionCodes: clean(input.regionCodes), kinds: [...new Set(input.kinds)] };
  if (!input.name.trim()) throw badInput('input.name', '规则名称不能为空');
  if (!rule.industryPrefixes.length && !rule.scopeKeywords.length && !rule.regionCodes.length && !rule.kinds.length)
    throw badInput('input', '分库规则至少要有一个条件（行业代码前缀、经营范围关键词、区划或对象类型）');
  for (const p of rule.industryPrefixes) if (!/^([A-T]|\d{1,4})$/.test(p)) throw badInput('input.industryPrefixes', `行业代码前缀"${p}"无效`);
  for (const r of rule.regionCodes) if (!/^\d{2,12}$/.test(r)) throw badInput('input.regionCodes', `区划代码"${r}"无效`);
  return rule;
}

export async function previewLibraryRule(em: EntityManager, pool: Pool, input: LibraryRuleInput) {
  const dep = await requireDepartment(em, input.department, 'input.department');
  const p = await previewRule(pool, dep.id, checkRule(input));
  return { matched: p.matched, alreadyMember: p.alreadyMember, toAdd: p.matched - p.alreadyMember, sample: await subjectsByIds(pool, p.sampleIds) };
}

export async function saveLibraryRule(em: EntityManager, caller: Caller, input: LibraryRuleInput): Promise<LibraryRule> {
  const dep = await requireDepartment(em, input.department, 'input.department');
  assertCanWriteDepartment(caller, dep.code);
  const criteria = checkRule(input);
  return em.transactional(async (tem) => {
    let rule = await tem.findOne(LibraryRule, { department: dep, name: input.name.trim() });
    const before = rule ? { industryPrefixes: rule.industryPrefixes, scopeKeywords: rule.scopeKeywords, regionCodes: rule.regionCodes, kinds: rule.kinds } : null;
    if (rule) tem.assign(rule, criteria);
    else rule = tem.create(LibraryRule, { department: dep, name: input.name.trim(), ...criteria });
    tem.persist(rule);
    recordAudit(tem, caller, { action: before ? 'UPDATE' : 'CREATE', entity: 'LibraryRule', entityKey: `${dep.code}/${input.name.trim()}`, before, after: criteria });
    return rule;
  });
}

export async function applyLibraryRule(em: EntityManager, pool: Pool, caller: Caller, id: number) {
  const rule = await em.findOne(LibraryRule, { id }, { populate: ['department'] });
  if (!rule) throw notFound('分库规则', String(id), 'id');
  assertCanWriteDepartment(caller, rule.department.code);
  const preview = await previewRule(pool, rule.department.id, rule);
  const sample = await subjectsByIds(pool, preview.sampleIds);
  const added = await withTransaction(pool, async (client) => {
    const n = await applyRule(client, rule.department.id, rule.id, rule);
    await client.query('update library_rule set last_applied_at = now(), last_matched = $2, updated_at = now() where id = $1', [rule.id, preview.matched]);
    await recordAuditSql(client, caller, { action: 'APPLY', entity: 'LibraryRule', entityKey: `${rule.department.code}/${rule.name}`, detail: { matched: preview.matched, added: n } });
    return n;
  });
  return { matched: preview.matched, alreadyMember: preview.matched - added, toAdd: added, sample };
}

export async function libraryRules(em: EntityManager, department: string): Promise<LibraryRule[]> {
  const dep = await requireDepartment(em, department);
  return em.find(LibraryRule, { department: dep }, { orderBy: { id: 'asc' } });
}
