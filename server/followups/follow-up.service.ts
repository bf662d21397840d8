/**
 * 后续处置 (seed 002 第二十七条): problems found by an inspection are handed over and followed to closure.
 * A transfer goes to the competent department, which must accept it before it can be closed; every
 * follow-up has a due date and is closed with its decision. Staff only.
 */
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { recordAudit } from '../audit/audit.service.js';
import { actingDepartment, actorName, assertCanWriteDepartment, requireStaff, type Caller } from '../auth/caller.js';
import { loadCalendar } from '../calendar/calendar.service.js';
import { chinaDate, isIsoDate } from '../common/dates.js';
import { badInput, conflict, notFound } from '../common/errors.js';
import { Department } from '../departments/department.entity.js';
import { Inspection } from '../inspections/inspection.entity.js';
import { InspectionResult, ItemResult, PROBLEM_OUTCOMES } from '../inspections/result.entity.js';
import { reassessSubjects } from '../risk/risk.service.js';
import { FollowUp, FollowUpKind, FollowUpStatus } from './follow-up.entity.js';
import { now } from '../common/clock.js';

/** Working days a follow-up gets when no due date is given. */
export const FOLLOW_UP_WORKING_DAYS = 20;

export interface FollowUpInput {
  inspection: number;
  kind: FollowUpKind;
  description: string;
  /** The department opening it (the caller's own by default). */
  department?: string | null;
  targetDepartment?: string | null;
  dueOn?: string | null;
}

const KIND_LABEL: Record<FollowUpKind, string> = {
  TRANSFER: '移交主管部门',
  ABNORMAL_LISTING: '列入经营异常名录',
  CASE_FILED: '立案查处',
  JUDICIAL_TRANSFER: '移送司法机关',
};

/** Opens a follow-up from an inspection whose current result found problems. */
export async function openFollowUp(em: EntityManager, caller: Caller, input: FollowUpInput): Promise<FollowUp> {
  if (!Object.values(FollowUpKind).includes(input.kind)) throw badInput('input.kind', '处置方式应为移交、列入经营异常名录、立案查处或移送司法机关');
  if (!input.description?.trim()) throw badInput('input.description', '请写明移交或处置的问题与依据');
  return em.transactional(async (tem) => {
    const inspection = await tem.findOne(Inspection, { id: input.inspection }, { populate: ['task', 'subject'] });
    if (!inspection) throw notFound('检查', String(input.inspection), 'input.inspection');
    const own = actingDepartment(caller, input.department);
    if (!own || !inspection.task.departments.includes(own)) throw badInput('input.department', '后续处置须由参加该检查的部门发起');
    assertCanWriteDepartment(caller, own);
    const result = inspection.currentResultId ? await tem.findOne(InspectionResult, { id: inspection.currentResultId }) : null;
    const items = result ? await tem.find(ItemResult, { result }) : [];
    if (!items.some((i) => PROBLEM_OUTCOMES.includes(i.outcome))) throw badInput('input.inspection', '该户的检查结果没有发现问题，无需后续处置');
    let target: Department | null = null;
    if (input.kind === FollowUpKind.TRANSFER) {
      const code = input.targetDepartment?.toUpperCase();
      if (!code) throw badInput('input.targetDepartment', '移交须指明接收的主管部门');
      target = await tem.findOne(Department, { code, active: true });
      if (!target) throw notFound('部门', code, 'input.targetDepartment');
      if (code === own) throw badInput('input.targetDepartment', '不能移交给本部门');
    }
    const today = chinaDate();
    if (input.dueOn && (!isIsoDate(input.dueOn) || input.dueOn < today)) throw badInput('input.dueOn', '办理期限应为今天或以后的日期');
    const dueOn = input.dueOn ?? (await loadCalendar(tem)).addWorkingDays(today, FOLLOW_UP_WORKING_DAYS);
    const followUp = tem.create(FollowUp, {
      subject: inspection.subject, department: await tem.findOneOrFail(Department, { code: own }), inspectionId: inspection.id, kind: input.kind,
      status: FollowUpStatus.OPEN, description: input.description.trim(), targetDepartment: target, openedOn: today, dueOn, createdBy: actorName(caller),
    });
    tem.persist(followUp);
    await tem.flush();
    await reassessSubjects(tem, [inspection.subject.id], 'OPEN_FOLLOW_UP');
    recordAudit(tem, caller, {
      action: 'OPEN_FOLLOW_UP', entity: 'FollowUp', entityKey: String(followUp.id),
      detail: { kind: input.kind, subject: inspection.subject.key, task: inspection.task.code, target: target?.code ?? null, dueOn },
    });
    return followUp;
  });
}

