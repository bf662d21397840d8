/**
 * Where the metrics' counts come from. `rollupSource` reads the incrementally maintained rollups (the
 * cockpit's path: a handful of index lookups whatever the size of the data); `rawSource` recounts the
 * same definitions from the raw rows (tasks, inspections, results, subjects) with independent SQL. The
 * two must always agree: tests and `jointcheck metrics --check` compare them.
 */
import type { Pool } from 'pg';

/** A normalised metrics filter: months as 'YYYY-MM-01' (both inclusive), '' = all for each dimension. */
export interface MetricsScope {
  from: string;
  to: string;
  /** The calendar year of `to`: subject coverage counts per calendar year. */
  year: number;
  /** A region code prefix ('37', '3703', '370305', '370305001') or ''. */
  region: string;
  department: string;
  category: string;
  grade: string;
  /** Today (China) for what depends on it: overdue results, joint tasks past their window. */
  today: string;
}

export interface TaskCounts {
  tasks: number;
  joint: number;
}

export interface InspectionSums {
  inspections: number;
  jointInspections: number;
  controlInspections: number;
  published: number;
  problem: number;
  controlPublished: number;
  controlProblem: number;
  /** Published results that fell due in the period, and of them entered / entered and published in time. */
  due: number;
  enteredOnTime: number;
  onTime: number;
  /** Results past their deadline (before today) and not yet published, by the month they fell due. */
  overdue: number;
  /** Of them, entered in time (only publication is late). */
  overdueEnteredOnTime: number;
}

/** Per department: follow-ups opened in the period (and of them closed), results of others recognised. */
export interface EventCounts {
  opened: number;
  closed: number;
  recognitions: number;
}

export interface SubjectCounts {
  directory: number;
  inspected: number;
}

/** Breakdown keys: '' for the total, 'YYYY-MM' by month, a grade letter, a department code. */
export type Breakdown = 'total' | 'month' | 'grade' | 'department';
export type TaskBreakdown = 'total' | 'month' | 'department' | 'departmentMonth';

export interface MetricSource {
  readonly name: 'ROLLUP' | 'RAW';
  /** Called once before the counts of a scope are read. */
  prepare(s: MetricsScope): Promise<void>;
  /** 'departmentMonth' keys are 'CODE|YYYY-MM'. */
  taskCounts(s: MetricsScope, by: TaskBreakdown): Promise<Map<string, TaskCounts>>;
  /** Per department: joint tasks whose window ended before today without completion. */
  jointIncomplete(s: MetricsScope): Promise<Map<string, number>>;
  /**
   * Items of the tasks in scope, ignoring the item-category filter: they are matched against the
   * active items of that category, and an item's task always has the item's category.
   */
  coveredItems(s: MetricsScope): Promise<string[]>;
  coveredDepartments(s: MetricsScope): Promise<string[]>;
  inspectionSums(s: MetricsScope, by: Breakdown): Promise<Map<string, InspectionSums>>;
  /** Per current grade ('' = all grades). */
  subjects(s: MetricsScope): Promise<Map<string, SubjectCounts>>;
  /** Follow-ups and recognitions per department (region and period filters only). */
  events(s: MetricsScope): Promise<Map<string, EventCounts>>;
}

const SUM_COLUMNS: [keyof InspectionSums, string][] = [
  ['inspections', 'inspections'], ['jointInspections', 'joint_inspections'], ['controlInspections', 'control_inspections'],
  ['published', 'published'], ['problem', 'problem'], ['controlPublished', 'control_published'], ['controlProblem', 'control_problem'],
  ['due', 'due'], ['enteredOnTime', 'entered_on_time'], ['onTime', 'on_time'], ['overdue', 'overdue'], ['overdueEnteredOnTime', 'overdue_entered_on_time'],
];
const sumSelect = (alias = '') => SUM_COLUMNS.map(([k, c]) => `coalesce(sum(${alias}${c}), 0)::float8 as "${k}"`).join(', ');

type Row = Record<string, unknown> & { k: string };

function toMap<T>(rows: Row[], pick: (r: Row) => T): Map<string, T> {
  return new Map(rows.map((r) => [r.k, pick(r)]));
}
const sums = (r: Row) => Object.fromEntries(SUM_COLUMNS.map(([k]) => [k, Number(r[k])])) as unknown as InspectionSums;
const tasks = (r: Row): TaskCounts => ({ tasks: Number(r.tasks), joint: Number(r.joint) });
const count = (r: Row) => Number(r.n);
const events = (r: Row): EventCounts => ({ opened: Number(r.opened), closed: Number(r.closed), recognitions: Number(r.recognitions) });

