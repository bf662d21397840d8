/**
 * The inspection lifecycle after the draw: notice (告知) → the visit and its result on the 随机抽查检查表
 * (one item result for every item of the task, 进一次门、查多项事) → entry → publication within 20
 * working days → corrections signed by a department head (a new version; published versions are frozen
 * by database triggers).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Pool, PoolClient } from 'pg';
import { recordAudit, recordAuditSqlMany } from '../audit/audit.service.js';
import { actorName, assertCanWriteDepartment, type Caller } from '../auth/caller.js';
import { Role } from '../auth/user.entity.js';
import { loadCalendar, loadCalendarSql, type WorkingDayCalendar } from '../calendar/calendar.service.js';
import { chinaDate, isIsoDate } from '../common/dates.js';
import { badInput, conflict, forbidden, notFound } from '../common/errors.js';
import { withTransaction } from '../common/tx.js';
import { CheckItem, CheckMethod } from '../items/check-item.entity.js';
import { TaskStatus } from '../tasks/task.entity.js';
import { reassessSubjects, reassessSubjectsSql } from '../risk/risk.service.js';
import { lockTask, lockTasksSql } from '../tasks/task.service.js';
import { Inspection, InspectionMember, InspectionStatus, NoticeMethod } from './inspection.entity.js';
import { InspectionResult, ItemResult, Outcome, PROBLEM_OUTCOMES, ResultStatus } from './result.entity.js';
import { now } from '../common/clock.js';

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

function requireInspectionStatus(inspection: { status: InspectionStatus }, allowed: InspectionStatus[], action: string): void {
  if (!allowed.includes(inspection.status))
    throw conflict(`该户检查当前为"${SIMPLE_STATUS_LABEL[inspection.status]}"，不能${action}`, 'inspection');
}

/** Locks the task (NOWAIT) and moves it from DRAWN to IN_PROGRESS at the first step of any inspection. */
async function openTask(tem: EntityManager, caller: Caller, inspection: Inspection): Promise<void> {
  const task = await lockTask(tem, inspection.task.code);
  if (task.status === TaskStatus.DRAWN) {
    task.status = TaskStatus.IN_PROGRESS;
    task.startedAt = now();
    recordAudit(tem, caller, { action: 'START', entity: 'Task', entityKey: task.code, before: { status: 'DRAWN' }, after: { status: 'IN_PROGRESS' }, detail: { by: 'first inspection step' } });
  } else if (task.status !== TaskStatus.IN_PROGRESS) {
    throw conflict(`任务 ${task.code} 不在检查阶段`, 'inspection');
  }
}

const auditKey = (i: Inspection) => `${i.task.code}/${i.subject.key}`;

