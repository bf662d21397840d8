/**
 * The inspection lifecycle after the draw: notice (告知) → the visit and its result on the 随机抽查检查表
 * (one item result for every item of the task, 进一次门、查多项事) → entry → publication within 20
 * working days → corrections signed by a department head (a new version; published versions are frozen
 * by database triggers).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../audit/audit.service.js';
import { actorName, assertCanWriteDepartment, type Caller } from '../auth/caller.js';
import { Role } from '../auth/user.entity.js';
import { loadCalendar } from '../calendar/calendar.service.js';
import { chinaDate, isIsoDate } from '../common/dates.js';
import { badInput, conflict, forbidden, notFound } from '../common/errors.js';
import { CheckItem, CheckMethod } from '../items/check-item.entity.js';
import { TaskStatus } from '../tasks/task.entity.js';
import { reassessSubjects } from '../risk/risk.service.js';
import { lockTask } from '../tasks/task.service.js';
import { Inspection, InspectionMember, InspectionStatus, NoticeMethod } from './inspection.entity.js';
import { InspectionResult, ItemResult, Outcome, PROBLEM_OUTCOMES, ResultStatus } from './result.entity.js';

/** Working days allowed for entry and publication (seed 002 第十八条, seed 004). */
export const ENTRY_WORKING_DAYS = 20;

export interface ItemResultInput {
  item: string;
  outcome: Outcome;
  findings?: string | null;
  legalBasis?: string | null;
  /** Findings hold trade secrets or personal privacy: kept from other departments and the public. */
  confidential?: boolean | null;
}

export interface ResultInput {
  visitDate: string;
  method: CheckMethod;
  signedBy?: string | null;
  signatureMissingReason?: string | null;
  entrustedBody?: string | null;
  decisionDate?: string | null;
  summary?: string | null;
  items: ItemResultInput[];
}

const SIMPLE_STATUS_LABEL: Record<InspectionStatus, string> = {
  ASSIGNED: '已分派',
  NOTIFIED: '已告知',
  CHECKED: '已检查',
  ENTERED: '已录入',
  PUBLISHED: '已公示',
};

async function loadInspection(em: EntityManager, id: number): Promise<Inspection> {
  const inspection = await em.findOne(Inspection, { id }, { populate: ['task', 'subject'] });
  if (!inspection) throw notFound('检查', String(id), 'inspection');
  return inspection;
}

/** Staff of a department taking part (or the office), or — when `inspectors` — its inspectors too. */
export function assertTakesPart(caller: Caller, departments: string[], inspectors: boolean): void {
  if (caller.kind === 'user' && caller.role === Role.INSPECTOR) {
    if (inspectors && caller.departmentCode && departments.includes(caller.departmentCode)) return;
    throw forbidden('执法人员只能为本部门参加的任务记录告知和检查情况');
  }
  if (caller.kind === 'user' && (caller.role === Role.CLERK || caller.role === Role.DEPT_HEAD)) {
    if (caller.departmentCode && departments.includes(caller.departmentCode)) return;
    throw forbidden(`您所在部门（${caller.departmentCode ?? '无'}）没有参加该任务`);
  }
  assertCanWriteDepartment(caller, departments[0]!);
}

function requireInspectionStatus(inspection: Inspection, allowed: InspectionStatus[], action: string): void {
  if (!allowed.includes(inspection.status))
    throw conflict(`该户检查当前为"${SIMPLE_STATUS_LABEL[inspection.status]}"，不能${action}`, 'inspection');
}

/** Locks the task (NOWAIT) and moves it from DRAWN to IN_PROGRESS at the first step of any inspection. */
async function openTask(tem: EntityManager, caller: Caller, inspection: Inspection): Promise<void> {
  const task = await lockTask(tem, inspection.task.code);
  if (task.status === TaskStatus.DRAWN) {
    task.status = TaskStatus.IN_PROGRESS;
    task.startedAt = new Date();
    recordAudit(tem, caller, { action: 'START', entity: 'Task', entityKey: task.code, before: { status: 'DRAWN' }, after: { status: 'IN_PROGRESS' }, detail: { by: 'first inspection step' } });
  } else if (task.status !== TaskStatus.IN_PROGRESS) {
    throw conflict(`任务 ${task.code} 不在检查阶段`, 'inspection');
  }
}

const auditKey = (i: Inspection) => `${i.task.code}/${i.subject.key}`;