/** SQL for the key of a breakdown, given the column holding the month, the grade and a department. */
function keyOf(by: Breakdown | TaskBreakdown, cols: { month: string; grade: string; department: string }): string {
  switch (by) {
    case 'departmentMonth': return `${cols.department} || '|' || to_char(${cols.month}, 'YYYY-MM')`;
    case 'total': return `''`;
    case 'month': return `to_char(${cols.month}, 'YYYY-MM')`;
    case 'grade': return cols.grade;
    case 'department': return cols.department;
  }
}

const OPEN_JOINT = `joint and status not in ('COMPLETED', 'CLOSED')`;

/** Breakdown by department: one row per participating department, only the filtered one if any. */
const BY_DEPARTMENT = 'cross join lateral unnest(f.departments) d';
const ONLY_DEPARTMENT = ` and ($4 = '' or d = $4)`;
const byDepartment = (by: Breakdown | TaskBreakdown) => (by === 'department' || by === 'departmentMonth' ? [BY_DEPARTMENT, ONLY_DEPARTMENT] : ['', '']);

/** The rollup rows of a filter: '' (all) in every dimension except the one broken down by. */
function rollupWhere(by: Breakdown | TaskBreakdown): string {
  const department = by === 'department' || by === 'departmentMonth' ? `department <> '' and ($4 = '' or department = $4)` : 'department = $4';
  const grade = by === 'grade' ? `grade <> '' and ($6 = '' or grade = $6)` : 'grade = $6';
  return `region = $3 and ${department} and category = $5 and ${grade}`;
}

export function rollupSource(pool: Pool): MetricSource {
  // $1 from, $2 to, $3 region, $4 department, $5 category, $6 grade (, $7 today)
  const params = (s: MetricsScope) => [s.from, s.to, s.region, s.department, s.category, s.grade];
  const cols = { month: 'month', grade: 'grade', department: 'department' };
  return {
    name: 'ROLLUP',
    async prepare(s) {
      // Overdue is counted at the rollup's clock: move it to today (once a day; cheap when it is there).
      await pool.query('select metric_set_clock($1::date)', [s.today]);
    },
    async taskCounts(s, by) {
      const sql = `select ${keyOf(by, cols)} as k, sum(tasks)::int as tasks, sum(joint)::int as joint
        from metric_task_rollup where ${rollupWhere(by)} and month between $1 and $2 group by 1`;
      return toMap((await pool.query<Row>(sql, params(s))).rows, tasks);
    },
    async jointIncomplete(s) {
      const sql = `select d as k, count(*)::int as n from metric_task_fact f ${BY_DEPARTMENT}
        where ${OPEN_JOINT} and f.window_to < $7::date and f.month between $1 and $2 and $3 = any(f.regions)
          and ($5 = '' or $5 = any(f.categories)) and $6 = any(f.grades)${ONLY_DEPARTMENT} group by 1`;
      return toMap((await pool.query<Row>(sql, [...params(s), s.today])).rows, count);
    },
    async coveredItems(s) {
      const sql = `select item from metric_item_rollup where region = $3 and department = $4 and grade = $5 and month between $1 and $2
        group by item having sum(tasks) > 0`;
      return (await pool.query<{ item: string }>(sql, [s.from, s.to, s.region, s.department, s.grade])).rows.map((r) => r.item);
    },
    async coveredDepartments(s) {
      const sql = `select department from metric_task_rollup where ${rollupWhere('department')} and month between $1 and $2
        group by department having sum(tasks) > 0`;
      return (await pool.query<{ department: string }>(sql, params(s))).rows.map((r) => r.department);
    },
    async inspectionSums(s, by) {
      const sql = `select ${keyOf(by, cols)} as k, ${sumSelect()}
        from metric_inspection_rollup where ${rollupWhere(by)} and month between $1 and $2 group by 1`;
      return toMap((await pool.query<Row>(sql, params(s))).rows, sums);
    },
    async subjects(s) {
      const grade = `($2 = '' or grade = $2 or grade = '')`;
      const [dir, cov] = await Promise.all([
        pool.query<Row>(`select grade as k, subjects::float8 as n from metric_directory_rollup where region = $1 and ${grade}`, [s.region, s.grade]),
        pool.query<Row>(`select grade as k, subjects::float8 as n from metric_coverage_rollup where region = $1 and ${grade} and department = $3 and year = $4`, [s.region, s.grade, s.department, s.year]),
      ]);
      return subjectMap(s, dir.rows, cov.rows);
    },
    async events(s) {
      const sql = `select department as k, coalesce(sum(n) filter (where kind = 'F'), 0)::int as opened,
          coalesce(sum(closed) filter (where kind = 'F'), 0)::int as closed, coalesce(sum(n) filter (where kind = 'R'), 0)::int as recognitions
        from metric_event_rollup where region = $3 and month between $1 and $2 group by 1`;
      return toMap((await pool.query<Row>(sql, params(s).slice(0, 3))).rows, events);
    },
  };
}

