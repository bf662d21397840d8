/**
 * Tasks (抽查任务): creation from a plan task or ad hoc (SPECIAL), participants' confirmations, the
 * commitments, and every status transition CREATED → FROZEN → DRAWN → IN_PROGRESS → COMPLETED → CLOSED
 * (or CANCELLED before the draw). Each transition locks the task row with NOWAIT: of two simultaneous
 * attempts exactly one proceeds, the other gets CONFLICT. Freeze and draw are in draw.service.ts.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Pool, PoolClient } from 'pg';
import { recordAudit, recordAuditSqlMany } from '../audit/audit.service.js';
import { actingDepartment, actorName, assertCanWriteDepartment, type Caller } from '../auth/caller.js';
import { Role } from '../auth/user.entity.js';
import type { AppConfig } from '../config/config.js';
import { isIsoDate } from '../common/dates.js';
import { badInput, conflict, notFound } from '../common/errors.js';
import { withTransaction } from '../common/tx.js';
import { Department } from '../departments/department.entity.js';
import { Subject } from '../directory/subject.entity.js';
import { Inspection, InspectionStatus } from '../inspections/inspection.entity.js';
import { CheckItem } from '../items/check-item.entity.js';
import { Plan, PlanStatus, PlanTask } from '../plans/plan.entity.js';
import { checkTask } from '../plans/plan.service.js';
import { DrawOutcome, ParticipantStatus, Task, TaskDraw, TaskKind, TaskParticipant, TaskStatus, type TeamSize } from './task.entity.js';
import type { TaskInput, TaskOptionsInput } from './task.types.js';
import { now } from '../common/clock.js';

const COMMITMENT = /^[0-9a-f]{64}$/;

export const STATUS_LABEL: Record<TaskStatus, string> = {
  CREATED: '已创建',
  FROZEN: '已冻结',
  DRAWN: '已抽取',
  IN_PROGRESS: '检查中',
  COMPLETED: '已完成',
  CLOSED: '已办结',
  CANCELLED: '已取消',
};

/** Team sizes: every participating department once, lead first, each ≥ 1, at least 2 in total (rule 6). */
export function checkTeamSizes(departments: string[], given: TeamSize[] | undefined, field = 'input.teamSizes'): TeamSize[] {
  const sizes = departments.map((code, i) => {
    const g = given?.find((s) => s.department.toUpperCase() === code);
    return { department: code, inspectors: g?.inspectors ?? (i === 0 ? 2 : 1) };
  });
  for (const g of given ?? []) {
    if (!departments.includes(g.department.toUpperCase())) throw badInput(field, `部门 ${g.department} 没有参加本任务，不能为其设定检查人数`);
  }
  for (const s of sizes) {
    if (!Number.isInteger(s.inspectors) || s.inspectors < 1 || s.inspectors > 10)
      throw badInput(field, `部门 ${s.department} 每户派出的检查人员应为 1–10 名`);
  }
  if (sizes.reduce((a, s) => a + s.inspectors, 0) < 2) throw badInput(field, '每户检查至少需要 2 名执法人员（规则 6）');
  return sizes;
}

function checkOptions(o: TaskOptionsInput, field: string): void {
  if (o.maxPerInspector != null && (!Number.isInteger(o.maxPerInspector) || o.maxPerInspector < 1))
    throw badInput(`${field}.maxPerInspector`, '每名检查人员最多承担的户数应为正整数');
  if (o.recognitionDays != null && (!Number.isInteger(o.recognitionDays) || o.recognitionDays < 0 || o.recognitionDays > 1095))
    throw badInput(`${field}.recognitionDays`, '互认期应为 0–1095 天（0 表示不按互认排除）');
  if (o.controlShare != null && o.controlShare !== '' && (!/^0(\.\d{1,6})?$/.test(o.controlShare) || Number(o.controlShare) > 0.2))
    throw badInput(`${field}.controlShare`, '对照组比例应为 0–0.2 之间的小数，如 "0.005"');
  if (o.yearlyCap != null && (!Number.isInteger(o.yearlyCap) || o.yearlyCap < 0 || o.yearlyCap > 50))
    throw badInput(`${field}.yearlyCap`, '每户每年随机抽查次数上限应为 0–50（0 表示不限）');
}