/** 告知: when and how the subject was told (or that the team showed its certificates on arrival). */
export async function notifyInspection(em: EntityManager, caller: Caller, id: number, input: { at: Date; method: NoticeMethod; note?: string | null }): Promise<Inspection> {
  if (!(input.at instanceof Date) || Number.isNaN(input.at.getTime()) || input.at.getTime() > Date.now() + 60_000) throw badInput('at', '告知时间无效或晚于当前时间');
  return em.transactional(async (tem) => {
    const inspection = await loadInspection(tem, id);
    assertTakesPart(caller, inspection.task.departments, true);
    await openTask(tem, caller, inspection);
    requireInspectionStatus(inspection, [InspectionStatus.ASSIGNED, InspectionStatus.NOTIFIED], '登记告知');
    inspection.status = InspectionStatus.NOTIFIED;
    inspection.notifiedAt = input.at;
    inspection.noticeMethod = input.method;
    inspection.noticeNote = input.note?.trim() || null;
    recordAudit(tem, caller, { action: 'NOTIFY', entity: 'Inspection', entityKey: auditKey(inspection), after: { method: input.method, at: input.at } });
    return inspection;
  });
}

interface CheckedResult {
  items: { item: CheckItem; input: ItemResultInput }[];
  dueOn: string;
}

/** Every rule a result must meet before it is stored; returns the item versions and the deadline. */
async function checkResult(tem: EntityManager, inspection: Inspection, input: ResultInput): Promise<CheckedResult> {
  const task = inspection.task;
  const today = chinaDate();
  if (!isIsoDate(input.visitDate) || input.visitDate > today) throw badInput('input.visitDate', `检查日期"${input.visitDate}"无效或晚于今天`);
  if (input.visitDate < task.windowFrom) throw badInput('input.visitDate', `检查日期早于任务开始日期 ${task.windowFrom}`);
  if (!Object.values(CheckMethod).includes(input.method)) throw badInput('input.method', '检查方式应为实地核查、书面检查或网络监测');
  if (!input.signedBy?.trim() && !input.signatureMissingReason?.trim())
    throw badInput('input.signedBy', '请填写检查对象签字人，或说明未签字的原因');
  // Rule 6: at least two certified inspectors, their certificates valid on the day of the visit.
  const members = await tem.find(InspectionMember, { inspection, active: true }, { populate: ['inspector'] });
  const valid = members.filter((m) => {
    const { certificateValidFrom: from, certificateValidTo: to } = m.inspector;
    return (!from || from <= input.visitDate) && !!to && to >= input.visitDate;
  });
  if (valid.length < 2) throw badInput('input.visitDate', `检查当日执法证有效的检查人员只有 ${valid.length} 名，至少需要 2 名（规则 6）`);

  const taskItems = await tem.find(CheckItem, { id: { $in: task.itemIds } }, { populate: ['department'] });
  const seen = new Map<string, ItemResultInput>();
  for (const [i, r] of input.items.entries()) {
    const item = taskItems.find((x) => x.code === r.item);
    if (!item) throw badInput(`input.items[${i}].item`, `事项"${r.item}"不是本任务的抽查事项（清单之外不得检查，规则 1）`);
    if (seen.has(r.item)) throw badInput(`input.items[${i}].item`, `事项"${r.item}"的结果重复`);
    if (!Object.values(Outcome).includes(r.outcome)) throw badInput(`input.items[${i}].outcome`, `事项"${r.item}"的检查结果无效`);
    if (PROBLEM_OUTCOMES.includes(r.outcome) && !r.findings?.trim())
      throw badInput(`input.items[${i}].findings`, `事项"${r.item}"发现问题或不配合检查，须写明检查情况`);
    seen.set(r.item, r);
  }
  const missing = taskItems.filter((x) => !seen.has(x.code));
  if (missing.length)
    throw badInput('input.items', `进一次门、查多项事：还缺 ${missing.map((x) => `${x.code}（${x.department.code}）`).join('、')} 的检查结果（规则 4）`);
  const problems = [...seen.values()].some((r) => PROBLEM_OUTCOMES.includes(r.outcome));
  if (problems && !input.decisionDate) throw badInput('input.decisionDate', '发现问题的，请填写处理决定日期（公示期限自该日起算）');
  if (input.decisionDate && (!isIsoDate(input.decisionDate) || input.decisionDate < input.visitDate || input.decisionDate > today))
    throw badInput('input.decisionDate', '处理决定日期应在检查日期与今天之间');
  const calendar = await loadCalendar(tem);
  const dueOn = calendar.addWorkingDays(problems ? input.decisionDate! : input.visitDate, ENTRY_WORKING_DAYS);
  return { items: taskItems.map((item) => ({ item, input: seen.get(item.code)! })), dueOn };
}

