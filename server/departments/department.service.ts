import type { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { recordAudit } from '../audit/audit.service.js';
import { assertCoordinator, type Caller } from '../auth/caller.js';
import { badInput, conflict, notFound } from '../common/errors.js';
import { checkFirst, decodeCursor, toPage, type Page } from '../graph/connection.js';
import { Department } from './department.entity.js';
import type { DepartmentFilter, DepartmentInput, DepartmentPatch } from './department.types.js';

const CODE = /^[A-Z][A-Z0-9_]{1,15}$/;

function snapshot(d: Department) {
  return { code: d.code, name: d.name, shortName: d.shortName, kind: d.kind, member: d.member, active: d.active };
}

export async function listDepartments(em: EntityManager, filter: DepartmentFilter | undefined, first: number, after: string | undefined, max: number): Promise<Page<Department>> {
  checkFirst(first, max);
  const where: FilterQuery<Department> = {};
  if (filter?.member !== undefined && filter.member !== null) where.member = filter.member;
  if (filter?.active !== undefined && filter.active !== null) where.active = filter.active;
  if (filter?.search) {
    const like = `%${filter.search.trim()}%`;
    where.$or = [{ code: { $ilike: like } }, { name: { $ilike: like } }, { shortName: { $ilike: like } }];
  }
  const cursor = decodeCursor(after);
  const [rows, total] = await Promise.all([
    em.find(Department, cursor ? { $and: [where, { id: { $gt: cursor } }] } : where, { orderBy: { id: 'asc' }, limit: first + 1 }),
    em.count(Department, where),
  ]);
  return toPage(rows, first, total, cursor !== undefined);
}

export async function departmentByCode(em: EntityManager, code: string): Promise<Department | null> {
  return em.findOne(Department, { code: code.toUpperCase() });
}

export async function requireDepartment(em: EntityManager, code: string, field = 'department'): Promise<Department> {
  const d = await departmentByCode(em, code);
  if (!d) throw notFound('部门', code, field);
  return d;
}

function checkInput(input: { code?: string; name?: string }): void {
  if (input.code !== undefined && !CODE.test(input.code)) throw badInput('code', `部门代码"${input.code}"无效：应为大写字母开头的 2–16 位大写字母、数字或下划线`);
  if (input.name !== undefined && input.name.trim() === '') throw badInput('name', '部门名称不能为空');
}

/** Creates a department, or brings an existing one (same code) up to date: safe to repeat. */
export async function upsertDepartment(em: EntityManager, caller: Caller, input: DepartmentInput, mode: 'create' | 'upsert' = 'upsert'): Promise<Department> {
  assertCoordinator(caller);
  const code = input.code.toUpperCase();
  checkInput({ ...input, code });
  return em.transactional(async (tem) => {
    const existing = await tem.findOne(Department, { code });
    if (existing && mode === 'create') throw conflict(`部门代码 ${code} 已存在`, 'code');
    const before = existing ? snapshot(existing) : null;
    const d = existing ?? tem.create(Department, { code, name: input.name, shortName: input.shortName ?? input.name, kind: input.kind, member: input.member ?? true, active: true });
    if (existing) tem.assign(d, { name: input.name, shortName: input.shortName ?? existing.shortName, kind: input.kind, member: input.member ?? existing.member });
    const after = snapshot(d);
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      recordAudit(tem, caller, { action: existing ? 'UPDATE' : 'CREATE', entity: 'Department', entityKey: code, before, after });
    }
    tem.persist(d);
    return d;
  });
}

export async function updateDepartment(em: EntityManager, caller: Caller, code: string, patch: DepartmentPatch): Promise<Department> {
  assertCoordinator(caller);
  checkInput({ name: patch.name ?? undefined });
  return em.transactional(async (tem) => {
    const d = await tem.findOne(Department, { code: code.toUpperCase() });
    if (!d) throw notFound('部门', code, 'code');
    const before = snapshot(d);
    const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined && v !== null));
    tem.assign(d, changes);
    recordAudit(tem, caller, { action: 'UPDATE', entity: 'Department', entityKey: d.code, before, after: snapshot(d) });
    return d;
  });
}

export interface DepartmentStats {
  itemCount: number;
  inspectorCount: number;
  librarySize: number;
}

/** Library sizes for many departments in one round trip (batched by the request's DataLoader). */
export async function departmentStatsBatch(pool: import('pg').Pool, ids: readonly number[]): Promise<DepartmentStats[]> {
  const r = await pool.query<{ id: number; items: string; inspectors: string; library: string }>(
    `select d.id,
            (select count(*) from check_item c where c.department_id = d.id and c.current and c.active) as items,
            (select count(*) from inspector i where i.department_id = d.id and i.status <> 'TRANSFERRED') as inspectors,
            (select count(*) from library_member m where m.department_id = d.id) as library
     from department d where d.id = any($1)`,
    [ids],
  );
  const byId = new Map(r.rows.map((x) => [x.id, { itemCount: Number(x.items), inspectorCount: Number(x.inspectors), librarySize: Number(x.library) }]));
  return ids.map((id) => byId.get(id) ?? { itemCount: 0, inspectorCount: 0, librarySize: 0 });
}