async function nextSeq(em: EntityManager, year: number): Promise<number> {
  // Serialises task numbering per year without a sequence table.
  await em.getConnection().execute('select pg_advisory_xact_lock(7301, ?)', [year], 'all', em.getTransactionContext());
  const rows = await em.getConnection().execute<{ n: number }[]>('select coalesce(max(seq), 0) + 1 as n from task where year = ?', [year], 'all', em.getTransactionContext());
  return Number(rows[0]!.n);
}

interface NewTask {
  name: string;
  kind: TaskKind;
  planTask: PlanTask | null;
  items: CheckItem[];
  departments: string[];
  scope: Pick<Task, 'scopeLibraries' | 'scopeRegions' | 'scopeIndustries' | 'scopeKinds' | 'scopeGrades' | 'scopeSubjects'>;
  quotaRule: Task['quotaRule'];
  windowFrom: string;
  windowTo: string;
  options: TaskOptionsInput;
  reason: string | null;
}

/** Numbers of the year's next tasks: the first from the database (serialised per year), the rest counted on. */
type SeqAllocator = (year: number) => Promise<number>;

function seqAllocator(tem: EntityManager): SeqAllocator {
  const next = new Map<number, number>();
  return async (year) => {
    const seq = next.get(year) ?? (await nextSeq(tem, year));
    next.set(year, seq + 1);
    return seq;
  };
}

/** What a batch has read once for all its tasks (plan tasks, their items, the departments). */
interface Preloaded {
  items: Map<number, CheckItem>;
  departments: Map<string, Department>;
}

async function insertTask(tem: EntityManager, caller: Caller, config: AppConfig, t: NewTask, seqOf: SeqAllocator = (y) => nextSeq(tem, y), preloaded?: Preloaded): Promise<Task> {
  const year = Number(t.windowFrom.slice(0, 4));
  const seq = await seqOf(year);
  const special = t.kind === TaskKind.SPECIAL;
  const task = tem.create(Task, {
    code: `${year}-${config.jurisdictionCode}-${String(seq).padStart(4, '0')}`,
    year, seq, name: t.name, kind: t.kind, joint: t.departments.length > 1, planTask: t.planTask,
    itemIds: t.items.map((i) => i.id), itemCodes: [...new Set(t.items.map((i) => i.code))], departments: t.departments,
    ...t.scope, quotaRule: t.quotaRule, windowFrom: t.windowFrom, windowTo: t.windowTo,
    teamSizes: checkTeamSizes(t.departments, t.options.teamSizes ?? undefined, 'options.teamSizes'),
    maxPerInspector: t.options.maxPerInspector ?? null,
    recognitionDays: t.options.recognitionDays ?? (special ? 0 : config.recognitionDays),
    yearlyCap: t.options.yearlyCap ?? (special ? 0 : config.yearlyCap),
    publicInputExpected: t.options.publicInputExpected ?? false,
    controlShare: t.options.controlShare && Number(t.options.controlShare) > 0 ? t.options.controlShare : null,
    reason: t.reason, status: TaskStatus.CREATED, attempt: 0, createdBy: actorName(caller),
  });
  tem.persist(task);
  const departments = preloaded ? t.departments.map((c) => preloaded.departments.get(c)!).filter(Boolean) : await tem.find(Department, { code: { $in: t.departments } });
  for (const [i, code] of t.departments.entries()) {
    const lead = i === 0;
    tem.persist(
      tem.create(TaskParticipant, {
        task, department: departments.find((d) => d.code === code)!, lead,
        status: lead ? ParticipantStatus.CONFIRMED : ParticipantStatus.PENDING,
        decidedBy: lead ? actorName(caller) : null, decidedAt: lead ? now() : null,
      }),
    );
  }
  recordAudit(tem, caller, {
    action: 'CREATE', entity: 'Task', entityKey: task.code,
    after: { kind: task.kind, departments: task.departments, items: t.items.map((i) => `${i.code}@${i.version}`), window: [task.windowFrom, task.windowTo], planTask: t.planTask?.id ?? null },
  });
  return task;
}