function writeItems(tem: EntityManager, result: InspectionResult, items: CheckedResult['items']): void {
  for (const { item, input } of items) {
    tem.persist(
      tem.create(ItemResult, {
        result, item, departmentCode: item.department.code, outcome: input.outcome,
        findings: input.findings?.trim() || null, legalBasis: input.legalBasis?.trim() || null, confidential: !!input.confidential,
      }),
    );
  }
}

function resultFields(input: ResultInput) {
  return {
    visitDate: input.visitDate, method: input.method, signedBy: input.signedBy?.trim() || null,
    signatureMissingReason: input.signedBy?.trim() ? null : input.signatureMissingReason?.trim() || null,
    entrustedBody: input.entrustedBody?.trim() || null, decisionDate: input.decisionDate || null, summary: input.summary?.trim() || null,
  };
}

/**
 * 检查: records the visit and one result per item of the task. Until publication the draft may be
 * recorded again (it replaces the previous draft); the inspection becomes CHECKED.
 */
export async function recordResult(em: EntityManager, caller: Caller, id: number, input: ResultInput): Promise<Inspection> {
  return em.transactional(async (tem) => {
    const inspection = await loadInspection(tem, id);
    assertTakesPart(caller, inspection.task.departments, true);
    await openTask(tem, caller, inspection);
    requireInspectionStatus(inspection, [InspectionStatus.ASSIGNED, InspectionStatus.NOTIFIED, InspectionStatus.CHECKED, InspectionStatus.ENTERED], '记录检查结果');
    const checked = await checkResult(tem, inspection, input);
    let result = inspection.currentResultId ? await tem.findOne(InspectionResult, { id: inspection.currentResultId }) : null;
    if (result && result.status !== ResultStatus.PUBLISHED) {
      await tem.nativeDelete(ItemResult, { result });
      Object.assign(result, resultFields(input), { status: ResultStatus.DRAFT, dueOn: checked.dueOn, enteredAt: null, enteredBy: null, enteredLate: false });
    } else {
      result = tem.create(InspectionResult, {
        inspection, version: 1, status: ResultStatus.DRAFT, ...resultFields(input), dueOn: checked.dueOn, createdBy: actorName(caller),
      });
      tem.persist(result);
    }
    writeItems(tem, result, checked.items);
    await tem.flush();
    inspection.currentResultId = result.id;
    inspection.status = InspectionStatus.CHECKED;
    inspection.checkedOn = input.visitDate;
    recordAudit(tem, caller, {
      action: 'RECORD_RESULT', entity: 'Inspection', entityKey: auditKey(inspection),
      after: { visitDate: input.visitDate, items: checked.items.map((x) => [x.item.code, x.input.outcome]) }, detail: { dueOn: checked.dueOn },
    });
    return inspection;
  });
}

async function currentResult(tem: EntityManager, inspection: Inspection): Promise<InspectionResult> {
  const result = inspection.currentResultId ? await tem.findOne(InspectionResult, { id: inspection.currentResultId }) : null;
  if (!result) throw conflict('该户尚未记录检查结果', 'inspection');
  return result;
}

/** 录入: the lead department confirms the result; entry after the deadline is recorded as late. */
export async function enterResult(em: EntityManager, caller: Caller, id: number, today = chinaDate()): Promise<Inspection> {
  return em.transactional(async (tem) => {
    const inspection = await loadInspection(tem, id);
    assertCanWriteDepartment(caller, inspection.task.departments[0]!);
    requireInspectionStatus(inspection, [InspectionStatus.CHECKED], '录入');
    const result = await currentResult(tem, inspection);
    result.status = ResultStatus.ENTERED;
    result.enteredAt = new Date();
    result.enteredBy = actorName(caller);
    result.enteredLate = today > result.dueOn;
    inspection.status = InspectionStatus.ENTERED;
    recordAudit(tem, caller, { action: 'ENTER_RESULT', entity: 'Inspection', entityKey: auditKey(inspection), detail: { dueOn: result.dueOn, late: result.enteredLate } });
    return inspection;
  });
}

