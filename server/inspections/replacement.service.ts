/**
 * 更换检查人员 (rule 5, seed 002 第十二条): a drawn inspector leaves a team only for one of four
 * reasons, with the department head's approval; the department names the replacement (another eligible
 * inspector of the same department — no lottery). The published draw is untouched and stays verifiable;
 * the replacement is listed beside it.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../audit/audit.service.js';
import { actorName, assertCanWriteDepartment, requireStaff, type Caller } from '../auth/caller.js';
import { badInput, conflict, forbidden, notFound } from '../common/errors.js';
import { CheckItem } from '../items/check-item.entity.js';
import { Inspector, InspectorConflict, InspectorStatus } from '../roster/inspector.entity.js';
import { qualifiedFor } from '../tasks/freeze.js';
import { TaskDraw, TaskStatus } from '../tasks/task.entity.js';
import { isDepartmentHead, lockTask } from '../tasks/task.service.js';
import { Inspection, InspectionMember, InspectionStatus, Replacement, ReplacementReason, ReplacementStatus } from './inspection.entity.js';
import { now } from '../common/clock.js';

export interface ReplacementRequest {
  inspection: number;
  outgoing: string;
  incoming: string;
  reason: ReplacementReason;
  note: string;
}

/** Why `incoming` cannot join the team of `inspection` in place of a member of `department`, or null. */
async function ineligibility(em: EntityManager, inspection: Inspection, incoming: Inspector, department: string): Promise<string | null> {
  const task = inspection.task;
  if (incoming.department.code !== department) return `替换人员须为同一部门（${department}）的检查人员`;
  if (incoming.status !== InspectorStatus.ACTIVE) return `替换人员 ${incoming.key} 当前不在岗`;
  const from = incoming.certificateValidFrom;
  const to = incoming.certificateValidTo;
  if ((from && from > task.windowFrom) || !to || to < task.windowTo) return `替换人员 ${incoming.key} 的执法证在任务期内（${task.windowFrom} 至 ${task.windowTo}）并非全程有效`;
  const items = await em.find(CheckItem, { id: { $in: task.itemIds } }, { populate: ['department'] });
  const freezeItems = items.map((i) => ({ code: i.code, category: i.category, department: i.department.code }));
  if (!qualifiedFor(incoming.qualifications, freezeItems, department, task.departments[0]!)) return `替换人员 ${incoming.key} 不具备本任务事项的检查资格`;
  if (await em.count(InspectorConflict, { inspector: incoming, subjectKey: inspection.subject.key })) return `替换人员 ${incoming.key} 与检查对象存在回避关系`;
  if (await em.count(InspectionMember, { inspection, inspector: incoming, active: true })) return `替换人员 ${incoming.key} 已在该检查小组中`;
  const draw = await em.findOne(TaskDraw, { task, attempt: task.attempt });
  const cap = Number((draw?.manifest as { team?: { maxPerInspector?: number } } | undefined)?.team?.maxPerInspector ?? 0);
  if (cap > 0) {
    const load = await em.count(InspectionMember, { inspector: incoming, active: true, inspection: { task } });
    if (load >= cap) return `替换人员 ${incoming.key} 在本任务中已承担 ${load} 户，达到每人上限 ${cap} 户`;
  }
  return null;
}

async function inspectionFor(em: EntityManager, id: number): Promise<Inspection> {
  const inspection = await em.findOne(Inspection, { id }, { populate: ['task', 'subject'] });
  if (!inspection) throw notFound('检查', String(id), 'inspection');
  return inspection;
}

function assertReplaceable(inspection: Inspection): void {
  if (![TaskStatus.DRAWN, TaskStatus.IN_PROGRESS].includes(inspection.task.status))
    throw conflict(`任务 ${inspection.task.code} 当前不在检查阶段，不能更换检查人员`, 'inspection');
  if (![InspectionStatus.ASSIGNED, InspectionStatus.NOTIFIED].includes(inspection.status))
    throw conflict('该户已完成检查，不能再更换检查人员', 'inspection');
}

/**
 * Inspectors the department may name to replace `outgoing` on this team: same department, active,
 * certificate valid through the task window, qualified, no declared conflict with the subject, not on
 * the team already, and under the task's workload cap. Staff only.
 */
export async function replacementCandidates(em: EntityManager, caller: Caller, inspectionId: number, outgoingKey: string): Promise<Inspector[]> {
  requireStaff(caller);
  const inspection = await inspectionFor(em, inspectionId);
  const outgoing = await em.findOne(Inspector, { key: outgoingKey }, { populate: ['department'] });
  if (!outgoing) throw notFound('检查人员', outgoingKey, 'outgoing');
  const pool = await em.find(
    Inspector,
    { department: outgoing.department, status: InspectorStatus.ACTIVE, certificateValidTo: { $gte: inspection.task.windowTo } },
    { populate: ['department'], orderBy: { key: 'asc' } },
  );
  const eligible: Inspector[] = [];
  for (const candidate of pool) {
    if (candidate.id !== outgoing.id && !(await ineligibility(em, inspection, candidate, outgoing.department.code))) eligible.push(candidate);
  }
  return eligible;
}