/** A task from a task of a filed or published plan; the window and team options may be narrowed. */
export async function createTaskFromPlan(em: EntityManager, caller: Caller, config: AppConfig, planTaskId: number, options: TaskOptionsInput = {}, window: { from?: string | null; to?: string | null } = {}): Promise<Task> {
  checkOptions(options, 'options');
  return em.transactional((tem) => taskFromPlan(tem, caller, config, planTaskId, options, window));
}

/** `createTaskFromPlan` for several plan tasks in one transaction (all or none), numbered in order. */
export async function createTasksFromPlan(
  em: EntityManager,
  caller: Caller,
  config: AppConfig,
  requests: { planTask: number; options?: TaskOptionsInput; window?: { from?: string | null; to?: string | null } }[],
): Promise<Task[]> {
  requests.forEach((r, n) => checkOptions(r.options ?? {}, `requests[${n}].options`));
  return em.transactional(async (tem) => {
    const seqOf = seqAllocator(tem);
    // Read once for the batch: the plan tasks with their plans (then found by id in the identity map), items, departments.
    const planTasks = await tem.find(PlanTask, { id: { $in: requests.map((r) => r.planTask) } }, { populate: ['plan'] });
    const items = await tem.find(CheckItem, { id: { $in: [...new Set(planTasks.flatMap((pt) => pt.itemIds))] } });
    const departments = await tem.find(Department, { code: { $in: [...new Set(planTasks.flatMap((pt) => pt.departments))] } });
    const preloaded: Preloaded = { items: new Map(items.map((i) => [i.id, i])), departments: new Map(departments.map((d) => [d.code, d])) };
    const tasks: Task[] = [];
    for (const r of requests) tasks.push(await taskFromPlan(tem, caller, config, r.planTask, r.options ?? {}, r.window ?? {}, seqOf, preloaded));
    return tasks;
  });
}

async function taskFromPlan(tem: EntityManager, caller: Caller, config: AppConfig, planTaskId: number, options: TaskOptionsInput, window: { from?: string | null; to?: string | null }, seqOf?: SeqAllocator, preloaded?: Preloaded): Promise<Task> {
  const pt = await tem.findOne(PlanTask, { id: planTaskId }, { populate: ['plan'] });
  if (!pt) throw notFound('计划任务', String(planTaskId), 'planTask');
  const plan = pt.plan as Plan;
  if (!plan.current || plan.status === PlanStatus.DRAFT)
    throw badInput('planTask', '只能从已备案或已公示的现行计划创建任务');
  assertCanWriteDepartment(caller, pt.departments[0]!);
  const windowFrom = window.from ?? pt.windowFrom;
  const windowTo = window.to ?? pt.windowTo;
  if (!isIsoDate(windowFrom) || !isIsoDate(windowTo) || windowFrom < pt.windowFrom || windowTo > pt.windowTo || windowFrom > windowTo)
    throw badInput('windowFrom', `任务时间应在计划时间 ${pt.windowFrom} 至 ${pt.windowTo} 之内，且开始不晚于结束`);
  const items = preloaded
    ? pt.itemIds.map((id) => preloaded.items.get(id)).filter((i): i is CheckItem => !!i).sort((a, b) => a.id - b.id)
    : await tem.find(CheckItem, { id: { $in: pt.itemIds } }, { orderBy: { id: 'asc' } });
  return insertTask(tem, caller, config, {
    name: pt.name, kind: TaskKind.ROUTINE, planTask: pt, items, departments: pt.departments,
    scope: { scopeLibraries: pt.scopeLibraries, scopeRegions: pt.scopeRegions, scopeIndustries: pt.scopeIndustries, scopeKinds: pt.scopeKinds, scopeGrades: pt.scopeGrades, scopeSubjects: [] },
    quotaRule: pt.quotaRule, windowFrom, windowTo, options, reason: null,
  }, seqOf, preloaded);
}