/** Per grade and in total ('' — with a grade filter, the total is that grade's). */
function subjectMap(s: MetricsScope, dir: Row[], cov: Row[]): Map<string, SubjectCounts> {
  const out = new Map<string, SubjectCounts>();
  const at = (k: string) => out.get(k) ?? (out.set(k, { directory: 0, inspected: 0 }), out.get(k)!);
  for (const r of dir) at(r.k).directory += Number(r.n);
  for (const r of cov) at(r.k).inspected += Number(r.n);
  if (s.grade) out.set('', { ...(out.get(s.grade) ?? { directory: 0, inspected: 0 }) });
  return out;
}

/**
 * The same counts from the raw rows. Deliberately written without the rollup tables or their helper
 * functions: an inspection of a drawn task, in the month of its draw (China time), its subject's
 * current region, its stratum as grade, its task's departments and item categories; the first result
 * version decides timeliness, the latest published version whether a problem was found.
 */
export function rawSource(pool: Pool): MetricSource {
  const params = (s: MetricsScope) => [s.from, s.to, s.region, s.department, s.category, s.grade, s.today];
  const PROBLEM = `('PROBLEM_CORRECTED', 'PROBLEM_FOLLOW_UP', 'REFUSED')`;
  const cats = `array(select distinct ci.category::text from check_item ci where ci.id = any(t.item_ids))`;
  const facts = `
    select i.id, i.subject_id, date_trunc('month', t.drawn_at at time zone 'Asia/Shanghai')::date as month, i.stratum as grade,
      i.control, t.joint, t.departments,
      r1.published_at is not null as published,
      coalesce((select exists (select 1 from item_result ir where ir.result_id = p.id and ir.outcome in ${PROBLEM})
                from inspection_result p where p.inspection_id = i.id and p.published_at is not null order by p.version desc limit 1), false) as problem,
      r1.entered_at is not null and not r1.entered_late as entered_on_time,
      r1.published_at is not null and not r1.entered_late and not r1.published_late as on_time,
      r1.due_on
    from inspection i
    join task t on t.id = i.task_id and t.drawn_at is not null
    join subject s on s.id = i.subject_id
    left join inspection_result r1 on r1.inspection_id = i.id and r1.version = 1
    where s.region_code like $3 || '%' and ($4 = '' or $4 = any(t.departments)) and ($5 = '' or $5 = any(${cats})) and ($6 = '' or i.stratum = $6)`;
  const drawnTasks = `
    select t.id, date_trunc('month', t.drawn_at at time zone 'Asia/Shanghai')::date as month, t.joint, t.departments, t.item_codes, t.status, t.window_to
    from task t
    where t.drawn_at is not null
      and date_trunc('month', t.drawn_at at time zone 'Asia/Shanghai')::date between $1 and $2
      and ($4 = '' or $4 = any(t.departments)) and ($5 = '' or $5 = any(${cats}))
      and ($3 = '' or exists (select 1 from inspection i join subject s on s.id = i.subject_id where i.task_id = t.id and s.region_code like $3 || '%'))
      and ($6 = '' or exists (select 1 from inspection i where i.task_id = t.id and i.stratum = $6))`;
  return {
    name: 'RAW',
    async prepare() {},
    async taskCounts(s, by) {
      const [join, only] = byDepartment(by);
      const sql = `select ${keyOf(by, { month: 'f.month', grade: `''`, department: 'd' })} as k, count(*)::int as tasks, (count(*) filter (where joint))::int as joint
        from (${drawnTasks}) f ${join} where true${only} group by 1`;
      return toMap((await pool.query<Row>(sql, params(s).slice(0, 6))).rows, tasks);
    },
    async jointIncomplete(s) {
      const sql = `select d as k, count(*)::int as n from (${drawnTasks}) f ${BY_DEPARTMENT} where ${OPEN_JOINT} and f.window_to < $7::date${ONLY_DEPARTMENT} group by 1`;
      return toMap((await pool.query<Row>(sql, params(s))).rows, count);
    },
    async coveredItems(s) {
      const sql = `select distinct c from (${drawnTasks}) f cross join lateral unnest(f.item_codes) c`;
      return (await pool.query<{ c: string }>(sql, [...params(s).slice(0, 4), '', s.grade])).rows.map((r) => r.c);
    },
    async coveredDepartments(s) {
      return (await pool.query<{ d: string }>(`select distinct d from (${drawnTasks}) f ${BY_DEPARTMENT} where true${ONLY_DEPARTMENT}`, params(s).slice(0, 6))).rows.map((r) => r.d);
    },
    async inspectionSums(s, by) {
      const late = `not f.published and f.due_on < $7::date`;
      const measures = `values
        (f.month, 1, f.joint::int, f.control::int, f.published::int, (f.published and f.problem)::int,
         (f.control and f.published)::int, (f.control and f.published and f.problem)::int, 0, 0, 0, 0, 0),
        (date_trunc('month', f.due_on)::date, 0, 0, 0, 0, 0, 0, 0, f.published::int, (f.published and f.entered_on_time)::int, f.on_time::int,
         (${late})::int, (${late} and f.entered_on_time)::int)`;
      const sql = `select ${keyOf(by, { month: 'x.m', grade: 'f.grade', department: 'd' })} as k, ${sumSelect('x.')}
        from (${facts}) f
        cross join lateral (${measures}) x(m, ${SUM_COLUMNS.map(([, c]) => c).join(', ')})
        ${byDepartment(by)[0]}
        where x.m between $1 and $2${byDepartment(by)[1]}
        group by 1`;
      return toMap((await pool.query<Row>(sql, params(s))).rows, sums);
    },
    async subjects(s) {
      const grade = `coalesce(s.risk_grade::text, 'U')`;
      const where = `s.status = 'ACTIVE' and s.region_code like $1 || '%' and ($2 = '' or ${grade} = $2)`;
      const [dir, cov] = await Promise.all([
        pool.query<Row>(`select ${grade} as k, count(*)::float8 as n from subject s where ${where} group by 1`, [s.region, s.grade]),
        pool.query<Row>(
          `select ${grade} as k, count(distinct s.id)::float8 as n
           from inspection i join task t on t.id = i.task_id and t.drawn_at is not null join subject s on s.id = i.subject_id
           where ${where} and ($3 = '' or $3 = any(t.departments))
             and extract(year from t.drawn_at at time zone 'Asia/Shanghai') = $4 group by 1`,
          [s.region, s.grade, s.department, s.year],
        ),
      ]);
      const total = (rows: Row[]) => ({ k: '', n: rows.reduce((a, r) => a + Number(r.n), 0) });
      return subjectMap(s, [...dir.rows, total(dir.rows)], [...cov.rows, total(cov.rows)]);
    },
    async events(s) {
      // Follow-ups by the day they were opened, recognitions by the day (China time) they were made.
      const sql = `select d.code as k, count(*) filter (where e.kind = 'F') as opened, count(*) filter (where e.kind = 'F' and e.closed) as closed,
          count(*) filter (where e.kind = 'R') as recognitions
        from (select 'F' as kind, f.department_id, f.subject_id, f.opened_on as day, f.status = 'CLOSED' as closed from follow_up f
              union all
              select 'R', r.department_id, r.subject_id, (r.recognized_at at time zone 'Asia/Shanghai')::date, false from recognition r) e
        join department d on d.id = e.department_id join subject s on s.id = e.subject_id
        where e.day >= $1::date and e.day < ($2::date + interval '1 month') and s.region_code like $3 || '%'
        group by 1`;
      return toMap((await pool.query<Row>(sql, params(s).slice(0, 3))).rows, events);
    },
  };
}
