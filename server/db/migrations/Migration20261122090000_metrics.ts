import { Migration } from '@mikro-orm/migrations';

type FactMonth = 'month' | 'due_month';
/**
 * The inspection rollup's measures: what one fact adds to each, and the month it counts in (the draw
 * measures in the draw month, the timeliness measures in the month the result fell due).
 */
const FACT_MEASURES: [measure: string, month: FactMonth, value: string][] = [
  ['inspections', 'month', '1'],
  ['joint_inspections', 'month', 'f.joint::int'],
  ['control_inspections', 'month', 'f.control::int'],
  ['published', 'month', 'f.published::int'],
  ['problem', 'month', '(f.published and f.problem)::int'],
  ['control_published', 'month', '(f.control and f.published)::int'],
  ['control_problem', 'month', '(f.control and f.published and f.problem)::int'],
  ['due', 'due_month', 'f.published::int'],
  ['entered_on_time', 'due_month', '(f.published and f.entered_on_time)::int'],
  ['on_time', 'due_month', 'f.on_time::int'],
  ['overdue', 'due_month', '(not f.published and f.due_on < f.clock)::int'],
  ['overdue_entered_on_time', 'due_month', '(not f.published and f.due_on < f.clock and f.entered_on_time)::int'],
];
const MEASURES = FACT_MEASURES.map(([measure]) => measure);
// int sums at every stage: sum(int) runs on a 64-bit accumulator, sum(bigint) on numeric (slow, large).
const sums = (alias: string) => MEASURES.map((m) => `sum(${alias}.${m})::int ${m}`).join(', ');
/** Groups whose every measure sums to zero change nothing: they are not written. */
const changes = (alias: string) => `having ${MEASURES.map((m) => `sum(${alias}.${m}) <> 0`).join(' or ')}`;

/**
 * Adds the signed facts selected by `rows` (with `sign` 1 to add and -1 to remove, and `clock` the day
 * overdue is counted at: unpublished results due before it) to the rollup: sums per distinct fact first
 * (the draw measures in the draw month, the timeliness measures in the due month), then per department ×
 * category × grade ('' = all), then per region level, so even a draw of tens of thousands of inspections
 * aggregates only a few thousand rows before the upsert; an old fact and its unchanged new self cancel
 * and write nothing. `materialized`: `rows` is computed once (facts recomputed from the raw rows) rather
 * than read twice (a table).
 */
export function rollupInsert(rows: string, materialized = true): string {
  const sumsIn = (month: FactMonth) =>
    FACT_MEASURES.map(([measure, at, value]) => `${at === month ? `sum(f.sign * ${value})::int` : '0'} ${measure}`).join(', ');
  return `with f as ${materialized ? '' : 'not '}materialized (${rows}),
    a as (
      select f.region, f.grade, f.departments, f.categories, f.month m, ${sumsIn('month')}
      from f group by 1, 2, 3, 4, 5
      union all
      select f.region, f.grade, f.departments, f.categories, f.due_month m, ${sumsIn('due_month')}
      from f where f.due_month is not null group by 1, 2, 3, 4, 5
    ), b as (
      select a.region, d, c, g, a.m, ${sums('a')}
      from a
      cross join lateral unnest(array[''] || a.departments) d
      cross join lateral unnest(array[''] || a.categories) c
      cross join lateral unnest(array['', a.grade]) g
      group by a.region, d, c, g, a.m
    )
    insert into metric_inspection_rollup as r (region, department, category, grade, month, ${MEASURES.join(', ')})
    select rg, b.d, b.c, b.g, b.m, ${sums('b')}
    from b cross join lateral unnest(metric_region_levels(b.region)) rg
    group by rg, b.d, b.c, b.g, b.m
    ${changes('b')}
    order by rg, b.d, b.c, b.g, b.m
    on conflict (region, department, category, grade, month) do update set
      ${MEASURES.map((m) => `${m} = r.${m} + excluded.${m}`).join(', ')}`;
}