/**
 * An ad hoc SPECIAL task (专项抽查), e.g. on complaint leads: its own items, scope (optionally explicit
 * subjects) and quotas. Mutual recognition and the yearly cap are off unless set.
 */
export async function createSpecialTask(em: EntityManager, caller: Caller, config: AppConfig, input: TaskInput, options: TaskOptionsInput = {}): Promise<Task> {
  checkOptions(options, 'options');
  if (!input.reason?.trim()) throw badInput('input.reason', '专项任务须说明启动原因（如投诉举报线索编号）');
  const year = Number(input.windowFrom?.slice(0, 4));
  assertCanWriteDepartment(caller, input.lead.toUpperCase());
  return em.transactional(async (tem) => {
    const checked = await checkTask(tem, year, null, { ...input, frequencyPerYear: 1 }, 0, 'input');
    const subjects = [...new Set(input.subjects.map((s) => s.trim()).filter(Boolean))];
    if (subjects.length) {
      const found = await tem.find(Subject, { key: { $in: subjects } }, { fields: ['key'] });
      const missing = subjects.filter((k) => !found.some((f) => f.key === k));
      if (missing.length) throw badInput('input.subjects', `检查对象不存在：${missing.slice(0, 5).join('、')}${missing.length > 5 ? ` 等 ${missing.length} 户` : ''}`);
    }
    return insertTask(tem, caller, config, {
      name: input.name.trim(), kind: TaskKind.SPECIAL, planTask: null, items: checked.items, departments: checked.departments,
      scope: {
        scopeLibraries: input.scopeLibraries.map((d) => d.toUpperCase()), scopeRegions: input.scopeRegions, scopeIndustries: input.scopeIndustries,
        scopeKinds: input.scopeKinds, scopeGrades: input.scopeGrades, scopeSubjects: subjects,
      },
      quotaRule: checked.quotaRule, windowFrom: input.windowFrom, windowTo: input.windowTo, options, reason: input.reason.trim(),
    });
  });
}

/** What a caller gets when another freeze, reveal or draw holds the task's row lock. */
export const taskBusy = (code: string) => conflict(`任务 ${code} 正被另一操作处理（冻结、揭示或抽取），请稍后刷新`, 'code');

/** The task, locked for this transaction; a concurrent transition of the same task gets CONFLICT. */
export async function lockTask(tem: EntityManager, code: string): Promise<Task> {
  try {
    const task = await tem.findOne(Task, { code }, { lockMode: LockMode.PESSIMISTIC_WRITE_OR_FAIL, refresh: true });
    if (!task) throw notFound('任务', code, 'code');
    return task;
  } catch (e) {
    if ((e as { code?: string }).code === '55P03') throw taskBusy(code);
    throw e;
  }
}

export function requireStatus(task: { code: string; status: TaskStatus }, allowed: TaskStatus[], action: string): void {
  if (!allowed.includes(task.status))
    throw conflict(`任务 ${task.code} 当前为"${STATUS_LABEL[task.status]}"，不能${action}（需处于${allowed.map((s) => `"${STATUS_LABEL[s]}"`).join('或')}）`, 'code');
}

/** The lead department's staff, or the office/admins, run a task. */
export function assertCanRunTask(caller: Caller, task: { departments: string[] }): void {
  assertCanWriteDepartment(caller, task.departments[0]!);
}

/** The participant row the caller acts for: its own department, or `department` for the office. */
export async function participantFor(tem: EntityManager, caller: Caller, task: Task, department?: string | null): Promise<TaskParticipant> {
  const code = actingDepartment(caller, department);
  if (!code) throw badInput('department', '请指明代表哪个部门操作');
  assertCanWriteDepartment(caller, code);
  const p = await tem.findOne(TaskParticipant, { task, department: { code } }, { populate: ['department'] });
  if (!p || p.status === ParticipantStatus.DECLINED) throw badInput('department', `部门 ${code} 没有参加任务 ${task.code}`);
  return p;
}

