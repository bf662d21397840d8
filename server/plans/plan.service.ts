import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../audit/audit.service.js';
import { assertCanWriteDepartment, assertCoordinator, actorName, type Caller } from '../auth/caller.js';
import { isIsoDate } from '../common/dates.js';
import { AppError, badInput, ErrorCode, notFound } from '../common/errors.js';
import { Department } from '../departments/department.entity.js';
import { CheckItem } from '../items/check-item.entity.js';
import { loadRiskConfig } from '../risk/risk.config.js';
import { type GradeQuota, Plan, PlanKind, PlanStatus, PlanTask } from './plan.entity.js';
import type { PlanInput, PlanTaskInput } from './plan.types.js';
import { now } from '../common/clock.js';

const GRADE = /^[A-Z0-9_]{1,8}$/;
const RATIO = /^(0(\.\d{1,6})?|1(\.0{1,6})?)$/;

/** The end of the filing deadline day in China Standard Time (UTC+8). */
export function filingDeadline(year: number, monthDay: string): Date {
  const [m, d] = monthDay.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m - 1, d, 16, 0, 0) - 1);
}

export interface CheckedTask {
  input: PlanTaskInput;
  items: CheckItem[];
  departments: string[];
  quotaRule: Record<string, GradeQuota>;
}

/**
 * Checks a task against the rules: only items on the current list (rule 1), each belonging to a
 * participating department; the lead first; a valid window within the plan year; quota rules per grade.
 */
export async function checkTask(em: EntityManager, year: number, owner: string | null, t: PlanTaskInput, i: number, at = `input.tasks[${i}]`): Promise<CheckedTask> {
  if (!t.name?.trim()) throw badInput(`${at}.name`, `第 ${i + 1} 项任务缺少名称`);
  const lead = t.lead.toUpperCase();
  const departments = [lead, ...t.participants.map((p) => p.toUpperCase()).filter((p) => p !== lead)];
  if (new Set(departments).size !== departments.length) throw badInput(`${at}.participants`, `任务"${t.name}"的配合部门重复`);
  const known = await em.find(Department, { code: { $in: departments }, active: true });
  for (const code of departments) {
    if (!known.some((d) => d.code === code)) throw badInput(code === lead ? `${at}.lead` : `${at}.participants`, `部门代码"${code}"不存在或已停用`);
  }
  if (owner && !departments.includes(owner)) throw badInput(`${at}.lead`, `部门计划中的任务必须由本部门（${owner}）牵头或参加`);
  if (!t.items.length) throw badInput(`${at}.items`, `任务"${t.name}"至少要有一个抽查事项`);
  const items: CheckItem[] = [];
  for (const [j, code] of t.items.entries()) {
    const item = await em.findOne(CheckItem, { code, current: true, active: true }, { populate: ['department'] });
    if (!item) throw badInput(`${at}.items[${j}]`, `事项"${code}"不在现行抽查事项清单中：清单之外不得抽查（规则 1）`);
    if (!departments.includes(item.department.code))
      throw badInput(`${at}.items[${j}]`, `事项"${code}"属于 ${item.department.code}，该部门未参加任务"${t.name}"`);
    items.push(item);
  }
  for (const [field, value] of [['windowFrom', t.windowFrom], ['windowTo', t.windowTo]] as const) {
    if (!isIsoDate(value) || !value.startsWith(`${year}-`)) throw badInput(`${at}.${field}`, `日期"${value}"无效：应为 ${year} 年内的 YYYY-MM-DD`);
  }
  if (t.windowFrom > t.windowTo) throw badInput(`${at}.windowTo`, `任务"${t.name}"的结束日期早于开始日期`);
  if (!Number.isInteger(t.frequencyPerYear) || t.frequencyPerYear < 1 || t.frequencyPerYear > 12)
    throw badInput(`${at}.frequencyPerYear`, '抽查频次应为每年 1–12 次');
  const quotaRule: Record<string, GradeQuota> = {};
  for (const q of t.quotaRule) {
    if (!GRADE.test(q.grade)) throw badInput(`${at}.quotaRule`, `风险等级"${q.grade}"无效`);
    if (quotaRule[q.grade]) throw badInput(`${at}.quotaRule`, `风险等级 ${q.grade} 的规则重复`);
    const hasRatio = q.ratio !== undefined && q.ratio !== null;
    const hasCount = q.count !== undefined && q.count !== null;
    if (hasRatio === hasCount) throw badInput(`${at}.quotaRule`, `风险等级 ${q.grade} 须给出比例或数量之一`);
    if (hasRatio && !RATIO.test(q.ratio!)) throw badInput(`${at}.quotaRule`, `风险等级 ${q.grade} 的比例"${q.ratio}"无效：应为 0–1 之间的小数，如 "0.03"`);
    if (hasCount && (!Number.isInteger(q.count) || q.count! < 0)) throw badInput(`${at}.quotaRule`, `风险等级 ${q.grade} 的数量应为非负整数`);
    quotaRule[q.grade] = hasRatio ? { ratio: q.ratio! } : { count: q.count! };
  }
  // Differentiated supervision by default: the configured ratio per risk grade (A 1%, B 3%, C 10%, D 30%).
  if (!Object.keys(quotaRule).length) for (const [grade, ratio] of Object.entries(loadRiskConfig().defaultRatios)) quotaRule[grade] = { ratio };
  return { input: t, items, departments, quotaRule };
}

