/**
 * The metrics of DESIGN.md §5, exactly as the cockpit shows them: every share with its numerator and
 * denominator. Counts come from a MetricSource (the rollups, or the raw rows for checking); the small
 * tables (items, departments, plans, follow-ups, recognitions) are read directly.
 */
import type { Pool } from 'pg';
import { badInput } from '../common/errors.js';
import { chinaDate } from '../common/dates.js';
import { DEFAULT_METRICS_CONFIG, type MetricsConfig, type ScoreComponentKey } from './metrics.config.js';
import type { EventCounts, InspectionSums, MetricSource, MetricsScope, TaskCounts } from './sources.js';

export interface MetricsFilter {
  year?: number | null;
  /** 'YYYY-MM' or 'YYYY-MM-DD' (the month counts whole). */
  from?: string | null;
  to?: string | null;
  region?: string | null;
  department?: string | null;
  itemCategory?: string | null;
  grade?: string | null;
}

export interface Share {
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator, null when nothing was due. */
  value: number | null;
  target: number | null;
}

export interface GradeMetrics {
  grade: string;
  subjects: number;
  inspectedSubjects: number;
  coverage: Share;
  inspections: number;
  published: number;
  problemRate: Share;
  controlInspections: number;
  controlProblemRate: Share;
}

export interface ScoreComponent {
  key: ScoreComponentKey;
  label: string;
  weight: number;
  share: Share;
  points: number;
}

export interface Deduction {
  key: 'DECLINED_JOINT' | 'INCOMPLETE_JOINT';
  label: string;
  count: number;
  points: number;
}

export interface DepartmentScore {
  department: string;
  name: string;
  score: number;
  tasks: number;
  jointTasks: number;
  inspections: number;
  components: ScoreComponent[];
  deductions: Deduction[];
}

export interface MonthlyPoint {
  month: string;
  tasks: number;
  jointTasks: number;
  inspections: number;
  jointInspections: number;
  jointShare: Share;
  jointShareByInspections: Share;
  timeliness: Share;
  problemRate: Share;
  overdue: number;
}

export interface DepartmentMonth {
  department: string;
  month: string;
  tasks: number;
  jointTasks: number;
}

export interface Metrics {
  from: string;
  to: string;
  year: number;
  today: string;
  source: 'ROLLUP' | 'RAW';
  tasks: number;
  jointTasks: number;
  inspections: number;
  jointInspections: number;
  published: number;
  jointShare: Share;
  jointShareByInspections: Share;
  itemCoverage: Share;
  uncoveredItems: string[];
  departmentCoverage: Share;
  uncoveredDepartments: string[];
  subjectCoverage: Share;
  timeliness: Share;
  timelyEntry: Share;
  overdue: number;
  problemRate: Share;
  controlProblemRate: Share;
  grades: GradeMetrics[];
  recognitions: number;
  followUpClosure: Share;
  departmentScores: DepartmentScore[];
  monthly: MonthlyPoint[];
  /** Executed tasks per member department and month (the coordination board's heatmap). */
  departmentMonthly: DepartmentMonth[];
}

export const GRADES = ['A', 'B', 'C', 'D', 'U'] as const;
const CATEGORIES = ['GENERAL', 'KEY'];

const LABELS: Record<ScoreComponentKey, string> = {
  planFiled: '年度计划按时备案',
  taskCompletion: '抽查任务完成率',
  jointParticipation: '联合抽查参与度',
  timelyEntry: '结果按时录入',
  publication: '结果按时公示',
  followUpClosure: '后续处置办结率',
};

export function share(numerator: number, denominator: number, target: number | null = null): Share {
  return { numerator, denominator, value: denominator > 0 ? numerator / denominator : null, target };
}