/** 告知: when and how the subject was told (or that the team showed its certificates on arrival). */
export async function notifyInspection(em: EntityManager, caller: Caller, id: number, input: { at: Date; method: NoticeMethod; note?: string | null }): Promise<Inspection> {
  if (!(input.at instanceof Date) || Number.isNaN(input.at.getTime()) || input.at.getTime() > now().getTime() + 60_000) throw badInput('at', '告知时间无效或晚于当前时间');
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

/** An item of the task as the rules need it (a CheckItem entity, or a row of the batch services). */
interface TaskItemRef {
  id: number;
  code: string;
  department: { code: string };
}

interface CheckedResult<I extends TaskItemRef = CheckItem> {
  items: { item: I; input: ItemResultInput }[];
  dueOn: string;
}

/** What the rules of a result read besides the input: the task, its team, its items and the calendar. */
interface ResultContext<I extends TaskItemRef> {
  task: { windowFrom: string };
  /** Active team members' certificate validity. */
  members: { certificateValidFrom?: string | null; certificateValidTo?: string | null }[];
  taskItems: I[];
  calendar: WorkingDayCalendar;
  today: string;
}

/**
 * Every rule a result must meet before it is stored (pure: the single and the batch services share it);
 * returns the item versions and the deadline. `field` prefixes the offending input's path.
 */
function checkResultRules<I extends TaskItemRef>(ctx: ResultContext<I>, input: ResultInput, field = 'input'): CheckedResult<I> {
  const { task, today } = ctx;
  if (!isIsoDate(input.visitDate) || input.visitDate > today) throw badInput(`${field}.visitDate`, `检查日期"${input.visitDate}"无效或晚于今天`);
  if (input.visitDate < task.windowFrom) throw badInput(`${field}.visitDate`, `检查日期早于任务开始日期 ${task.windowFrom}`);
  if (!Object.values(CheckMethod).includes(input.method)) throw badInput(`${field}.method`, '检查方式应为实地核查、书面检查或网络监测');
  if (!input.signedBy?.trim() && !input.signatureMissingReason?.trim())
    throw badInput(`${field}.signedBy`, '请填写检查对象签字人，或说明未签字的原因');
  // Rule 6: at least two certified inspectors, their certificates valid on the day of the visit.
  const valid = ctx.members.filter(({ certificateValidFrom: from, certificateValidTo: to }) => (!from || from <= input.visitDate) && !!to && to >= input.visitDate);
  if (valid.length < 2) throw badInput(`${field}.visitDate`, `检查当日执法证有效的检查人员只有 ${valid.length} 名，至少需要 2 名（规则 6）`);

  const taskItems = ctx.taskItems;
  const seen = new Map<string, ItemResultInput>();
  for (const [i, r] of input.items.entries()) {
    const item = taskItems.find((x) => x.code === r.item);
    if (!item) throw badInput(`${field}.items[${i}].item`, `事项"${r.item}"不是本任务的抽查事项（清单之外不得检查，规则 1）`);
    if (seen.has(r.item)) throw badInput(`${field}.items[${i}].item`, `事项"${r.item}"的结果重复`);
    if (!Object.values(Outcome).includes(r.outcome)) throw badInput(`${field}.items[${i}].outcome`, `事项"${r.item}"的检查结果无效`);
    if (PROBLEM_OUTCOMES.includes(r.outcome) && !r.findings?.trim())
      throw badInput(`${field}.items[${i}].findings`, `事项"${r.item}"发现问题或不配合检查，须写明检查情况`);
    seen.set(r.item, r);
  }
  const missing = taskItems.filter((x) => !seen.has(x.code));
  if (missing.length)
    throw badInput(`${field}.items`, `进一次门、查多项事：还缺 ${missing.map((x) => `${x.code}（${x.department.code}）`).join('、')} 的检查结果（规则 4）`);
  const problems = [...seen.values()].some((r) => PROBLEM_OUTCOMES.includes(r.outcome));
  if (problems && !input.decisionDate) throw badInput(`${field}.decisionDate`, '发现问题的，请填写处理决定日期（公示期限自该日起算）');
  if (input.decisionDate && (!isIsoDate(input.decisionDate) || input.decisionDate < input.visitDate || input.decisionDate > today))
    throw badInput(`${field}.decisionDate`, '处理决定日期应在检查日期与今天之间');
  const dueOn = ctx.calendar.addWorkingDays(problems ? input.decisionDate! : input.visitDate, ENTRY_WORKING_DAYS);
  return { items: taskItems.map((item) => ({ item, input: seen.get(item.code)! })), dueOn };
}

/** Every rule a result must meet before it is stored; returns the item versions and the deadline. */
async function checkResult(tem: EntityManager, inspection: Inspection, input: ResultInput): Promise<CheckedResult> {
  const members = await tem.find(InspectionMember, { inspection, active: true }, { populate: ['inspector'] });
  const taskItems = await tem.find(CheckItem, { id: { $in: inspection.task.itemIds } }, { populate: ['department'] });
  return checkResultRules({ task: inspection.task, members: members.map((m) => m.inspector), taskItems, calendar: await loadCalendar(tem), today: chinaDate() }, input);
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
    result.enteredAt = now();
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
    result.publishedAt = now();
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
    const at = now();
    const result = tem.create(InspectionResult, {
      inspection, version: previous.version + 1, supersedes: previous.id, status: ResultStatus.DRAFT, ...resultFields(input),
      dueOn: previous.dueOn, enteredAt: at, enteredBy: actorName(caller), correctionReason: reason.trim(), correctionSignedBy: actorName(caller), createdBy: actorName(caller),
    });
    tem.persist(result);
    writeItems(tem, result, checked.items);
    await tem.flush();
    result.status = ResultStatus.PUBLISHED;
    result.publishedAt = at;
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

// ---------------------------------------------------------------------------------------------------
// Set-based batch variants: the same rules as the single services above, for many inspections in one
// transaction with a handful of statements (a department uploading a week's checklists, entering and
// publishing them together; the demo county's simulated history). All or nothing: one inspection that
// breaks a rule refuses the whole batch, naming it.

/** An inspection with what the rules need, read and locked for a batch. */
interface BatchInspection {
  id: number;
  status: InspectionStatus;
  currentResultId: number | null;
  subjectId: number;
  subjectKey: string;
  taskId: number;
  taskCode: string;
  departments: string[];
  itemIds: number[];
  windowFrom: string;
}

async function lockInspections(client: PoolClient, ids: number[]): Promise<Map<number, BatchInspection>> {
  const unique = [...new Set(ids)];
  const r = await client.query<BatchInspection>(
    `select i.id::int as id, i.status, i.current_result_id::int as "currentResultId", i.subject_id::int as "subjectId", s.key as "subjectKey",
            t.id as "taskId", t.code as "taskCode", t.departments, t.item_ids as "itemIds", t.window_from as "windowFrom"
       from inspection i join task t on t.id = i.task_id join subject s on s.id = i.subject_id
      where i.id = any($1::bigint[]) order by i.id for update of i`,
    [unique],
  );
  const byId = new Map(r.rows.map((x) => [x.id, x]));
  const missing = unique.find((id) => !byId.has(id));
  if (missing !== undefined) throw notFound('检查', String(missing), 'inspection');
  return byId;
}

const batchKey = (i: BatchInspection) => `${i.taskCode}/${i.subjectKey}`;

/** Moves the batch's DRAWN tasks to IN_PROGRESS (locked NOWAIT, as `openTask`); others must be in progress. */
async function openTasksSql(client: PoolClient, caller: Caller, inspections: BatchInspection[]): Promise<void> {
  const tasks = await lockTasksSql(client, [...new Set(inspections.map((i) => i.taskCode))]);
  const stuck = tasks.find((t) => t.status !== TaskStatus.DRAWN && t.status !== TaskStatus.IN_PROGRESS);
  if (stuck) throw conflict(`任务 ${stuck.code} 不在检查阶段`, 'inspection');
  const drawn = tasks.filter((t) => t.status === TaskStatus.DRAWN);
  if (!drawn.length) return;
  const at = now();
  await client.query(`update task set status = 'IN_PROGRESS', started_at = $2, updated_at = $2 where id = any($1::int[])`, [drawn.map((t) => t.id), at]);
  await recordAuditSqlMany(client, caller, drawn.map((t) => ({ action: 'START', entity: 'Task', entityKey: t.code, before: { status: 'DRAWN' }, after: { status: 'IN_PROGRESS' }, detail: { by: 'first inspection step' } })));
}

/** 告知 for many inspections at once (see `notifyInspection`). */
export async function notifyInspections(pool: Pool, caller: Caller, entries: { id: number; at: Date; method: NoticeMethod; note?: string | null }[]): Promise<number> {
  if (!entries.length) return 0;
  const limit = now().getTime() + 60_000;
  for (const [n, e] of entries.entries()) {
    if (!(e.at instanceof Date) || Number.isNaN(e.at.getTime()) || e.at.getTime() > limit) throw badInput(`entries[${n}].at`, '告知时间无效或晚于当前时间');
    if (!Object.values(NoticeMethod).includes(e.method)) throw badInput(`entries[${n}].method`, '告知方式无效');
  }
  return withTransaction(pool, async (client) => {
    const found = await lockInspections(client, entries.map((e) => e.id));
    const rows = entries.map((e) => found.get(e.id)!);
    for (const i of rows) assertTakesPart(caller, i.departments, true);
    await openTasksSql(client, caller, rows);
    for (const i of rows) requireInspectionStatus(i, [InspectionStatus.ASSIGNED, InspectionStatus.NOTIFIED], `登记告知（${batchKey(i)}）`);
    await client.query(
      `update inspection i set status = 'NOTIFIED', notified_at = x.at, notice_method = x.method, notice_note = x.note, updated_at = $5
         from unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[]) as x(id, at, method, note) where i.id = x.id`,
      [entries.map((e) => e.id), entries.map((e) => e.at), entries.map((e) => e.method), entries.map((e) => e.note?.trim() || null), now()],
    );
    await recordAuditSqlMany(client, caller, entries.map((e, n) => ({ action: 'NOTIFY', entity: 'Inspection', entityKey: batchKey(rows[n]!), after: { method: e.method, at: e.at } })));
    return entries.length;
  });
}

/** 检查 for many inspections at once (see `recordResult`): every result checked by the same rules. */
export async function recordResults(pool: Pool, caller: Caller, entries: { id: number; input: ResultInput }[]): Promise<number> {
  if (!entries.length) return 0;
  if (new Set(entries.map((e) => e.id)).size !== entries.length) throw badInput('entries', '同一户检查在一批中只能出现一次');
  return withTransaction(pool, async (client) => {
    const found = await lockInspections(client, entries.map((e) => e.id));
    const rows = entries.map((e) => found.get(e.id)!);
    for (const i of rows) assertTakesPart(caller, i.departments, true);
    await openTasksSql(client, caller, rows);
    const allowed = [InspectionStatus.ASSIGNED, InspectionStatus.NOTIFIED, InspectionStatus.CHECKED, InspectionStatus.ENTERED];
    for (const i of rows) requireInspectionStatus(i, allowed, `记录检查结果（${batchKey(i)}）`);
    const members = await client.query<{ inspection: number; certificateValidFrom: string | null; certificateValidTo: string | null }>(
      `select m.inspection_id::int as inspection, p.certificate_valid_from as "certificateValidFrom", p.certificate_valid_to as "certificateValidTo"
         from inspection_member m join inspector p on p.id = m.inspector_id where m.inspection_id = any($1::bigint[]) and m.active`,
      [rows.map((i) => i.id)],
    );
    const items = await client.query<{ id: number; code: string; department: string }>(
      `select ci.id, ci.code, d.code as department from check_item ci join department d on d.id = ci.department_id where ci.id = any($1::int[]) order by ci.id`,
      [[...new Set(rows.flatMap((i) => i.itemIds))]],
    );
    const itemRefs = new Map(items.rows.map((r) => [r.id, { id: r.id, code: r.code, department: { code: r.department } }]));
    const calendar = await loadCalendarSql(client);
    const today = chinaDate();
    const checked = entries.map((e, n) => {
      const i = rows[n]!;
      return checkResultRules(
        { task: i, members: members.rows.filter((m) => m.inspection === i.id), taskItems: i.itemIds.map((id) => itemRefs.get(id)!), calendar, today },
        e.input, `entries[${n}].input`,
      );
    });
    // Drafts recorded again are replaced (as in `recordResult`); published versions never reach here.
    const drafts = rows.filter((i) => i.currentResultId !== null).map((i) => i.currentResultId!);
    if (drafts.length) await client.query('delete from item_result where result_id = any($1::bigint[])', [drafts]);
    const at = now();
    const actor = actorName(caller);
    const fields = entries.map((e) => resultFields(e.input));
    const col = <K extends keyof ReturnType<typeof resultFields>>(k: K) => fields.map((f) => f[k]);
    if (drafts.length) {
      await client.query(
        `update inspection_result r set status = 'DRAFT', visit_date = x.visit_date, method = x.method, signed_by = x.signed_by,
                signature_missing_reason = x.reason, entrusted_body = x.entrusted, decision_date = x.decision, summary = x.summary, due_on = x.due,
                entered_at = null, entered_by = null, entered_late = false
           from unnest($1::bigint[], $2::date[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::text[], $9::date[])
                as x(id, visit_date, method, signed_by, reason, entrusted, decision, summary, due)
          where r.id = x.id`,
        (() => {
          const k = rows.map((i, n) => (i.currentResultId !== null ? n : -1)).filter((n) => n >= 0);
          const pick = <T>(a: T[]) => k.map((n) => a[n]);
          return [pick(rows.map((i) => i.currentResultId)), pick(col('visitDate')), pick(col('method')), pick(col('signedBy')), pick(col('signatureMissingReason')),
            pick(col('entrustedBody')), pick(col('decisionDate')), pick(col('summary')), pick(checked.map((c) => c.dueOn))];
        })(),
      );
    }
    const fresh = rows.map((i, n) => (i.currentResultId === null ? n : -1)).filter((n) => n >= 0);
    const resultIds = new Map<number, number>(rows.filter((i) => i.currentResultId !== null).map((i) => [i.id, i.currentResultId!]));
    if (fresh.length) {
      const pick = <T>(a: T[]) => fresh.map((n) => a[n]);
      const inserted = await client.query<{ id: number; inspection: number }>(
        `insert into inspection_result (inspection_id, version, status, visit_date, method, signed_by, signature_missing_reason, entrusted_body,
                                        decision_date, summary, due_on, created_by, created_at)
         select x.inspection, 1, 'DRAFT', x.visit_date, x.method, x.signed_by, x.reason, x.entrusted, x.decision, x.summary, x.due, $10, $11
           from unnest($1::bigint[], $2::date[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::text[], $9::date[])
                with ordinality as x(inspection, visit_date, method, signed_by, reason, entrusted, decision, summary, due, n)
          order by x.n
         returning id::int as id, inspection_id::int as inspection`,
        [pick(rows.map((i) => i.id)), pick(col('visitDate')), pick(col('method')), pick(col('signedBy')), pick(col('signatureMissingReason')),
          pick(col('entrustedBody')), pick(col('decisionDate')), pick(col('summary')), pick(checked.map((c) => c.dueOn)), actor, at],
      );
      for (const r of inserted.rows) resultIds.set(r.inspection, r.id);
    }
    const itemRows = checked.flatMap((c, n) => c.items.map(({ item, input }) => ({ result: resultIds.get(rows[n]!.id)!, item, input })));
    await client.query(
      `insert into item_result (result_id, item_id, department_code, outcome, findings, legal_basis, confidential)
       select * from unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[])`,
      [itemRows.map((r) => r.result), itemRows.map((r) => r.item.id), itemRows.map((r) => r.item.department.code), itemRows.map((r) => r.input.outcome),
        itemRows.map((r) => r.input.findings?.trim() || null), itemRows.map((r) => r.input.legalBasis?.trim() || null), itemRows.map((r) => !!r.input.confidential)],
    );
    await client.query(
      `update inspection i set current_result_id = x.result, status = 'CHECKED', checked_on = x.visit_date, updated_at = $4
         from unnest($1::bigint[], $2::bigint[], $3::date[]) as x(id, result, visit_date) where i.id = x.id`,
      [rows.map((i) => i.id), rows.map((i) => resultIds.get(i.id)!), col('visitDate'), at],
    );
    await recordAuditSqlMany(client, caller, entries.map((e, n) => ({
      action: 'RECORD_RESULT', entity: 'Inspection', entityKey: batchKey(rows[n]!),
      after: { visitDate: e.input.visitDate, items: checked[n]!.items.map((x) => [x.item.code, x.input.outcome]) }, detail: { dueOn: checked[n]!.dueOn },
    })));
    return entries.length;
  });
}

/** The current results of a batch, each required to exist. */
async function currentResultsSql(client: PoolClient, rows: BatchInspection[]): Promise<Map<number, { id: number; dueOn: string; version: number }>> {
  const without = rows.find((i) => i.currentResultId === null);
  if (without) throw conflict(`${batchKey(without)}：该户尚未记录检查结果`, 'inspection');
  const r = await client.query<{ id: number; dueOn: string; version: number }>(
    'select id::int as id, due_on as "dueOn", version from inspection_result where id = any($1::bigint[])',
    [rows.map((i) => i.currentResultId)],
  );
  return new Map(r.rows.map((x) => [x.id, x]));
}

/** 录入 for many inspections at once (see `enterResult`); each entry after its deadline is recorded as late. */
export async function enterResults(pool: Pool, caller: Caller, ids: number[]): Promise<number> {
  if (!ids.length) return 0;
  return withTransaction(pool, async (client) => {
    const found = await lockInspections(client, ids);
    const rows = [...new Set(ids)].map((id) => found.get(id)!);
    for (const i of rows) assertCanWriteDepartment(caller, i.departments[0]!);
    for (const i of rows) requireInspectionStatus(i, [InspectionStatus.CHECKED], `录入（${batchKey(i)}）`);
    const results = await currentResultsSql(client, rows);
    const today = chinaDate();
    const at = now();
    await client.query(
      `update inspection_result set status = 'ENTERED', entered_at = $2, entered_by = $3, entered_late = $4::date > due_on where id = any($1::bigint[])`,
      [rows.map((i) => i.currentResultId), at, actorName(caller), today],
    );
    await client.query(`update inspection set status = 'ENTERED', updated_at = $2 where id = any($1::bigint[])`, [rows.map((i) => i.id), at]);
    await recordAuditSqlMany(client, caller, rows.map((i) => {
      const r = results.get(i.currentResultId!)!;
      return { action: 'ENTER_RESULT', entity: 'Inspection', entityKey: batchKey(i), detail: { dueOn: r.dueOn, late: today > r.dueOn } };
    }));
    return rows.length;
  });
}

/** 公示 for many inspections at once (see `publishResult`): frozen from then on; their subjects reassessed. */
export async function publishResults(pool: Pool, caller: Caller, ids: number[]): Promise<number> {
  if (!ids.length) return 0;
  return withTransaction(pool, async (client) => {
    const found = await lockInspections(client, ids);
    const rows = [...new Set(ids)].map((id) => found.get(id)!);
    for (const i of rows) assertCanWriteDepartment(caller, i.departments[0]!);
    for (const i of rows) requireInspectionStatus(i, [InspectionStatus.ENTERED], `公示（${batchKey(i)}）`);
    const results = await currentResultsSql(client, rows);
    const today = chinaDate();
    const at = now();
    await client.query(
      `update inspection_result set status = 'PUBLISHED', published_at = $2, published_by = $3, published_late = $4::date > due_on where id = any($1::bigint[])`,
      [rows.map((i) => i.currentResultId), at, actorName(caller), today],
    );
    await client.query(`update inspection set status = 'PUBLISHED', updated_at = $2 where id = any($1::bigint[])`, [rows.map((i) => i.id), at]);
    await reassessSubjectsSql(client, rows.map((i) => i.subjectId), 'PUBLISH_RESULT');
    await recordAuditSqlMany(client, caller, rows.map((i) => {
      const r = results.get(i.currentResultId!)!;
      return { action: 'PUBLISH_RESULT', entity: 'Inspection', entityKey: batchKey(i), detail: { version: r.version, late: today > r.dueOn } };
    }));
    return rows.length;
  });
}