function writeTasks(em: EntityManager, plan: Plan, tasks: CheckedTask[]): void {
  tasks.forEach((t, i) =>
    em.persist(
      em.create(PlanTask, {
        plan, seq: i + 1, name: t.input.name.trim(), itemIds: t.items.map((x) => x.id), departments: t.departments,
        scopeLibraries: t.input.scopeLibraries.map((d) => d.toUpperCase()), scopeRegions: t.input.scopeRegions,
        scopeIndustries: t.input.scopeIndustries, scopeKinds: t.input.scopeKinds, scopeGrades: t.input.scopeGrades,
        quotaRule: t.quotaRule, frequencyPerYear: t.input.frequencyPerYear, windowFrom: t.input.windowFrom, windowTo: t.input.windowTo,
      }),
    ),
  );
}

function snapshot(plan: Plan, tasks: CheckedTask[]) {
  return { status: plan.status, version: plan.version, tasks: tasks.map((t) => ({ name: t.input.name, items: t.items.map((x) => `${x.code}@${x.version}`), departments: t.departments, quotaRule: t.quotaRule, window: [t.input.windowFrom, t.input.windowTo] })) };
}

function planKey(year: number, department: string | null): string {
  return `${year}/${department ?? 'JOINT'}`;
}

async function currentPlan(em: EntityManager, year: number, department: Department | null): Promise<Plan | null> {
  return em.findOne(Plan, { year, kind: department ? PlanKind.DEPARTMENT : PlanKind.JOINT, department: department ?? null, current: true });
}

/**
 * The plan version to write tasks into: a draft is edited in place (its tasks cleared); a filed or
 * published plan gets a new current version with `reason`, keeping its status and filing time, and the
 * old version stays on record.
 */
async function planForEdit(tem: EntityManager, caller: Caller, year: number, department: Department | null, existing: Plan | null, reason: string): Promise<Plan> {
  if (existing && existing.status === PlanStatus.DRAFT) {
    await tem.nativeDelete(PlanTask, { plan: existing });
    return existing;
  }
  if (existing) existing.current = false;
  await tem.flush();
  const plan = tem.create(Plan, {
    year, kind: department ? PlanKind.DEPARTMENT : PlanKind.JOINT, department, version: (existing?.version ?? 0) + 1, current: true,
    status: existing?.status ?? PlanStatus.DRAFT, filedAt: existing?.filedAt ?? null, filedLate: existing?.filedLate ?? false,
    publishedAt: existing?.publishedAt ?? null, changeReason: existing ? reason : null, createdBy: actorName(caller),
  });
  tem.persist(plan);
  return plan;
}

/**
 * Saves a plan. A draft is edited in place; a filed or published plan gets a new version carrying the
 * reason (动态调整), keeping its status and filing time, and the old version stays on record.
 */