const ZERO_SUMS: InspectionSums = {
  inspections: 0, jointInspections: 0, controlInspections: 0, published: 0, problem: 0, controlPublished: 0, controlProblem: 0, due: 0, enteredOnTime: 0, onTime: 0,
  overdue: 0, overdueEnteredOnTime: 0,
};
const ZERO_TASKS: TaskCounts = { tasks: 0, joint: 0 };
const ZERO_EVENTS: EventCounts = { opened: 0, closed: 0, recognitions: 0 };

/** First day of the month of 'YYYY-MM' or 'YYYY-MM-DD'; `field` names the input in the error. */
function monthOf(value: string, field: string): string {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value.trim());
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw badInput(field, `「${value}」不是有效的月份或日期（YYYY-MM 或 YYYY-MM-DD）`);
  return `${m[1]}-${m[2]}-01`;
}

/** A region filter (GB/T 2260 six digits, or a nine-digit township) as the prefix it covers. */
export function regionPrefix(code: string): string {
  const c = code.trim();
  if (!/^\d{6}(\d{3})?$/.test(c)) throw badInput('region', `「${code}」不是有效的行政区划代码（6 位，或 9 位乡镇街道代码）`);
  if (c.length === 9) return c;
  if (c.endsWith('0000')) return c.slice(0, 2);
  if (c.endsWith('00')) return c.slice(0, 4);
  return c;
}

export async function metricsScope(pool: Pool, filter: MetricsFilter, today = chinaDate()): Promise<MetricsScope> {
  const year = filter.year ?? Number((filter.to ? monthOf(filter.to, 'to') : today).slice(0, 4));
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badInput('year', `年份「${filter.year}」超出范围`);
  const from = filter.from ? monthOf(filter.from, 'from') : `${year}-01-01`;
  const to = filter.to ? monthOf(filter.to, 'to') : `${year}-12-01`;
  if (from > to) throw badInput('from', `起始月份 ${from.slice(0, 7)} 晚于截止月份 ${to.slice(0, 7)}`);
  const department = filter.department?.trim() ?? '';
  if (department) {
    const d = await pool.query('select 1 from department where code = $1', [department]);
    if (!d.rowCount) throw badInput('department', `部门代码「${department}」不存在`);
  }
  const category = filter.itemCategory ?? '';
  if (category && !CATEGORIES.includes(category)) throw badInput('itemCategory', `事项类别须为 ${CATEGORIES.join('、')}`);
  const grade = filter.grade ?? '';
  if (grade && !(GRADES as readonly string[]).includes(grade)) throw badInput('grade', `风险等级须为 ${GRADES.join('、')}`);
  return { from, to, year: Number(to.slice(0, 4)), region: filter.region ? regionPrefix(filter.region) : '', department, category, grade, today };
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const end = to.slice(0, 7);
  for (;;) {
    const k = `${y}-${String(m).padStart(2, '0')}`;
    out.push(k);
    if (k >= end) return out;
    if (++m > 12) [y, m] = [y + 1, 1];
  }
}

/** The small tables: read directly, the same for both sources. */
async function directCounts(pool: Pool, s: MetricsScope) {
  const end = `($2::date + interval '1 month')`;
  const [items, departments, plans, declines] = await Promise.all([
    pool.query<{ code: string }>(
      `select distinct ci.code from check_item ci join department d on d.id = ci.department_id
       where ci.current and ci.active and ($1 = '' or d.code = $1) and ($2 = '' or ci.category::text = $2) order by 1`,
      [s.department, s.category],
    ),
    pool.query<{ code: string; name: string }>(`select code, name from department where member and active and ($1 = '' or code = $1) order by id`, [s.department]),
    pool.query<{ code: string; filed: boolean; late: boolean | null }>(
      `select d.code, bool_or(p.filed_at is not null) as filed,
              (array_agg(p.filed_late order by p.filed_at) filter (where p.filed_at is not null))[1] as late
       from department d left join plan p on p.department_id = d.id and p.kind = 'DEPARTMENT' and p.year = $1
       where d.member group by d.code`,
      [s.year],
    ),
    pool.query<{ code: string; n: number }>(
      `select d.code, count(*)::int as n from task_participant tp join task t on t.id = tp.task_id join department d on d.id = tp.department_id
       where tp.status = 'DECLINED' and tp.decided_at >= $1::date and tp.decided_at < ${end} group by d.code`,
      [s.from, s.to],
    ),
  ]);
  const byCode = <T extends { code: string }>(rows: T[]) => new Map(rows.map((r) => [r.code, r]));
  return {
    activeItems: items.rows.map((r) => r.code),
    departments: departments.rows,
    plans: byCode(plans.rows),
    declines: byCode(declines.rows),
  };
}