const PROBLEM_OUTCOMES = `('PROBLEM_CORRECTED', 'PROBLEM_FOLLOW_UP', 'REFUSED')`;
const taskCategories = `select coalesce(array_agg(distinct ci.category::text order by ci.category::text), '{}') from check_item ci where ci.id = any(t.item_ids)`;
const factColumns = (categories: string, problem: string) => `i.id, i.task_id, i.subject_id, metric_china_month(t.drawn_at), s.region_code, i.stratum,
      i.control, t.joint, t.departments, ${categories},
      r1.published_at is not null,
      ${problem},
      r1.entered_at is not null and not r1.entered_late,
      r1.published_at is not null and not r1.entered_late and not r1.published_late,
      r1.due_on,
      r1.due_on - (extract(day from r1.due_on)::int - 1)`;

/**
 * The facts of the inspections in `from` (alias i) from the raw rows: the draw month (China time), the
 * subject's current region, the stratum as grade, the task's departments and item categories; the first
 * result version decides timeliness, the latest published version whether a problem was found. `bulk`
 * reads every table once with hash joins (the rebuild); otherwise row by row through the indexes.
 */
function factSelect(from: string, bulk = false): string {
  if (bulk) {
    return `with t as materialized (select t.id, t.drawn_at, t.joint, t.departments, (${taskCategories}) categories from task t where t.drawn_at is not null),
      cur as (select distinct on (p.inspection_id) p.inspection_id, p.id from inspection_result p where p.published_at is not null order by p.inspection_id, p.version desc),
      pr as (select distinct ir.result_id from item_result ir where ir.outcome in ${PROBLEM_OUTCOMES})
    select ${factColumns('t.categories', 'pr.result_id is not null')}
    from ${from}
    join t on t.id = i.task_id
    join subject s on s.id = i.subject_id
    left join inspection_result r1 on r1.inspection_id = i.id and r1.version = 1
    left join cur on cur.inspection_id = i.id
    left join pr on pr.result_id = cur.id`;
  }
  return `select ${factColumns('tc.categories', 'coalesce(cur.problem, false)')}
    from ${from}
    join task t on t.id = i.task_id and t.drawn_at is not null
    join subject s on s.id = i.subject_id
    cross join lateral (${taskCategories}) tc(categories)
    left join inspection_result r1 on r1.inspection_id = i.id and r1.version = 1
    left join lateral (
      select exists (select 1 from item_result ir where ir.result_id = p.id and ir.outcome in ${PROBLEM_OUTCOMES}) problem
      from inspection_result p where p.inspection_id = i.id and p.published_at is not null order by p.version desc limit 1
    ) cur on true`;
}

/**
 * Adds the signed task facts read from `from` (alias f, `sign` ±1) to the task rollup (tasks and joint
 * tasks per region level × department × item category × grade × month, counted under every region level
 * and grade any of their inspections has) and to the item rollup (tasks per covered item, without the
 * category: an item's task always has the item's category). Unchanged tasks cancel out before any write.
 */
function taskRollupInsert(from: string): string[] {
  const expand = (extra: string) => `from ${from}
      cross join lateral unnest(f.regions) rg cross join lateral unnest(f.grades) g${extra}`;
  return [
    `insert into metric_task_rollup as r (region, department, category, grade, month, tasks, joint)
    select a.rg, d, c, a.g, a.month, sum(a.tasks), sum(a.joint)
    from (
      select rg, g, f.departments, f.categories, f.month, sum(f.sign)::int tasks, sum(f.sign * f.joint::int)::int joint
      ${expand('')}
      group by 1, 2, 3, 4, 5 having sum(f.sign) <> 0 or sum(f.sign * f.joint::int) <> 0
    ) a
    cross join lateral unnest(array[''] || a.departments) d
    cross join lateral unnest(array[''] || a.categories) c
    group by a.rg, d, c, a.g, a.month order by 1, 2, 3, 4, 5
    on conflict (region, department, category, grade, month) do update set tasks = r.tasks + excluded.tasks, joint = r.joint + excluded.joint`,
    `insert into metric_item_rollup as r (region, department, grade, month, item, tasks)
    select a.rg, d, a.g, a.month, a.item, sum(a.tasks)
    from (
      select rg, g, it item, f.departments, f.month, sum(f.sign)::int tasks
      ${expand(' cross join lateral unnest(f.item_codes) it')}
      group by 1, 2, 3, 4, 5 having sum(f.sign) <> 0
    ) a
    cross join lateral unnest(array[''] || a.departments) d
    group by a.rg, d, a.g, a.month, a.item order by 1, 2, 3, 4, 5
    on conflict (region, department, grade, month, item) do update set tasks = r.tasks + excluded.tasks`,
  ];
}