/** A department asks to replace one of its drawn inspectors on one team. */
export async function requestReplacement(em: EntityManager, caller: Caller, input: ReplacementRequest): Promise<Replacement> {
  if (!Object.values(ReplacementReason).includes(input.reason)) throw badInput('input.reason', '更换理由只能是岗位调整、工作冲突、健康状况或执法回避');
  if (!input.note?.trim()) throw badInput('input.note', '请说明更换的具体情况');
  return em.transactional(async (tem) => {
    const inspection = await inspectionFor(tem, Number(input.inspection));
    await lockTask(tem, inspection.task.code);
    assertReplaceable(inspection);
    const outgoing = await tem.findOne(Inspector, { key: input.outgoing }, { populate: ['department'] });
    if (!outgoing) throw notFound('检查人员', input.outgoing, 'input.outgoing');
    const department = outgoing.department.code;
    assertCanWriteDepartment(caller, department);
    if (!(await tem.count(InspectionMember, { inspection, inspector: outgoing, active: true })))
      throw badInput('input.outgoing', `检查人员 ${outgoing.key} 不在该户的检查小组中`);
    if (await tem.count(Replacement, { inspection, outgoing, status: ReplacementStatus.PENDING }))
      throw conflict(`检查人员 ${outgoing.key} 已有待审批的更换申请`, 'input.outgoing');
    const incoming = await tem.findOne(Inspector, { key: input.incoming }, { populate: ['department'] });
    if (!incoming) throw notFound('检查人员', input.incoming, 'input.incoming');
    const why = await ineligibility(tem, inspection, incoming, department);
    if (why) throw badInput('input.incoming', why);
    const r = tem.create(Replacement, {
      inspection, outgoing, incoming, departmentCode: department, reason: input.reason, note: input.note.trim(),
      status: ReplacementStatus.PENDING, requestedBy: actorName(caller), requestedAt: now(),
    });
    tem.persist(r);
    recordAudit(tem, caller, {
      action: 'REQUEST_REPLACEMENT', entity: 'Inspection', entityKey: `${inspection.task.code}/${inspection.subject.key}`,
      detail: { outgoing: outgoing.key, incoming: incoming.key, reason: input.reason },
    });
    return r;
  });
}

/** The department head approves (the team changes) or rejects a replacement request. */
export async function decideReplacement(em: EntityManager, caller: Caller, id: number, approve: boolean, note?: string | null): Promise<Replacement> {
  return em.transactional(async (tem) => {
    const r = await tem.findOne(Replacement, { id }, { populate: ['outgoing', 'incoming', 'incoming.department'] });
    if (!r) throw notFound('更换申请', String(id), 'id');
    if (!isDepartmentHead(caller, r.departmentCode)) throw forbidden(`更换检查人员须由 ${r.departmentCode} 部门负责人审批`);
    const inspection = await inspectionFor(tem, r.inspection.id);
    await lockTask(tem, inspection.task.code);
    if (r.status !== ReplacementStatus.PENDING) throw conflict('该申请已审批', 'id');
    if (!approve && !note?.trim()) throw badInput('note', '驳回须说明理由');
    if (approve) {
      assertReplaceable(inspection);
      const why = await ineligibility(tem, inspection, r.incoming, r.departmentCode);
      if (why) throw badInput('id', `不能批准：${why}`);
      const member = await tem.findOne(InspectionMember, { inspection, inspector: r.outgoing, active: true });
      if (!member) throw conflict(`检查人员 ${r.outgoing.key} 已不在该户的检查小组中`, 'id');
      member.active = false;
      tem.persist(
        tem.create(InspectionMember, {
          inspection, inspector: r.incoming, departmentCode: r.departmentCode, leader: member.leader, position: member.position, ticket: null, active: true,
        }),
      );
    }
    r.status = approve ? ReplacementStatus.APPROVED : ReplacementStatus.REJECTED;
    r.decidedBy = actorName(caller);
    r.decidedAt = now();
    r.decisionNote = note?.trim() || null;
    recordAudit(tem, caller, {
      action: approve ? 'APPROVE_REPLACEMENT' : 'REJECT_REPLACEMENT', entity: 'Inspection', entityKey: `${inspection.task.code}/${inspection.subject.key}`,
      detail: { replacement: r.id, outgoing: r.outgoing.key, incoming: r.incoming.key, reason: r.reason },
    });
    return r;
  });
}