export async function savePlan(em: EntityManager, caller: Caller, input: PlanInput): Promise<Plan> {
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) throw badInput('input.year', `年度"${input.year}"无效`);
  const code = input.department?.toUpperCase() ?? null;
  if (code) assertCanWriteDepartment(caller, code);
  else assertCoordinator(caller);
  return em.transactional(async (tem) => {
    const department = code ? await tem.findOne(Department, { code }) : null;
    if (code && !department) throw notFound('部门', code, 'input.department');
    const tasks: CheckedTask[] = [];
    for (const [i, t] of input.tasks.entries()) tasks.push(await checkTask(tem, input.year, code, t, i));
    const existing = await currentPlan(tem, input.year, department);
    if (existing && existing.status !== PlanStatus.DRAFT && !input.reason?.trim())
      throw badInput('input.reason', `计划已${existing.status === PlanStatus.FILED ? '备案' : '公示'}，修改须说明调整原因`);
    const plan = await planForEdit(tem, caller, input.year, department, existing, input.reason?.trim() ?? '');
    writeTasks(tem, plan, tasks);
    recordAudit(tem, caller, {
      action: existing && existing !== plan ? 'ADJUST' : existing ? 'UPDATE' : 'CREATE', entity: 'Plan', entityKey: planKey(input.year, code),
      after: snapshot(plan, tasks), detail: existing && existing !== plan ? { reason: plan.changeReason, version: plan.version } : undefined,
    });
    return plan;
  });
}

async function requirePlan(em: EntityManager, year: number, code: string | null): Promise<Plan> {
  const department = code ? await em.findOne(Department, { code }) : null;
  if (code && !department) throw notFound('部门', code, 'department');
  const plan = await currentPlan(em, year, department);
  if (!plan) throw notFound('计划', planKey(year, code), 'year');
  return plan;
}

/** 备案: DRAFT → FILED. Filing after the deadline is allowed and recorded as late. */
export async function filePlan(em: EntityManager, caller: Caller, year: number, department: string | null, deadline: string, at = now()): Promise<Plan> {
  const code = department?.toUpperCase() ?? null;
  if (code) assertCanWriteDepartment(caller, code);
  else assertCoordinator(caller);
  return em.transactional(async (tem) => {
    const plan = await requirePlan(tem, year, code);
    if (plan.status !== PlanStatus.DRAFT) throw new AppError(ErrorCode.CONFLICT, `计划 ${planKey(year, code)} 已备案，不能重复备案`, 'year');
    if ((await tem.count(PlanTask, { plan })) === 0) throw badInput('year', '空计划不能备案：至少要有一项抽查任务');
    plan.status = PlanStatus.FILED;
    plan.filedAt = at;
    plan.filedLate = at > filingDeadline(year, deadline);
    recordAudit(tem, caller, { action: 'FILE', entity: 'Plan', entityKey: planKey(year, code), after: { status: plan.status, filedLate: plan.filedLate, version: plan.version } });
    return plan;
  });
}

/** 公示: FILED → PUBLISHED. */
export async function publishPlan(em: EntityManager, caller: Caller, year: number, department: string | null, at = now()): Promise<Plan> {
  const code = department?.toUpperCase() ?? null;
  if (code) assertCanWriteDepartment(caller, code);
  else assertCoordinator(caller);
  return em.transactional(async (tem) => {
    const plan = await requirePlan(tem, year, code);
    if (plan.status !== PlanStatus.FILED) throw new AppError(ErrorCode.CONFLICT, plan.status === PlanStatus.DRAFT ? '计划须先备案再公示' : '计划已公示', 'year');
    plan.status = PlanStatus.PUBLISHED;
    plan.publishedAt = at;
    recordAudit(tem, caller, { action: 'PUBLISH', entity: 'Plan', entityKey: planKey(year, code), after: { status: plan.status, version: plan.version } });
    return plan;
  });
}

/**
 * The office's joint plan: every joint task (two or more departments) of the departments' filed or
 * published plans, collected into one plan (draft edited in place, otherwise a new version).
 */