/** Adds signed follow-ups and recognitions (`source`: kind, region, department, month, n, closed) to their rollup. */
function eventInsert(source: string): string {
  return `insert into metric_event_rollup as r (kind, region, department, month, n, closed)
    select a.kind, rg, a.department, a.month, sum(a.n), sum(a.closed)
    from (${source}) a(kind, region, department, month, n, closed)
    cross join lateral unnest(metric_region_levels(a.region)) rg
    group by 1, 2, 3, 4 having sum(a.n) <> 0 or sum(a.closed) <> 0 order by 1, 2, 3, 4
    on conflict (kind, region, department, month) do update set n = r.n + excluded.n, closed = r.closed + excluded.closed`;
}
/** Follow-ups count in the month they were opened, recognitions in the month (China time) they were made. */
const followUpEvents = (rows: string, sign: string, region = 's.region_code') => `select 'F', ${region}, d.code, date_trunc('month', x.opened_on)::date, ${sign}, ${sign} * (x.status = 'CLOSED')::int
      from ${rows} join subject s on s.id = x.subject_id join department d on d.id = x.department_id`;
const recognitionEvents = (rows: string, sign: string, region = 's.region_code') => `select 'R', ${region}, d.code, metric_china_month(x.recognized_at), ${sign}, 0
      from ${rows} join subject s on s.id = x.subject_id join department d on d.id = x.department_id`;

/** Marks the subjects of the facts in `from` (alias f) inspected in their year, and counts the new marks (per region and grade first, then under every level). */
function markSubjects(from: string): string {
  return `with marked as (
      insert into metric_subject_year (subject_id, year, department)
      select distinct f.subject_id, extract(year from f.month)::int, d
      from ${from}
      cross join lateral unnest(array[''] || f.departments) d
      order by 1, 2, 3
      on conflict do nothing
      returning subject_id, year, department
    )
    insert into metric_coverage_rollup as r (region, department, grade, year, subjects)
    select rg, a.department, g, a.year, sum(a.n)
    from (
      select s.region_code, coalesce(s.risk_grade::text, 'U') grade, m.department, m.year, count(*) n
      from marked m join subject s on s.id = m.subject_id and s.status = 'ACTIVE'
      group by 1, 2, 3, 4
    ) a
    cross join lateral unnest(metric_region_levels(a.region_code)) rg
    cross join lateral unnest(array['', a.grade]) g
    group by rg, a.department, g, a.year
    order by 1, 2, 3, 4
    on conflict (region, department, grade, year) do update set subjects = r.subjects + excluded.subjects`;
}

/** Adds `n` active subjects per (region, grade) read from `source` to the directory rollup. */
function directoryInsert(source: string): string {
  return `insert into metric_directory_rollup as r (region, grade, subjects)
    select rg, g, sum(a.n) from (${source}) a(region, grade, n)
    cross join lateral unnest(metric_region_levels(a.region)) rg
    cross join lateral unnest(array['', a.grade]) g
    group by rg, g order by rg, g
    on conflict (region, grade) do update set subjects = r.subjects + excluded.subjects`;
}
const activeSubjects = (table: string) => `select region_code, coalesce(risk_grade::text, 'U'), count(*) from ${table} where status = 'ACTIVE' group by 1, 2`;

export const IDS = '(select distinct unnest(ids) id) u';
/** The facts' secondary indexes (the rebuild drops them for its load and builds them after it). */
const FACT_INDEXES: [name: string, definition: string][] = [
  ['metric_inspection_fact_task_idx', '(task_id)'],
  ['metric_inspection_fact_subject_idx', '(subject_id)'],
  ['metric_inspection_fact_pending_idx', '(due_on) where not published and due_on is not null'],
];
const createFactIndexes = FACT_INDEXES.map(([name, definition]) => `create index ${name} on metric_inspection_fact ${definition}`);
/**
 * A bulk load may switch the rollups off for its session (`set jointcheck.metrics = off`) when it ends with
 * metric_rebuild(), which recounts everything: the triggers (and metric_directory_add) then return at once.
 */