/** An audited action on a task: its code in the audit log and its Chinese name in messages. */
export interface TaskAction {
  code: string;
  label: string;
}

/** Locks the task, checks its status, applies the change and records it, all in one transaction. */
export async function transition(em: EntityManager, caller: Caller, code: string, from: TaskStatus[], action: TaskAction, apply: (task: Task, tem: EntityManager) => Promise<Record<string, unknown> | void>): Promise<Task> {
  return em.transactional(async (tem) => {
    const task = await lockTask(tem, code);
    requireStatus(task, from, action.label);
    const before = task.status;
    const detail = (await apply(task, tem)) ?? {};
    recordAudit(tem, caller, { action: action.code, entity: 'Task', entityKey: task.code, before: { status: before }, after: { status: task.status }, detail });
    return task;
  });
}

/** Rules of each participant step, shared by the single services and their batch variants. */
function checkConfirm(p: { status: ParticipantStatus }, department: string): void {
  if (p.status === ParticipantStatus.CONFIRMED) throw conflict(`部门 ${department} 已确认参加`, 'department');
}

function checkCommit(p: { status: ParticipantStatus }, department: string): void {
  if (p.status !== ParticipantStatus.CONFIRMED) throw badInput('department', `部门 ${department} 须先确认参加再提交承诺值`);
}

/** A commitment as stored: 64 lower-case hex digits. */
function normalizeCommitment(commitment: string, field = 'commitment'): string {
  const c = commitment?.trim().toLowerCase();
  if (!COMMITMENT.test(c ?? '')) throw badInput(field, '承诺值应为 64 位十六进制的 SHA-256 摘要');
  return c;
}

/** A participating department confirms it takes part (the lead is confirmed at creation). */
export async function confirmTask(em: EntityManager, caller: Caller, code: string, department?: string | null): Promise<Task> {
  return transition(em, caller, code, [TaskStatus.CREATED], { code: 'CONFIRM', label: '确认参加' }, async (task, tem) => {
    const p = await participantFor(tem, caller, task, department);
    checkConfirm(p, p.department.code);
    p.status = ParticipantStatus.CONFIRMED;
    p.decidedBy = actorName(caller);
    p.decidedAt = now();
    return { department: p.department.code };
  });
}

/**
 * A participating department declines, with a reason (recorded; it counts against the department in
 * scoring). It leaves the task with its items and its place on the teams.
 */
export async function declineTask(em: EntityManager, caller: Caller, code: string, reason: string, department?: string | null): Promise<Task> {
  if (!reason?.trim()) throw badInput('reason', '拒绝参加联合抽查须说明理由');
  return transition(em, caller, code, [TaskStatus.CREATED], { code: 'DECLINE', label: '拒绝参加' }, async (task, tem) => {
    const p = await participantFor(tem, caller, task, department);
    if (p.lead) throw badInput('department', '牵头部门不能拒绝参加，如需停止请取消任务');
    const dept = p.department.code;
    p.status = ParticipantStatus.DECLINED;
    p.decidedBy = actorName(caller);
    p.decidedAt = now();
    p.declineReason = reason.trim();
    p.commitment = null;
    const items = await tem.find(CheckItem, { id: { $in: task.itemIds } }, { populate: ['department'] });
    const kept = items.filter((i) => i.department.code !== dept);
    task.itemIds = task.itemIds.filter((id) => kept.some((i) => i.id === id));
    task.itemCodes = [...new Set(kept.map((i) => i.code))];
    task.departments = task.departments.filter((d) => d !== dept);
    task.teamSizes = task.teamSizes.filter((s) => s.department !== dept);
    if (task.teamSizes.reduce((a, s) => a + s.inspectors, 0) < 2) task.teamSizes[0]!.inspectors = 2;
    task.joint = task.departments.length > 1;
    return { department: dept, reason: p.declineReason, removedItems: items.length - kept.length };
  });
}