async function lockFollowUp(tem: EntityManager, id: number): Promise<FollowUp> {
  const f = await tem.findOne(FollowUp, { id }, { populate: ['department', 'targetDepartment', 'subject'] });
  if (!f) throw notFound('后续处置', String(id), 'id');
  return f;
}

/** The competent department accepts a transfer (接收). */
export async function acceptFollowUp(em: EntityManager, caller: Caller, id: number): Promise<FollowUp> {
  return em.transactional(async (tem) => {
    const f = await lockFollowUp(tem, id);
    if (f.kind !== FollowUpKind.TRANSFER) throw badInput('id', `${KIND_LABEL[f.kind]}无需接收`);
    assertCanWriteDepartment(caller, f.targetDepartment!.code);
    if (f.status !== FollowUpStatus.OPEN) throw conflict('该移交已接收或已办结', 'id');
    f.status = FollowUpStatus.ACCEPTED;
    f.acceptedAt = now();
    f.acceptedBy = actorName(caller);
    recordAudit(tem, caller, { action: 'ACCEPT_FOLLOW_UP', entity: 'FollowUp', entityKey: String(f.id), detail: { department: f.targetDepartment!.code } });
    return f;
  });
}

/**
 * 办结 with the decision. A transfer is closed by the department that accepted it (and only after
 * accepting); any other follow-up by the department that opened it.
 */
export async function closeFollowUp(em: EntityManager, caller: Caller, id: number, decision: string): Promise<FollowUp> {
  if (!decision?.trim()) throw badInput('decision', '办结须写明处理结果（决定）');
  return em.transactional(async (tem) => {
    const f = await lockFollowUp(tem, id);
    if (f.status === FollowUpStatus.CLOSED) throw conflict('该后续处置已办结', 'id');
    if (f.kind === FollowUpKind.TRANSFER) {
      if (f.status !== FollowUpStatus.ACCEPTED) throw conflict(`移交须先由 ${f.targetDepartment!.code} 接收，才能办结`, 'id');
      assertCanWriteDepartment(caller, f.targetDepartment!.code);
    } else {
      assertCanWriteDepartment(caller, f.department.code);
    }
    f.status = FollowUpStatus.CLOSED;
    f.closedOn = chinaDate();
    f.closedBy = actorName(caller);
    f.decision = decision.trim();
    recordAudit(tem, caller, { action: 'CLOSE_FOLLOW_UP', entity: 'FollowUp', entityKey: String(f.id), detail: { decision: f.decision } });
    return f;
  });
}

export interface FollowUpFilter {
  department?: string | null;
  status?: FollowUpStatus | null;
  kind?: FollowUpKind | null;
  subject?: string | null;
  overdue?: boolean | null;
}

/** Follow-ups opened by or transferred to a department, newest first (at most 500). Staff only. */
export async function listFollowUps(em: EntityManager, caller: Caller, filter: FollowUpFilter = {}): Promise<FollowUp[]> {
  requireStaff(caller);
  const and: FilterQuery<FollowUp>[] = [];
  if (filter.department) and.push({ $or: [{ department: { code: filter.department.toUpperCase() } }, { targetDepartment: { code: filter.department.toUpperCase() } }] });
  if (filter.status) and.push({ status: filter.status });
  if (filter.kind) and.push({ kind: filter.kind });
  if (filter.subject) and.push({ subject: { key: filter.subject.trim() } });
  if (filter.overdue) and.push({ status: { $ne: FollowUpStatus.CLOSED }, dueOn: { $lt: chinaDate() } });
  return em.find(FollowUp, and.length ? { $and: and } : {}, { populate: ['department', 'targetDepartment', 'subject'], orderBy: { id: 'desc' }, limit: 500 });
}