const metricsOffThen = (exit: string) => `if current_setting('jointcheck.metrics', true) = 'off' then ${exit}; end if;\n      `;
const METRICS_OFF = metricsOffThen('return null');
/** The advisory lock that orders moving the overdue clock against counting changes. */
export const CLOCK_LOCK = 7420117;

/**
 * Metric rollups, maintained incrementally in the same transaction as the events they count (a draw, an
 * entry, a publication, a correction, a task's status, a subject's grade or region): triggers mark what
 * changed, and the marks are counted once when the transaction commits.
 *
 * - `metric_inspection_fact`: one row per inspection of an executed (drawn) task with everything the
 *   metrics need; recomputed from the raw rows whenever one of them changes. Its old contribution is
 *   subtracted from the rollup and the new one added, so the rollup always equals a recount.
 * - `metric_inspection_rollup`: sums per month × region level × department × item category × grade,
 *   with '' standing for "all" in each dimension, so every filter combination is one index lookup.
 *   Draw measures count in the draw month; timeliness measures (and results still unpublished) in the
 *   month the result fell due.
 * - `metric_task_fact`: one row per executed task (small: queried directly).
 * - `metric_subject_year` / `metric_coverage_rollup`: which subjects were inspected in a year (by any
 *   department and by each), counted by the subject's current region and grade.
 * - `metric_directory_rollup`: active subjects per region level and current grade.
 */
export class Migration20261122090000_metrics extends Migration {
  override name = 'Migration20261122090000_metrics';