/** A department's commitment for the next freeze: hex(SHA-256(task ‖ LF ‖ party ‖ LF ‖ secret)). */
export async function submitCommitment(em: EntityManager, caller: Caller, code: string, commitment: string, department?: string | null): Promise<Task> {
  const c = normalizeCommitment(commitment);
  return transition(em, caller, code, [TaskStatus.CREATED], { code: 'COMMIT', label: '提交承诺值' }, async (task, tem) => {
    const p = await participantFor(tem, caller, task, department);
    checkCommit(p, p.department.code);
    p.commitment = c;
    p.committedBy = actorName(caller);
    p.committedAt = now();
    return { department: p.department.code, commitment: c };
  });
}

/** DRAWN → IN_PROGRESS: the teams start giving notice and visiting. */
export function startTask(em: EntityManager, caller: Caller, code: string): Promise<Task> {
  return transition(em, caller, code, [TaskStatus.DRAWN], { code: 'START', label: '开始检查' }, async (task) => {
    assertCanRunTask(caller, task);
    task.status = TaskStatus.IN_PROGRESS;
    task.startedAt = now();
  });
}

function checkComplete(code: string, open: number): void {
  if (open > 0) throw conflict(`任务 ${code}：还有 ${open} 户的检查结果未公示，任务不能完成`, 'code');
}

/** IN_PROGRESS → COMPLETED: only when every inspection's result is published. */
export function completeTask(em: EntityManager, caller: Caller, code: string): Promise<Task> {
  return transition(em, caller, code, [TaskStatus.IN_PROGRESS], { code: 'COMPLETE', label: '完成' }, async (task, tem) => {
    assertCanRunTask(caller, task);
    checkComplete(task.code, await tem.count(Inspection, { task, status: { $ne: InspectionStatus.PUBLISHED } }));
    task.status = TaskStatus.COMPLETED;
    task.completedAt = now();
  });
}

/** COMPLETED → CLOSED (办结). */
export function closeTask(em: EntityManager, caller: Caller, code: string): Promise<Task> {
  return transition(em, caller, code, [TaskStatus.COMPLETED], { code: 'CLOSE', label: '办结' }, async (task) => {
    assertCanRunTask(caller, task);
    task.status = TaskStatus.CLOSED;
    task.closedAt = now();
  });
}

/** CREATED or FROZEN → CANCELLED, with a reason; a pending draw is abandoned and stays on record. */
export function cancelTask(em: EntityManager, caller: Caller, code: string, reason: string): Promise<Task> {
  if (!reason?.trim()) throw badInput('reason', '取消任务须说明原因');
  return transition(em, caller, code, [TaskStatus.CREATED, TaskStatus.FROZEN], { code: 'CANCEL', label: '取消' }, async (task, tem) => {
    assertCanRunTask(caller, task);
    await tem.nativeUpdate(TaskDraw, { task, outcome: DrawOutcome.PENDING }, { outcome: DrawOutcome.ABANDONED });
    task.status = TaskStatus.CANCELLED;
    task.cancelReason = reason.trim();
    return { reason: task.cancelReason };
  });
}

/** Who may see a task: staff always; the public once it is frozen (公示), never a cancelled draft. */
export function visibleTo(caller: Caller, task: Task): boolean {
  return caller.kind !== 'anonymous' || (task.status !== TaskStatus.CREATED && !(task.status === TaskStatus.CANCELLED && task.attempt === 0));
}

/** The head of `department` (负责人): approves inspector replacements. */
export function isDepartmentHead(caller: Caller, department: string): boolean {
  return caller.kind === 'user' && caller.role === Role.DEPT_HEAD && caller.departmentCode === department;
}

// ---------------------------------------------------------------------------------------------------
// Set-based batch variants of the participant steps and of completion: many tasks in one transaction,
// with the same rules as the single services above (a weekly draw session; the demo's simulated
// history). All or nothing: one step that breaks a rule refuses the batch, naming the task.

export interface TaskRowSql {
  id: number;
  code: string;
  status: TaskStatus;
  departments: string[];
}

