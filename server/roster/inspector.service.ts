import type { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import type { Pool } from 'pg';
import { requireStaff, type Caller } from '../auth/caller.js';
import { conflict, notFound } from '../common/errors.js';
import { requireDepartment } from '../departments/department.service.js';
import { checkFirst, decodeCursor, toPage, type Page } from '../graph/connection.js';
import { ImportKind } from '../importing/columns.js';
import { upsertOne } from '../importing/upsert.js';
import { Inspector, InspectorConflict, InspectorKind, InspectorStatus } from './inspector.entity.js';
import type { InspectorFilter, InspectorInput } from './inspector.types.js';

/** The roster is not public: staff only. */
export async function listInspectors(em: EntityManager, caller: Caller, filter: InspectorFilter | undefined, first: number, after: string | undefined, max: number): Promise<Page<Inspector>> {
  requireStaff(caller);
  checkFirst(first, max);
  const where: FilterQuery<Inspector> = {};
  const and: FilterQuery<Inspector>[] = [];
  if (filter?.department) where.department = await requireDepartment(em, filter.department, 'filter.department');
  if (filter?.status) where.status = filter.status;
  if (filter?.kind) where.kind = filter.kind;
  if (filter?.search) {
    const like = `%${filter.search.trim()}%`;
    and.push({ $or: [{ name: { $ilike: like } }, { key: { $ilike: like } }] });
  }
  if (filter?.certificateValidOn) {
    const d = filter.certificateValidOn;
    and.push({ $or: [{ certificateValidFrom: null }, { certificateValidFrom: { $lte: d } }] });
    and.push({ certificateValidTo: { $gte: d } });
  }
  if (filter?.qualifiedFor) and.push({ qualifications: { $contains: [filter.qualifiedFor] } });
  if (and.length) where.$and = and;
  const cursor = decodeCursor(after);
  const [rows, total] = await Promise.all([
    em.find(Inspector, cursor ? { $and: [where, { id: { $gt: cursor } }] } : where, { orderBy: { id: 'asc' }, limit: first + 1 }),
    em.count(Inspector, where),
  ]);
  return toPage(rows, first, total, cursor !== undefined);
}

export async function inspectorByKey(em: EntityManager, caller: Caller, key: string): Promise<Inspector | null> {
  requireStaff(caller);
  return em.findOne(Inspector, { key });
}

export async function conflictsOf(em: EntityManager, inspectorId: number): Promise<InspectorConflict[]> {
  return em.find(InspectorConflict, { inspector: inspectorId }, { orderBy: { subjectKey: 'asc' } });
}


export async function upsertInspector(em: EntityManager, pool: Pool, caller: Caller, input: InspectorInput, mode: 'create' | 'update' | 'upsert'): Promise<Inspector> {
  const existing = await em.findOne(Inspector, { key: input.key }, { populate: ['department'] });
  if (mode === 'create' && existing) throw conflict(`执法证号 ${input.key} 已存在`, 'input.key');
  if (mode === 'update' && !existing) throw notFound('执法检查人员', input.key, 'input.key');
  // Conflicts not given on an update keep what was declared before.
  const conflicts = input.conflicts ?? (existing ? (await conflictsOf(em, existing.id)).map((c) => c.subjectKey) : []);
  const reason = input.conflictReason ?? (existing && !input.conflicts ? (await conflictsOf(em, existing.id))[0]?.reason : undefined);
  await upsertOne(pool, caller, ImportKind.INSPECTORS, {
    key: input.key, name: input.name, department: input.department,
    certificateValidFrom: input.certificateValidFrom ?? '', certificateValidTo: input.certificateValidTo ?? '',
    qualifications: (input.qualifications ?? []).join(';'), specialties: (input.specialties ?? []).join(';'),
    kind: input.kind ?? InspectorKind.STAFF, status: input.status ?? InspectorStatus.ACTIVE,
    conflicts: conflicts.join(';'), conflictReason: reason ?? '',
  }, { department: input.department.toUpperCase(), action: existing ? 'UPDATE' : 'CREATE', key: input.key });
  em.clear();
  return (await em.findOne(Inspector, { key: input.key }))!;
}

/** Changes an inspector's status (leave, transfer) without touching anything else. */
export async function setInspectorStatus(em: EntityManager, pool: Pool, caller: Caller, key: string, status: InspectorStatus): Promise<Inspector> {
  const existing = await em.findOne(Inspector, { key }, { populate: ['department'] });
  if (!existing) throw notFound('执法检查人员', key, 'key');
  return upsertInspector(em, pool, caller, {
    key, name: existing.name, department: existing.department.code,
    certificateValidFrom: existing.certificateValidFrom ?? undefined, certificateValidTo: existing.certificateValidTo ?? undefined,
    qualifications: existing.qualifications, specialties: existing.specialties, kind: existing.kind, status,
  }, 'update');
}