  override up(): void {
    // The levels a region code is counted under: '' (all), province, city, county, township.
    this.addSql(`create function metric_region_levels(code text) returns text[] language sql immutable parallel safe as $$
      select case when length(code) > 6 then array['', left(code, 2), left(code, 4), left(code, 6), code]
                  when length(code) > 4 then array['', left(code, 2), left(code, 4), code]
                  when length(code) > 2 then array['', left(code, 2), code]
                  else array['', code] end
    $$`);
    this.addSql(`create function metric_china_month(at timestamptz) returns date language sql immutable parallel safe as $$
      select date_trunc('month', at at time zone 'Asia/Shanghai')::date
    $$`);

    this.addSql(`create table metric_inspection_fact (
      inspection_id bigint primary key,
      task_id int not null,
      subject_id bigint not null,
      month date not null,
      region text not null,
      grade text not null,
      control boolean not null,
      joint boolean not null,
      departments text[] not null,
      categories text[] not null,
      published boolean not null,
      problem boolean not null,
      entered_on_time boolean not null,
      on_time boolean not null,
      due_on date,
      due_month date
    )`);
    for (const index of createFactIndexes) this.addSql(index);

    this.addSql(`create table metric_inspection_rollup (
      region text not null, department text not null, category text not null, grade text not null, month date not null,
      inspections bigint not null default 0,
      joint_inspections bigint not null default 0,
      control_inspections bigint not null default 0,
      published bigint not null default 0,
      problem bigint not null default 0,
      control_published bigint not null default 0,
      control_problem bigint not null default 0,
      due bigint not null default 0,
      entered_on_time bigint not null default 0,
      on_time bigint not null default 0,
      overdue bigint not null default 0,
      overdue_entered_on_time bigint not null default 0,
      primary key (region, department, category, grade, month)
    ) with (fillfactor = 50)`);

    this.addSql(`create table metric_task_fact (
      task_id int primary key,
      month date not null,
      joint boolean not null,
      departments text[] not null,
      categories text[] not null,
      item_codes text[] not null,
      regions text[] not null,
      grades text[] not null,
      status text not null,
      window_to date not null,
      inspections int not null
    )`);
    this.addSql('create index metric_task_fact_month_idx on metric_task_fact (month)');
    this.addSql(`create index metric_task_fact_open_joint_idx on metric_task_fact (month) where joint and status not in ('COMPLETED', 'CLOSED')`);
    this.addSql(`create table metric_task_rollup (
      region text not null, department text not null, category text not null, grade text not null, month date not null,
      tasks bigint not null default 0, joint bigint not null default 0,
      primary key (region, department, category, grade, month)
    ) with (fillfactor = 70)`);
    this.addSql(`create table metric_item_rollup (
      region text not null, department text not null, grade text not null, month date not null, item text not null,
      tasks bigint not null default 0,
      primary key (region, department, grade, month, item)
    ) with (fillfactor = 70)`);
    this.addSql(`create table metric_event_rollup (
      kind char(1) not null, region text not null, department text not null, month date not null,
      n bigint not null default 0, closed bigint not null default 0,
      primary key (kind, region, department, month)
    )`);
    // The day overdue is counted at (see metric_set_clock): one row.
    this.addSql(`create table metric_clock (day date not null)`);
    this.addSql(`insert into metric_clock values ((now() at time zone 'Asia/Shanghai')::date)`);

    this.addSql(`create table metric_subject_year (
      subject_id bigint not null, year int not null, department text not null,
      primary key (subject_id, year, department)
    )`);
    this.addSql(`create table metric_coverage_rollup (
      region text not null, department text not null, grade text not null, year int not null, subjects bigint not null default 0,
      primary key (region, department, grade, year)
    )`);
    this.addSql(`create table metric_directory_rollup (
      region text not null, grade text not null, subjects bigint not null default 0,
      primary key (region, grade)
    )`);

    this.addSql(`create function metric_store_facts(ids bigint[]) returns void language sql as $$
      delete from metric_inspection_fact f using ${IDS} where f.inspection_id = u.id;
      insert into metric_inspection_fact ${factSelect(`${IDS} join inspection i on i.id = u.id`)}
    $$`);
    this.addSql(`create function metric_mark_subjects(ids bigint[]) returns void language sql as $$
      ${markSubjects(`${IDS} join metric_inspection_fact f on f.inspection_id = u.id`)}
    $$`);

    // Recomputes the facts of these inspections from the raw rows and moves the rollup by the difference
    // between the stored facts and the new ones, in one pass.
    this.addSql(`create function metric_refresh_inspections(ids bigint[]) returns void language plpgsql set work_mem = '64MB' as $$
    begin
      if ids is null or cardinality(ids) = 0 then return; end if;
      -- The clock may not move while this counts (metric_set_clock takes the lock exclusively).
      perform pg_advisory_xact_lock_shared(${CLOCK_LOCK});
      ${rollupInsert(`select -1 as sign, c.day as clock, f.* from ${IDS} join metric_inspection_fact f on f.inspection_id = u.id cross join metric_clock c
                       union all
                       select 1, c.day, n.* from (${factSelect(`${IDS} join inspection i on i.id = u.id`)}) n cross join metric_clock c`)};
      perform metric_store_facts(ids);
      perform metric_mark_subjects(ids);
    end $$`);

    // Counts everything once from the raw rows: after a bulk load with triggers off, or as a repair.
    // Counts everything once from the raw rows: after a bulk load with triggers off, or as a repair. In
    // three steps a loader may run the last ones side by side (the rollups are incomplete meanwhile):
    // the facts (and the directory, events and clock), then the inspection rollup, the subject coverage
    // and the task rollups from the facts. metric_rebuild() runs them all in one transaction.
    this.addSql(`create function metric_rebuild_facts() returns void language plpgsql set work_mem = '256MB' as $$
    begin
      perform pg_advisory_xact_lock(${CLOCK_LOCK});
      truncate metric_inspection_fact, metric_inspection_rollup, metric_task_fact, metric_task_rollup, metric_item_rollup, metric_event_rollup,
        metric_subject_year, metric_coverage_rollup, metric_directory_rollup;
      update metric_clock set day = (now() at time zone 'Asia/Shanghai')::date;
      -- After a bulk load the planner needs statistics to choose hash joins over nested loops.
      analyze task, inspection, inspection_result, item_result, subject;
      ${directoryInsert(activeSubjects('subject'))};
      -- The indexes are built once after the load rather than row by row.
      drop index ${FACT_INDEXES.map(([name]) => name).join(', ')};
      insert into metric_inspection_fact ${factSelect('inspection i', true)};
      ${createFactIndexes.join(';\n      ')};
      analyze metric_inspection_fact;
      ${eventInsert(`${followUpEvents('follow_up x', '1')} union all ${recognitionEvents('recognition x', '1')}`)};
    end $$`);
    // Hash aggregation over every fact: sorting them, which the planner prefers, takes twice as long.
    this.addSql(`create function metric_rebuild_inspections() returns void language plpgsql set work_mem = '256MB' set enable_sort = off as $$
    begin
      ${rollupInsert('select 1 as sign, c.day as clock, f.* from metric_inspection_fact f cross join metric_clock c', false)};
    end $$`);
    this.addSql(`create function metric_rebuild_coverage() returns void language plpgsql set work_mem = '256MB' as $$
    begin
      ${markSubjects('metric_inspection_fact f')};
    end $$`);
    this.addSql(`create function metric_rebuild_tasks() returns void language plpgsql as $$
    begin
      perform metric_refresh_tasks(array(select id from task where drawn_at is not null));
    end $$`);
    this.addSql(`create function metric_rebuild() returns void language plpgsql as $$
    begin
      perform metric_rebuild_facts();
      perform metric_rebuild_inspections();
      perform metric_rebuild_coverage();
      perform metric_rebuild_tasks();
    end $$`);

    // Overdue counts the unpublished results due before the clock's day. Moving the clock (the first
    // metrics query of a day does) moves the results that fell due in between; a writer counting its
    // changes holds the lock shared, so both see the same day.
    this.addSql(`create function metric_set_clock(target date) returns void language plpgsql as $$
    declare
      was date;
    begin
      if (select day from metric_clock) = target then return; end if;
      perform pg_advisory_xact_lock(${CLOCK_LOCK});
      select day into was from metric_clock;
      if was = target then return; end if;
      ${rollupInsert(`select x.sign, x.clock, f.* from metric_inspection_fact f cross join (values (-1, was), (1, target)) x(sign, clock)
                       where not f.published and f.due_on >= least(was, target) and f.due_on < greatest(was, target)`)};
      update metric_clock set day = target;
    end $$`);

    // A task's facts: its regions (every level) and grades are those of its inspections' facts. The
    // stored facts are subtracted from the task and item rollups and the new ones added.
    this.addSql(`create function metric_refresh_tasks(ids int[]) returns void language plpgsql set work_mem = '256MB' as $$
    declare
      stored metric_task_fact[];
    begin
      if ids is null or cardinality(ids) = 0 then return; end if;
      stored := array(select f from metric_task_fact f join ${IDS} on u.id = f.task_id);
      delete from metric_task_fact f using ${IDS} where f.task_id = u.id;
      insert into metric_task_fact
      select t.id, metric_china_month(t.drawn_at), t.joint, t.departments, (${taskCategories}), t.item_codes,
        array[''] || coalesce((select array_agg(distinct rg order by rg) from unnest(x.regions) r cross join lateral unnest(metric_region_levels(r)) rg where rg <> ''), '{}'),
        array[''] || coalesce(x.grades, '{}'),
        t.status, t.window_to, coalesce(x.n, 0)
      from ${IDS} join task t on t.id = u.id and t.drawn_at is not null
      left join (
        select f.task_id, array_agg(distinct f.region) regions, array_agg(distinct f.grade order by f.grade) grades, count(*)::int n
        from metric_inspection_fact f join ${IDS} on u.id = f.task_id group by f.task_id
      ) x on x.task_id = t.id;
      ${taskRollupInsert(`(select -1 as sign, o.* from unnest(stored) o union all select 1, f.* from metric_task_fact f join ${IDS} on u.id = f.task_id) f`).join(';\n')};
    end $$`);

    // The triggers only mark what changed; the marks are counted once, when the transaction commits (a
    // deferred constraint trigger on one row per transaction), however many statements touched them.
    this.addSql(`create table metric_dirty (kind char(1) not null, id bigint not null, primary key (kind, id))`);
    this.addSql(`create table metric_flush (txid xid8 primary key)`);
    // Called by the triggers, which return before it when the upkeep is off (METRICS_OFF).
    this.addSql(`create function metric_mark(inspections bigint[], tasks bigint[]) returns void language plpgsql as $$
    begin
      if coalesce(cardinality(inspections), 0) + coalesce(cardinality(tasks), 0) = 0 then return; end if;
      insert into metric_dirty (kind, id)
      select 'I', x from unnest(inspections) x union select 'T', x from unnest(tasks) x
      order by 1, 2
      on conflict do nothing;
      insert into metric_flush values (pg_current_xact_id()) on conflict do nothing;
    end $$`);
    this.addSql(`create function metric_flush() returns trigger language plpgsql as $$
    declare
      inspections bigint[];
      tasks int[];
    begin
      with d as (delete from metric_dirty returning kind, id)
      select array_agg(id) filter (where kind = 'I'), array_agg(id::int) filter (where kind = 'T') into inspections, tasks from d;
      -- Inspections first: a task's facts (regions, grades) are read from its inspections'.
      perform metric_refresh_inspections(inspections);
      perform metric_refresh_tasks(tasks);
      delete from metric_flush where txid = new.txid;
      return null;
    end $$`);
    this.addSql(`create constraint trigger metric_flush after insert on metric_flush deferrable initially deferred for each row execute function metric_flush()`);

    // Inspections: a draw inserts them (by COPY), the services update status and the current result.
    // A draw writes its inspections before it marks the task drawn; the task's trigger marks them then.
    this.addSql(`create function metric_inspection_inserted() returns trigger language plpgsql as $$
    begin
      ${METRICS_OFF}perform metric_mark(array(select n.id from new_rows n join task t on t.id = n.task_id where t.drawn_at is not null),
                          array(select distinct n.task_id from new_rows n join task t on t.id = n.task_id where t.drawn_at is not null));
      return null;
    end $$`);
    this.addSql(`create trigger metric_inspection_inserted after insert on inspection referencing new table as new_rows for each statement execute function metric_inspection_inserted()`);
    this.addSql(`create function metric_inspection_updated() returns trigger language plpgsql as $$
    begin
      ${METRICS_OFF}perform metric_mark(
        array(select n.id from new_rows n join old_rows o on o.id = n.id
              where (n.current_result_id, n.subject_id, n.control, n.stratum) is distinct from (o.current_result_id, o.subject_id, o.control, o.stratum)),
        -- A task's regions and grades are its inspections'.
        array(select distinct n.task_id from new_rows n join old_rows o on o.id = n.id
              where (n.subject_id, n.stratum) is distinct from (o.subject_id, o.stratum)));
      return null;
    end $$`);
    this.addSql(`create trigger metric_inspection_updated after update on inspection referencing old table as old_rows new table as new_rows for each statement execute function metric_inspection_updated()`);

    // Results: entry, publication and corrections change timeliness and the problem flag.
    this.addSql(`create function metric_result_changed() returns trigger language plpgsql as $$
    begin
      ${METRICS_OFF}perform metric_mark(array(select distinct inspection_id from new_rows), null);
      return null;
    end $$`);
    this.addSql(`create trigger metric_result_inserted after insert on inspection_result referencing new table as new_rows for each statement execute function metric_result_changed()`);
    this.addSql(`create trigger metric_result_updated after update on inspection_result referencing new table as new_rows for each statement execute function metric_result_changed()`);

    // Tasks: the draw sets drawn_at; status changes (completion) and the facts of the task follow.
    this.addSql(`create function metric_task_updated() returns trigger language plpgsql as $$
    begin
      ${METRICS_OFF}perform metric_mark(
        array(select i.id from new_rows n join old_rows o on o.id = n.id join inspection i on i.task_id = n.id
              where o.drawn_at is distinct from n.drawn_at or o.joint is distinct from n.joint or o.departments is distinct from n.departments or o.item_ids is distinct from n.item_ids),
        array(select n.id from new_rows n join old_rows o on o.id = n.id
              where (o.status, o.drawn_at, o.joint, o.departments, o.item_ids, o.item_codes, o.window_to)
                    is distinct from (n.status, n.drawn_at, n.joint, n.departments, n.item_ids, n.item_codes, n.window_to)));
      return null;
    end $$`);
    this.addSql(`create trigger metric_task_updated after update on task referencing old table as old_rows new table as new_rows for each statement execute function metric_task_updated()`);

    // Subjects: the directory and coverage count them by current region and grade, at once; a region
    // change also marks the subject's inspections and their tasks.
    this.addSql(`create function metric_subject_inserted() returns trigger language plpgsql as $$
    begin
      ${METRICS_OFF}${directoryInsert(activeSubjects('new_rows'))};
      return null;
    end $$`);
    this.addSql(`create trigger metric_subject_inserted after insert on subject referencing new table as new_rows for each statement execute function metric_subject_inserted()`);
    // The same count from counts per region and grade: a bulk load into the empty directory drops the trigger
    // above (PostgreSQL would otherwise keep a copy of every loaded row for its transition table) and its reader
    // counts the rows as it encodes them.
    this.addSql(`create function metric_directory_add(regions text[], grades text[], counts bigint[]) returns void language plpgsql as $$
    begin
      ${metricsOffThen('return')}${directoryInsert('select * from unnest(regions, grades, counts)')};
    end $$`);
    this.addSql(`create function metric_subject_updated() returns trigger language plpgsql as $$
    begin
      ${METRICS_OFF}with changed as (
        select o.id, o.region_code o_region, coalesce(o.risk_grade::text, 'U') o_grade, o.status = 'ACTIVE' o_active,
               n.region_code n_region, coalesce(n.risk_grade::text, 'U') n_grade, n.status = 'ACTIVE' n_active
        from old_rows o join new_rows n on n.id = o.id
        where (o.region_code, o.risk_grade, o.status) is distinct from (n.region_code, n.risk_grade, n.status)
      ), delta as (
        select o_region region, o_grade grade, id, -1 n from changed where o_active
        union all
        select n_region, n_grade, id, 1 from changed where n_active
      ), directory as (
        ${directoryInsert('select region, grade, sum(n) from delta group by 1, 2')}
      )
      insert into metric_coverage_rollup as r (region, department, grade, year, subjects)
      select rg, a.department, g, a.year, sum(a.n) from (
        select d.region, d.grade, m.department, m.year, sum(d.n) n
        from delta d join metric_subject_year m on m.subject_id = d.id group by 1, 2, 3, 4
      ) a
      cross join lateral unnest(metric_region_levels(a.region)) rg
      cross join lateral unnest(array['', a.grade]) g
      group by rg, a.department, g, a.year order by 1, 2, 3, 4
      on conflict (region, department, grade, year) do update set subjects = r.subjects + excluded.subjects;
      with moved as (
        select v.id, v.region, v.sign from old_rows o join new_rows n on n.id = o.id and n.region_code is distinct from o.region_code
        cross join lateral (values (o.id, o.region_code, -1), (n.id, n.region_code, 1)) v(id, region, sign)
      )
      ${eventInsert(`${followUpEvents('moved m join follow_up x on x.subject_id = m.id', 'm.sign', 'm.region')}
        union all ${recognitionEvents('moved m join recognition x on x.subject_id = m.id', 'm.sign', 'm.region')}`)};
      perform metric_mark(
        array(select f.inspection_id from old_rows o join new_rows n on n.id = o.id join metric_inspection_fact f on f.subject_id = n.id
              where o.region_code is distinct from n.region_code),
        array(select distinct f.task_id from old_rows o join new_rows n on n.id = o.id join metric_inspection_fact f on f.subject_id = n.id
              where o.region_code is distinct from n.region_code));
      return null;
    end $$`);
    this.addSql(`create trigger metric_subject_updated after update on subject referencing old table as old_rows new table as new_rows for each statement execute function metric_subject_updated()`);

    // Follow-ups and recognitions: counted at once, per region level, department and month.
    for (const [table, events] of [['follow_up', followUpEvents], ['recognition', recognitionEvents]] as const) {
      this.addSql(`create function metric_${table}_changed() returns trigger language plpgsql as $$
      begin
        ${METRICS_OFF}if tg_op in ('UPDATE', 'DELETE') then ${eventInsert(events('old_rows x', '-1'))}; end if;
        if tg_op in ('INSERT', 'UPDATE') then ${eventInsert(events('new_rows x', '1'))}; end if;
        return null;
      end $$`);
      this.addSql(`create trigger metric_${table}_inserted after insert on ${table} referencing new table as new_rows for each statement execute function metric_${table}_changed()`);
      this.addSql(`create trigger metric_${table}_updated after update on ${table} referencing old table as old_rows new table as new_rows for each statement execute function metric_${table}_changed()`);
      this.addSql(`create trigger metric_${table}_deleted after delete on ${table} referencing old table as old_rows for each statement execute function metric_${table}_changed()`);
    }

    // Existing data (a database migrated from an earlier version): count it once.
    this.addSql('select metric_rebuild()');
  }
}