export interface ParticipantRowSql {
  taskId: number;
  department: string;
  lead: boolean;
  status: ParticipantStatus;
  commitment: string | null;
  secret: string | null;
}

/** The tasks, locked (NOWAIT: a task busy with another transition gets CONFLICT), in `codes` order. */
export async function lockTasksSql(client: PoolClient, codes: string[]): Promise<TaskRowSql[]> {
  const unique = [...new Set(codes)].sort();
  let rows: TaskRowSql[];
  try {
    rows = (await client.query<TaskRowSql>('select id, code, status, departments from task where code = any($1::text[]) order by code for update nowait', [unique])).rows;
  } catch (e) {
    if ((e as { code?: string }).code === '55P03') throw taskBusy(unique.join('、'));
    throw e;
  }
  const missing = unique.find((c) => !rows.some((r) => r.code === c));
  if (missing) throw notFound('任务', missing, 'code');
  return codes.map((c) => rows.find((r) => r.code === c)!);
}

/** Participants of these tasks (declined ones included; `participantForSql` refuses them). */
export async function participantsSql(client: PoolClient, taskIds: number[]): Promise<ParticipantRowSql[]> {
  return (await client.query<ParticipantRowSql>(
    `select p.task_id as "taskId", d.code as department, p.lead, p.status, p.commitment, p.secret
       from task_participant p join department d on d.id = p.department_id where p.task_id = any($1::int[])`,
    [taskIds],
  )).rows;
}

/** As `participantFor`: the participant the caller acts for (its own department, or `department` for the office). */
export function participantForSql(caller: Caller, task: TaskRowSql, rows: ParticipantRowSql[], department?: string | null): ParticipantRowSql {
  const code = actingDepartment(caller, department);
  if (!code) throw badInput('department', '请指明代表哪个部门操作');
  assertCanWriteDepartment(caller, code);
  const p = rows.find((r) => r.taskId === task.id && r.department === code);
  if (!p || p.status === ParticipantStatus.DECLINED) throw badInput('department', `部门 ${code} 没有参加任务 ${task.code}`);
  return p;
}

/**
 * One participant step for many (task, department) pairs: lock, check the status and the step's rule,
 * write every participant row with one UPDATE, one audit record per step. The UPDATE gets $1 task ids,
 * $2 department codes, then one array per column of `write.columns`, then `write.constants`.
 */
export async function participantSteps<E extends { code: string; department?: string | null }>(
  pool: Pool,
  caller: Caller,
  entries: E[],
  from: TaskStatus,
  action: TaskAction,
  rule: (task: TaskRowSql, p: ParticipantRowSql, entry: E) => void,
  write: { sql: string; columns?: (entry: E) => unknown[]; constants: unknown[] },
  detail: (p: ParticipantRowSql, entry: E) => Record<string, unknown>,
): Promise<number> {
  if (!entries.length) return 0;
  return withTransaction(pool, async (client) => {
    const tasks = await lockTasksSql(client, entries.map((e) => e.code));
    const rows = await participantsSql(client, [...new Set(tasks.map((t) => t.id))]);
    const seen = new Set<string>();
    const steps = entries.map((e, n) => {
      const task = tasks[n]!;
      requireStatus(task, [from], action.label);
      const p = participantForSql(caller, task, rows, e.department);
      rule(task, p, e);
      const key = `${task.id}/${p.department}`;
      if (seen.has(key)) throw badInput('entries', `任务 ${task.code} 的部门 ${p.department} 在一批中出现两次`);
      seen.add(key);
      return { task, p, e };
    });
    const values = steps.map(({ e }) => write.columns?.(e) ?? []);
    const columns = (values[0] ?? []).map((_, i) => values.map((v) => v[i]));
    await client.query(write.sql, [steps.map((x) => x.task.id), steps.map((x) => x.p.department), ...columns, ...write.constants]);
    await recordAuditSqlMany(client, caller, steps.map(({ task, p, e }) => ({
      action: action.code, entity: 'Task', entityKey: task.code, before: { status: task.status }, after: { status: task.status }, detail: detail(p, e),
    })));
    return steps.length;
  });
}

