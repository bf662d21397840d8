import type { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import type { Pool } from 'pg';
import { recordAudit } from '../audit/audit.service.js';
import { assertCanWriteDepartment, assertCoordinator, type Caller } from '../auth/caller.js';
import { badInput, conflict, notFound } from '../common/errors.js';
import { requireDepartment } from '../departments/department.service.js';
import { checkFirst, decodeCursor, toPage, type Page } from '../graph/connection.js';
import { ImportKind } from '../importing/columns.js';
import { upsertOne } from '../importing/upsert.js';
import { CheckItem } from './check-item.entity.js';
import type { CheckItemFilter, CheckItemInput } from './check-item.types.js';

export async function listItems(em: EntityManager, filter: CheckItemFilter | undefined, first: number, after: string | undefined, max: number): Promise<Page<CheckItem>> {
  checkFirst(first, max);
  const where: FilterQuery<CheckItem> = {};
  if (!filter?.allVersions) where.current = true;
  if (filter?.department) where.department = await requireDepartment(em, filter.department, 'filter.department');
  if (filter?.category) where.category = filter.category;
  if (filter?.jointList) where.inJointList = true;
  if (filter?.active !== undefined && filter.active !== null) where.active = filter.active;
  if (filter?.effectiveOn) {
    where.effectiveFrom = { $lte: filter.effectiveOn };
    where.$and = [{ $or: [{ effectiveTo: null }, { effectiveTo: { $gte: filter.effectiveOn } }] }];
  }
  if (filter?.search) {
    const like = `%${filter.search.trim()}%`;
    where.$or = [{ code: { $ilike: like } }, { legalBasis: { $ilike: like } }, { subjectType: { $ilike: like } }, { content: { $ilike: like } }];
  }
  const cursor = decodeCursor(after);
  const paged: FilterQuery<CheckItem> = cursor ? { $and: [where, { id: { $gt: cursor } }] } : where;
  const [rows, total] = await Promise.all([
    em.find(CheckItem, paged, { orderBy: { id: 'asc' }, limit: first + 1 }),
    em.count(CheckItem, where),
  ]);
  return toPage(rows, first, total, cursor !== undefined);
}

/** The current version of an item, or a given version (old versions stay referable). */
export async function itemByCode(em: EntityManager, code: string, version?: number | null): Promise<CheckItem | null> {
  return em.findOne(CheckItem, version ? { code, version } : { code, current: true });
}

export async function itemVersions(em: EntityManager, code: string): Promise<CheckItem[]> {
  return em.find(CheckItem, { code }, { orderBy: { version: 'asc' } });
}


/**
 * Creates or updates an item through the import engine (same validation as the spreadsheet);
 * a changed item gets a new version. `mode` create → CONFLICT when the code exists.
 */
export async function upsertItem(em: EntityManager, pool: Pool, caller: Caller, input: CheckItemInput, mode: 'create' | 'update' | 'upsert'): Promise<CheckItem> {
  assertCanWriteDepartment(caller, input.department.toUpperCase());
  const existing = await itemByCode(em, input.code);
  if (mode === 'create' && existing) throw conflict(`事项编码 ${input.code} 已存在`, 'input.code');
  if (mode === 'update' && !existing) throw notFound('抽查事项', input.code, 'input.code');
  if (existing) {
    await em.populate(existing, ['department']);
    if (existing.department.code !== input.department.toUpperCase())
      throw badInput('input.department', `事项 ${input.code} 属于 ${existing.department.code}，不能改到其他部门`);
  }
  await upsertOne(pool, caller, ImportKind.ITEMS, {
    code: input.code, department: input.department, category: input.category, legalBasis: input.legalBasis,
    subjectType: input.subjectType, content: input.content, methods: input.methods.join(';'),
    ratio: input.ratio === undefined || input.ratio === null ? '' : String(input.ratio),
    frequencyPerYear: input.frequencyPerYear === undefined || input.frequencyPerYear === null ? '' : String(input.frequencyPerYear),
    effectiveFrom: input.effectiveFrom, effectiveTo: input.effectiveTo ?? '',
  }, { action: existing ? 'UPDATE' : 'CREATE', key: input.code });
  em.clear();
  return (await itemByCode(em, input.code))!;
}

/** Stops an item being used from now on; its versions remain for the records that cite them. */
export async function deactivateItem(em: EntityManager, caller: Caller, code: string, reason: string): Promise<CheckItem> {
  if (!reason.trim()) throw badInput('reason', '停用事项必须说明原因');
  return em.transactional(async (tem) => {
    const item = await tem.findOne(CheckItem, { code, current: true }, { populate: ['department'] });
    if (!item) throw notFound('抽查事项', code, 'code');
    assertCanWriteDepartment(caller, item.department.code);
    const before = { active: item.active, changeReason: item.changeReason };
    item.active = false;
    item.changeReason = reason;
    recordAudit(tem, caller, { action: 'DEACTIVATE', entity: 'CheckItem', entityKey: `${code}@${item.version}`, before, after: { active: false, changeReason: reason } });
    return item;
  });
}

/** Puts an item on (or takes it off) the joint list kept by the joint-meeting office. */
export async function setJointList(em: EntityManager, caller: Caller, code: string, inJointList: boolean): Promise<CheckItem> {
  assertCoordinator(caller);
  return em.transactional(async (tem) => {
    const item = await tem.findOne(CheckItem, { code, current: true });
    if (!item) throw notFound('抽查事项', code, 'code');
    const before = { inJointList: item.inJointList };
    item.inJointList = inJointList;
    recordAudit(tem, caller, { action: 'JOINT_LIST', entity: 'CheckItem', entityKey: `${code}@${item.version}`, before, after: { inJointList } });
    return item;
  });
}
