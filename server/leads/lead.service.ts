/**
 * Complaint and referral leads (投诉举报线索, e.g. the 12345 hotline): recorded against a subject,
 * handled case by case, and able to start a SPECIAL task for that subject or for every subject with an
 * open lead about the same problem (seed 000 二(五)). Staff only.
 */
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { recordAudit } from '../audit/audit.service.js';
import { actingDepartment, actorName, assertCanWriteDepartment, requireStaff, type Caller } from '../auth/caller.js';
import type { AppConfig } from '../config/config.js';
import { chinaDate, isIsoDate } from '../common/dates.js';
import { badInput, conflict, notFound } from '../common/errors.js';
import { Department } from '../departments/department.entity.js';
import { Subject } from '../directory/subject.entity.js';
import type { Task } from '../tasks/task.entity.js';
import { createSpecialTask } from '../tasks/task.service.js';
import type { TaskOptionsInput } from '../tasks/task.types.js';
import { reassessSubjects } from '../risk/risk.service.js';
import { Lead, LeadSource, LeadStatus } from './lead.entity.js';

export interface LeadInput {
  subject: string;
  department?: string | null;
  source: LeadSource;
  reference?: string | null;
  receivedOn: string;
  problem: string;
  description: string;
}

export async function recordLead(em: EntityManager, caller: Caller, input: LeadInput): Promise<Lead> {
  const department = actingDepartment(caller, input.department);
  if (!department) throw badInput('input.department', '请指明受理线索的部门');
  assertCanWriteDepartment(caller, department);
  if (!Object.values(LeadSource).includes(input.source)) throw badInput('input.source', '线索来源无效');
  if (!isIsoDate(input.receivedOn) || input.receivedOn > chinaDate()) throw badInput('input.receivedOn', `受理日期"${input.receivedOn}"无效或晚于今天`);
  if (!input.problem?.trim()) throw badInput('input.problem', '请填写问题类别（同类问题可一并发起专项检查）');
  if (!input.description?.trim()) throw badInput('input.description', '请填写线索内容');
  return em.transactional(async (tem) => {
    const subject = await tem.findOne(Subject, { key: input.subject.trim() });
    if (!subject) throw notFound('检查对象', input.subject, 'input.subject');
    const lead = tem.create(Lead, {
      subject, department: await tem.findOneOrFail(Department, { code: department }), source: input.source, reference: input.reference?.trim() || null,
      receivedOn: input.receivedOn, problem: input.problem.trim(), description: input.description.trim(), status: LeadStatus.OPEN, createdBy: actorName(caller),
    });
    tem.persist(lead);
    await tem.flush();
    await reassessSubjects(tem, [subject.id], 'RECORD_LEAD');
    recordAudit(tem, caller, { action: 'RECORD_LEAD', entity: 'Lead', entityKey: String(lead.id), detail: { subject: subject.key, source: input.source, reference: lead.reference } });
    return lead;
  });
}

async function ownLead(tem: EntityManager, caller: Caller, id: number): Promise<Lead> {
  const lead = await tem.findOne(Lead, { id }, { populate: ['department', 'subject'] });
  if (!lead) throw notFound('线索', String(id), 'id');
  assertCanWriteDepartment(caller, lead.department.code);
  return lead;
}

/** Handled case by case (个案处理): closed with what was done. */
export async function handleLead(em: EntityManager, caller: Caller, id: number, resolution: string): Promise<Lead> {
  if (!resolution?.trim()) throw badInput('resolution', '请写明处理结果');
  return em.transactional(async (tem) => {
    const lead = await ownLead(tem, caller, id);
    if (lead.status === LeadStatus.HANDLED) throw conflict('该线索已处理完毕', 'id');
    lead.status = LeadStatus.HANDLED;
    lead.handledOn = chinaDate();
    lead.resolution = resolution.trim();
    recordAudit(tem, caller, { action: 'HANDLE_LEAD', entity: 'Lead', entityKey: String(lead.id), detail: { resolution: lead.resolution } });
    return lead;
  });
}

/**
 * Starts a SPECIAL task on a lead: for its subject alone, or (`sameProblem`) for every subject with an
 * open lead about the same problem. Every subject in it is drawn (quota = all of them); the leads are
 * marked IN_TASK with the task's code.
 */
export async function startTaskFromLead(
  em: EntityManager,
  caller: Caller,
  config: AppConfig,
  id: number,
  input: { name?: string | null; items: string[]; participants?: string[]; sameProblem?: boolean; windowFrom: string; windowTo: string },
  options: TaskOptionsInput = {},
): Promise<Task> {
  // The task and the leads' new status land together, or not at all.
  return em.transactional(async (tem) => {
    const lead = await ownLead(tem, caller, id);
    if (lead.status !== LeadStatus.OPEN) throw conflict('只能对未处理的线索发起专项检查', 'id');
    const leads = input.sameProblem
      ? await tem.find(Lead, { problem: lead.problem, status: LeadStatus.OPEN }, { populate: ['subject'] })
      : [lead];
    const subjects = [...new Set(leads.map((l) => l.subject.key))];
    const task = await createSpecialTask(tem, caller, config, {
      name: input.name?.trim() || `线索专项检查：${lead.problem}`,
      reason: `${lead.source === LeadSource.HOTLINE_12345 ? '12345 热线' : '投诉举报线索'} ${lead.reference ?? `#${lead.id}`}${leads.length > 1 ? ` 等 ${leads.length} 条同类线索` : ''}`,
      items: input.items, lead: lead.department.code, participants: input.participants ?? [],
      scopeLibraries: [], scopeRegions: [], scopeIndustries: [], scopeKinds: [], scopeGrades: [], subjects,
      // Every subject named by the leads is drawn, whatever its grade.
      quotaRule: ['A', 'B', 'C', 'D', 'U'].map((grade) => ({ grade, count: subjects.length })), windowFrom: input.windowFrom, windowTo: input.windowTo,
    }, options);
    for (const l of leads) {
      l.status = LeadStatus.IN_TASK;
      l.taskCode = task.code;
    }
    recordAudit(tem, caller, { action: 'LEAD_TASK', entity: 'Lead', entityKey: String(lead.id), detail: { task: task.code, leads: leads.map((l) => l.id) } });
    return task;
  });
}

export async function listLeads(em: EntityManager, caller: Caller, filter: { department?: string | null; status?: LeadStatus | null; subject?: string | null; problem?: string | null } = {}): Promise<Lead[]> {
  requireStaff(caller);
  const where: FilterQuery<Lead> = {};
  if (filter.department) where.department = { code: filter.department.toUpperCase() };
  if (filter.status) where.status = filter.status;
  if (filter.subject) where.subject = { key: filter.subject.trim() };
  if (filter.problem) where.problem = filter.problem.trim();
  return em.find(Lead, where, { populate: ['department', 'subject'], orderBy: { id: 'desc' }, limit: 500 });
}