/** `confirmTask` for many (task, department) pairs. */
export async function confirmTasks(pool: Pool, caller: Caller, entries: { code: string; department?: string | null }[]): Promise<number> {
  return participantSteps(pool, caller, entries, TaskStatus.CREATED, { code: 'CONFIRM', label: '确认参加' }, (_t, p) => checkConfirm(p, p.department), {
    sql: `update task_participant p set status = 'CONFIRMED', decided_by = $3, decided_at = $4
            from unnest($1::int[], $2::text[]) as x(task_id, department) join department d on d.code = x.department
           where p.task_id = x.task_id and p.department_id = d.id`,
    constants: [actorName(caller), now()],
  }, (p) => ({ department: p.department }));
}

/** `submitCommitment` for many (task, department) pairs. */
export async function submitCommitments(pool: Pool, caller: Caller, entries: { code: string; commitment: string; department?: string | null }[]): Promise<number> {
  const normalized = entries.map((e, n) => ({ ...e, commitment: normalizeCommitment(e.commitment, `entries[${n}].commitment`) }));
  return participantSteps(pool, caller, normalized, TaskStatus.CREATED, { code: 'COMMIT', label: '提交承诺值' }, (_t, p) => checkCommit(p, p.department), {
    sql: `update task_participant p set commitment = x.commitment, committed_by = $4, committed_at = $5
            from unnest($1::int[], $2::text[], $3::text[]) as x(task_id, department, commitment) join department d on d.code = x.department
           where p.task_id = x.task_id and p.department_id = d.id`,
    columns: (e) => [e.commitment],
    constants: [actorName(caller), now()],
  }, (p, e) => ({ department: p.department, commitment: e.commitment }));
}

/** A task status step for many tasks (completion, closing): lock, check, one UPDATE, one audit record each. */
async function statusSteps(pool: Pool, caller: Caller, codes: string[], from: TaskStatus, to: TaskStatus, action: TaskAction, stamp: 'completed_at' | 'closed_at',
  rule?: (client: PoolClient, tasks: TaskRowSql[]) => Promise<void>): Promise<number> {
  if (!codes.length) return 0;
  if (new Set(codes).size !== codes.length) throw badInput('codes', '同一任务在一批中只能出现一次');
  return withTransaction(pool, async (client) => {
    const tasks = await lockTasksSql(client, codes);
    for (const t of tasks) {
      requireStatus(t, [from], action.label);
      assertCanRunTask(caller, t);
    }
    await rule?.(client, tasks);
    const at = now();
    await client.query(`update task set status = $2, ${stamp} = $3, updated_at = $3 where id = any($1::int[])`, [tasks.map((t) => t.id), to, at]);
    await recordAuditSqlMany(client, caller, tasks.map((t) => ({ action: action.code, entity: 'Task', entityKey: t.code, before: { status: from }, after: { status: to }, detail: {} })));
    return tasks.length;
  });
}

/** `completeTask` for many tasks: each only when every one of its inspections is published. */
export async function completeTasks(pool: Pool, caller: Caller, codes: string[]): Promise<number> {
  return statusSteps(pool, caller, codes, TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED, { code: 'COMPLETE', label: '完成' }, 'completed_at', async (client, tasks) => {
    const open = await client.query<{ task: number; n: number }>(
      `select task_id as task, count(*)::int as n from inspection where task_id = any($1::int[]) and status <> 'PUBLISHED' group by task_id`,
      [tasks.map((t) => t.id)],
    );
    for (const t of tasks) checkComplete(t.code, open.rows.find((r) => r.task === t.id)?.n ?? 0);
  });
}

/** `closeTask` for many tasks. */
export async function closeTasks(pool: Pool, caller: Caller, codes: string[]): Promise<number> {
  return statusSteps(pool, caller, codes, TaskStatus.COMPLETED, TaskStatus.CLOSED, { code: 'CLOSE', label: '办结' }, 'closed_at');
}