export async function compileJointPlan(em: EntityManager, caller: Caller, year: number): Promise<Plan> {
  assertCoordinator(caller);
  return em.transactional(async (tem) => {
    const sources = await tem.find(
      PlanTask,
      { plan: { year, kind: PlanKind.DEPARTMENT, current: true, status: { $in: [PlanStatus.FILED, PlanStatus.PUBLISHED] } } },
      { orderBy: { plan: { id: 'asc' }, seq: 'asc' } },
    );
    // A joint task appears in the plan of each department taking part; keep it once, from the lead's plan.
    const joint = sources.filter((t) => t.departments.length > 1);
    const seen = new Set<string>();
    const unique = joint.filter((t) => {
      const key = `${t.name}|${t.departments[0]}|${[...t.itemIds].sort().join(',')}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
    const existing = await currentPlan(tem, year, null);
    const plan = await planForEdit(tem, caller, year, null, existing, '重新汇总各部门计划中的联合抽查任务');
    unique.forEach((t, i) =>
      tem.persist(
        tem.create(PlanTask, {
          plan, seq: i + 1, name: t.name, itemIds: t.itemIds, departments: t.departments, scopeLibraries: t.scopeLibraries,
          scopeRegions: t.scopeRegions, scopeIndustries: t.scopeIndustries, scopeKinds: t.scopeKinds, scopeGrades: t.scopeGrades,
          quotaRule: t.quotaRule, frequencyPerYear: t.frequencyPerYear, windowFrom: t.windowFrom, windowTo: t.windowTo, sourceTaskId: t.id,
        }),
      ),
    );
    recordAudit(tem, caller, { action: 'COMPILE', entity: 'Plan', entityKey: planKey(year, null), after: { tasks: unique.map((t) => t.id), version: plan.version } });
    return plan;
  });
}

export async function planOf(em: EntityManager, year: number, department: string | null, version?: number | null): Promise<Plan | null> {
  const code = department?.toUpperCase() ?? null;
  const dep = code ? await em.findOne(Department, { code }) : null;
  if (code && !dep) return null;
  const where = { year, kind: dep ? PlanKind.DEPARTMENT : PlanKind.JOINT, department: dep ?? null };
  return em.findOne(Plan, version ? { ...where, version } : { ...where, current: true });
}

/**
 * The current plans of a year: the joint plan first, then the departments' in the order of the joint
 * meeting's list; `departments` (codes) keeps only those departments' plans (the joint plan always stays).
 */
export async function plansOf(em: EntityManager, year: number, departments: readonly string[] | null): Promise<Plan[]> {
  const plans = await em.find(Plan, { year, current: true }, { populate: ['department'] });
  const wanted = departments ? new Set(departments.map((d) => d.toUpperCase())) : null;
  return plans
    .filter((p) => p.kind === PlanKind.JOINT || !wanted || wanted.has(p.department!.code))
    .sort((a, b) => (a.kind === PlanKind.JOINT ? -1 : b.kind === PlanKind.JOINT ? 1 : a.department!.id - b.department!.id));
}

export async function planVersions(em: EntityManager, plan: Plan): Promise<Plan[]> {
  return em.find(Plan, { year: plan.year, kind: plan.kind, department: plan.department ?? null }, { orderBy: { version: 'asc' } });
}

export async function tasksOf(em: EntityManager, plan: Plan): Promise<PlanTask[]> {
  return em.find(PlanTask, { plan }, { orderBy: { seq: 'asc' } });
}

/** Per member department: has it filed its plan for the year, and on time? (联席办备案情况) */
export async function filingStatus(em: EntityManager, year: number) {
  const departments = await em.find(Department, { member: true, active: true }, { orderBy: { id: 'asc' } });
  const plans = await em.find(Plan, { year, kind: PlanKind.DEPARTMENT, current: true }, { populate: ['department'] });
  const counts = new Map<number, number>();
  if (plans.length) {
    for (const task of await em.find(PlanTask, { plan: { $in: plans } }, { fields: ['id', 'plan'] })) {
      counts.set(task.plan.id, (counts.get(task.plan.id) ?? 0) + 1);
    }
  }
  return departments.map((d) => {
    const plan = plans.find((p) => p.department?.id === d.id);
    return {
      departmentCode: d.code, departmentName: d.name, status: plan?.status ?? 'MISSING',
      filedAt: plan?.filedAt ?? null, filedLate: plan?.filedLate ?? false, taskCount: plan ? (counts.get(plan.id) ?? 0) : 0,
    };
  });
}