/** 公示: the result is published and frozen (the database refuses any later change). */
export async function publishResult(em: EntityManager, caller: Caller, id: number, today = chinaDate()): Promise<Inspection> {
  return em.transactional(async (tem) => {
    const inspection = await loadInspection(tem, id);
    assertCanWriteDepartment(caller, inspection.task.departments[0]!);
    requireInspectionStatus(inspection, [InspectionStatus.ENTERED], '公示');
    const result = await currentResult(tem, inspection);
    result.status = ResultStatus.PUBLISHED;
    result.publishedAt = new Date();
    result.publishedBy = actorName(caller);
    result.publishedLate = today > result.dueOn;
    inspection.status = InspectionStatus.PUBLISHED;
    await tem.flush();
    await reassessSubjects(tem, [inspection.subject.id], 'PUBLISH_RESULT');
    recordAudit(tem, caller, { action: 'PUBLISH_RESULT', entity: 'Inspection', entityKey: auditKey(inspection), detail: { version: result.version, late: result.publishedLate } });
    return inspection;
  });
}

/**
 * 更正 (seed 002 第十九条): a new published version pointing at the one it corrects, with the reason and
 * the signature of a department head of a department taking part; the corrected version stays as it was.
 */
export async function correctResult(em: EntityManager, caller: Caller, id: number, input: ResultInput, reason: string): Promise<Inspection> {
  if (!reason?.trim()) throw badInput('reason', '更正须说明理由');
  return em.transactional(async (tem) => {
    const inspection = await loadInspection(tem, id);
    if (!(caller.kind === 'user' && caller.role === Role.DEPT_HEAD && caller.departmentCode && inspection.task.departments.includes(caller.departmentCode)))
      throw forbidden('更正已公示的检查结果须由参加部门的负责人签批');
    requireInspectionStatus(inspection, [InspectionStatus.PUBLISHED], '更正');
    const previous = await currentResult(tem, inspection);
    const checked = await checkResult(tem, inspection, input);
    const previousItems = await tem.find(ItemResult, { result: previous }, { populate: ['item'] });
    const same = (a: string | null | undefined, b: string | null | undefined) => (a?.trim() || null) === (b?.trim() || null);
    const sameItem = (item: CheckItem, r: ItemResultInput) => {
      const old = previousItems.find((b) => b.item.id === item.id);
      return !!old && old.outcome === r.outcome && same(old.findings, r.findings) && same(old.legalBasis, r.legalBasis) ? old : null;
    };
    // The lead department's head may correct every item; another head only its own department's items.
    if (caller.departmentCode !== inspection.task.departments[0]) {
      const foreign = checked.items.filter(({ item, input: r }) => item.department.code !== caller.departmentCode && !sameItem(item, r));
      if (foreign.length) throw forbidden(`只能更正本部门事项的结果；${foreign.map((x) => x.item.code).join('、')} 属于其他部门，须由牵头部门负责人签批`);
    }
    const unchanged =
      previous.visitDate === input.visitDate && previous.method === input.method && same(previous.signedBy, input.signedBy) &&
      same(previous.entrustedBody, input.entrustedBody) && same(previous.decisionDate, input.decisionDate) && same(previous.summary, input.summary) &&
      checked.items.every(({ item, input: r }) => sameItem(item, r)?.confidential === !!r.confidential);
    if (unchanged) throw badInput('input', '更正内容与现行公示版本完全相同，无需更正');
    const now = new Date();
    const result = tem.create(InspectionResult, {
      inspection, version: previous.version + 1, supersedes: previous.id, status: ResultStatus.DRAFT, ...resultFields(input),
      dueOn: previous.dueOn, enteredAt: now, enteredBy: actorName(caller), correctionReason: reason.trim(), correctionSignedBy: actorName(caller), createdBy: actorName(caller),
    });
    tem.persist(result);
    writeItems(tem, result, checked.items);
    await tem.flush();
    result.status = ResultStatus.PUBLISHED;
    result.publishedAt = now;
    result.publishedBy = actorName(caller);
    inspection.currentResultId = result.id;
    inspection.checkedOn = input.visitDate;
    await tem.flush();
    await reassessSubjects(tem, [inspection.subject.id], 'CORRECT_RESULT');
    recordAudit(tem, caller, {
      action: 'CORRECT_RESULT', entity: 'Inspection', entityKey: auditKey(inspection),
      detail: { version: result.version, supersedes: previous.version, reason: result.correctionReason },
    });
    return inspection;
  });
}

/** Every version of an inspection's result, oldest first, with their item results. */
export async function resultsOf(em: EntityManager, inspectionId: number): Promise<{ result: InspectionResult; items: ItemResult[] }[]> {
  const results = await em.find(InspectionResult, { inspection: inspectionId }, { orderBy: { version: 'asc' } });
  const items = results.length ? await em.find(ItemResult, { result: { $in: results } }, { populate: ['item'], orderBy: { id: 'asc' } }) : [];
  return results.map((result) => ({ result, items: items.filter((i) => i.result.id === result.id) }));
}