const round = (x: number) => Math.round(x * 10) / 10;

export async function computeMetrics(pool: Pool, source: MetricSource, s: MetricsScope, config: MetricsConfig = DEFAULT_METRICS_CONFIG): Promise<Metrics> {
  const target = config.jointTarget;
  await source.prepare(s);
  const [taskTotal, taskMonthly, taskByDept, taskByDeptMonth, jointIncomplete, items, depts, sumTotal, sumMonthly, sumByGrade, sumByDept, subjects, events, direct] = await Promise.all([
    source.taskCounts(s, 'total'), source.taskCounts(s, 'month'), source.taskCounts(s, 'department'), source.taskCounts(s, 'departmentMonth'),
    source.jointIncomplete(s), source.coveredItems(s), source.coveredDepartments(s),
    source.inspectionSums(s, 'total'), source.inspectionSums(s, 'month'), source.inspectionSums(s, 'grade'), source.inspectionSums(s, 'department'),
    source.subjects(s), source.events(s), directCounts(pool, s),
  ]);
  const t = taskTotal.get('') ?? ZERO_TASKS;
  const x = sumTotal.get('') ?? ZERO_SUMS;
  const covered = new Set(items);
  const coveredDepts = new Set(depts);
  // Due: published results that fell due, and those past their deadline still unpublished.
  const dueOf = (sums: InspectionSums) => sums.due + sums.overdue;

  const grades: GradeMetrics[] = GRADES.filter((g) => !s.grade || g === s.grade).map((g) => {
    const gs = sumByGrade.get(g) ?? ZERO_SUMS;
    const sc = subjects.get(g) ?? { directory: 0, inspected: 0 };
    return {
      grade: g, subjects: sc.directory, inspectedSubjects: sc.inspected, coverage: share(sc.inspected, sc.directory),
      inspections: gs.inspections, published: gs.published, problemRate: share(gs.problem, gs.published),
      controlInspections: gs.controlInspections, controlProblemRate: share(gs.controlProblem, gs.controlPublished),
    };
  });

  const departmentScores = direct.departments.map((d): DepartmentScore => {
    const tc = taskByDept.get(d.code) ?? ZERO_TASKS;
    const ds = sumByDept.get(d.code) ?? ZERO_SUMS;
    const plan = direct.plans.get(d.code);
    const fu = events.get(d.code) ?? ZERO_EVENTS;
    const joint = share(tc.joint, tc.tasks, target);
    const shares: Record<ScoreComponentKey, Share> = {
      planFiled: share(plan?.filed ? (plan.late ? 1 : 2) : 0, 2),
      taskCompletion: share(ds.published, ds.inspections),
      jointParticipation: joint,
      timelyEntry: share(ds.enteredOnTime + ds.overdueEnteredOnTime, dueOf(ds)),
      publication: share(ds.onTime, dueOf(ds)),
      followUpClosure: share(fu.closed, fu.opened),
    };
    // Nothing due, nothing late: timeliness and closure score in full; no work done scores nothing.
    const ratio = (k: ScoreComponentKey, sh: Share) =>
      k === 'jointParticipation' ? Math.min(1, (sh.value ?? 0) / target) : sh.value ?? (k === 'taskCompletion' ? 0 : 1);
    const components = (Object.keys(LABELS) as ScoreComponentKey[]).map((k) => ({
      key: k, label: LABELS[k], weight: config.weights[k], share: shares[k], points: round(config.weights[k] * ratio(k, shares[k])),
    }));
    const declined = direct.declines.get(d.code)?.n ?? 0;
    const incomplete = jointIncomplete.get(d.code) ?? 0;
    const deductions: Deduction[] = [
      { key: 'DECLINED_JOINT', label: '拒绝参加联合抽查', count: declined, points: declined * config.declinePenalty },
      { key: 'INCOMPLETE_JOINT', label: '联合抽查逾期未完成', count: incomplete, points: incomplete * config.incompletePenalty },
    ];
    const total = components.reduce((a, c) => a + c.points, 0) - deductions.reduce((a, c) => a + c.points, 0);
    return { department: d.code, name: d.name, score: round(Math.max(0, Math.min(100, total))), tasks: tc.tasks, jointTasks: tc.joint, inspections: ds.inspections, components, deductions };
  });
  departmentScores.sort((a, b) => b.score - a.score || a.department.localeCompare(b.department));

  const months = monthsBetween(s.from, s.to);
  const departmentMonthly = direct.departments.flatMap((d) => months.map((month): DepartmentMonth => {
    const c = taskByDeptMonth.get(`${d.code}|${month}`) ?? ZERO_TASKS;
    return { department: d.code, month, tasks: c.tasks, jointTasks: c.joint };
  }));
  const monthly = months.map((m): MonthlyPoint => {
    const mt = taskMonthly.get(m) ?? ZERO_TASKS;
    const ms = sumMonthly.get(m) ?? ZERO_SUMS;
    return {
      month: m, tasks: mt.tasks, jointTasks: mt.joint, inspections: ms.inspections, jointInspections: ms.jointInspections,
      jointShare: share(mt.joint, mt.tasks, target), jointShareByInspections: share(ms.jointInspections, ms.inspections, target),
      timeliness: share(ms.onTime, dueOf(ms)), problemRate: share(ms.problem, ms.published), overdue: ms.overdue,
    };
  });

  const all = subjects.get('') ?? { directory: 0, inspected: 0 };
  const ofDepartment = [...events].filter(([code]) => !s.department || code === s.department).map(([, e]) => e);
  return {
    from: s.from.slice(0, 7), to: s.to.slice(0, 7), year: s.year, today: s.today, source: source.name,
    tasks: t.tasks, jointTasks: t.joint, inspections: x.inspections, jointInspections: x.jointInspections, published: x.published,
    jointShare: share(t.joint, t.tasks, target),
    jointShareByInspections: share(x.jointInspections, x.inspections, target),
    itemCoverage: share(direct.activeItems.filter((c) => covered.has(c)).length, direct.activeItems.length),
    uncoveredItems: direct.activeItems.filter((c) => !covered.has(c)),
    departmentCoverage: share(direct.departments.filter((d) => coveredDepts.has(d.code)).length, direct.departments.length),
    uncoveredDepartments: direct.departments.filter((d) => !coveredDepts.has(d.code)).map((d) => d.code),
    subjectCoverage: share(all.inspected, all.directory),
    timeliness: share(x.onTime, dueOf(x)),
    timelyEntry: share(x.enteredOnTime + x.overdueEnteredOnTime, dueOf(x)),
    overdue: x.overdue,
    problemRate: share(x.problem, x.published),
    controlProblemRate: share(x.controlProblem, x.controlPublished),
    grades,
    recognitions: ofDepartment.reduce((a, e) => a + e.recognitions, 0),
    followUpClosure: share(ofDepartment.reduce((a, e) => a + e.closed, 0), ofDepartment.reduce((a, e) => a + e.opened, 0)),
    departmentScores,
    monthly,
    departmentMonthly,
  };
}
