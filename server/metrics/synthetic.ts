/**
 * Synthetic supervision data at any scale, written with set-based SQL straight into the real tables —
 * for the rollup-versus-recount tests and for `npm run bench:metrics` (10,000,000 inspections). Not
 * used by the hub itself. Deterministic: every random choice is a hash of row ids and a salt.
 *
 * With `triggers: true` the rows go in the way the services write them (tasks frozen, inspections
 * drawn, the task marked drawn, results entered and later published, corrections, grade and region
 * changes) so the rollups are maintained incrementally by their triggers. With `triggers: false` the
 * session replicates (no triggers) and `rebuildMetrics` counts everything once afterwards.
 */
import type { Pool, PoolClient } from 'pg';
import { DEPARTMENTS } from '../reference/departments.js';
import { rebuildMetrics } from './rebuild.js';

export { rebuildMetrics };

export interface SyntheticOptions {
  subjects: number;
  tasks: number;
  /** Average inspections per drawn task (each task gets 0.5×–1.5× this). */
  perTask: number;
  /** Today (China) — the data spans the 730 days before it. */
  today: string;
  triggers: boolean;
  salt?: number;
  onProgress?: (step: string, ms: number) => void;
}

/** A uniform number in [0, 1) from a bigint expression and a salt. */
const rnd = (expr: string, salt: number) => `(((hashint8((${expr})::bigint * 1000003 + ${salt}) & 2147483647)::float8) / 2147483648.0)`;

/** Inspection ids are spaced per task by this much (see the inspections step). */
const ID_STRIDE = 4096;

/** Problem rate by grade at selection: the grading predicts problems. */
const PROBLEM_RATE = `(case i.stratum when 'A' then 0.03 when 'B' then 0.08 when 'C' then 0.2 when 'D' then 0.4 else 0.1 end)`;

export async function generateSynthetic(pool: Pool, o: SyntheticOptions): Promise<void> {
  const salt = o.salt ?? 7;
  // Keys and codes carry the salt, so several worlds can be added to one database.
  const tag = `SYN${salt}`;
  const client = await pool.connect();
  const step = async (name: string, sql: string, params: unknown[] = []) => {
    const t = Date.now();
    await client.query(sql, params);
    o.onProgress?.(name, Date.now() - t);
  };
  try {
    if (!o.triggers) await client.query('set session_replication_role = replica');
    const codes = DEPARTMENTS.filter((d) => d.member).map((d) => d.code);
    for (const d of DEPARTMENTS) {
      await client.query(
        `insert into department (code, name, short_name, kind, member) values ($1, $2, $3, $4, $5) on conflict (code) do nothing`,
        [d.code, d.name, d.shortName, d.kind, d.member],
      );
    }
    await step('items', `
      insert into check_item (code, version, current, department_id, category, legal_basis, subject_type, content, methods, effective_from, active)
      select d.code || '-S' || n, 1, true, d.id, case when n <= 2 then 'GENERAL' else 'KEY' end, '合成数据', '市场主体', '合成事项 ' || n,
             '{ONSITE}', '2020-01-01', true
      from department d cross join generate_series(1, 4) n where d.code = any($1)
      on conflict do nothing`, [codes]);
    await step('subjects', `
      insert into subject (key, name, kind, region_code, status, risk_grade)
      select $2 || '-' || lpad(g::text, 9, '0'), '合成对象' || g, 'ENTERPRISE',
        '370' || (1 + g % 4) || lpad((1 + (g / 4) % 3)::text, 2, '0') || lpad((1 + (g / 12) % 5)::text, 3, '0'),
        case when ${rnd('g', salt)} < 0.03 then 'UNREACHABLE' else 'ACTIVE' end,
        case when ${rnd('g', salt + 1)} < 0.02 then null when ${rnd('g', salt + 2)} < 0.6 then 'A' when ${rnd('g', salt + 2)} < 0.85 then 'B'
             when ${rnd('g', salt + 2)} < 0.96 then 'C' else 'D' end
      from generate_series(1, $1::int) g`, [o.subjects, tag]);
    const base = await client.query<{ lo: number }>(`select min(id)::int as lo from subject where key like $1 || '-%'`, [tag]);
    const lo = base.rows[0]!.lo;
    // Tasks: a lead department, 12% with a partner; drawn over the last 730 days; one in 50 never drawn.
    await step('tasks', `
      insert into task (code, year, seq, name, kind, joint, item_ids, item_codes, departments, scope_libraries, scope_regions, scope_industries,
        scope_kinds, scope_grades, scope_subjects, quota_rule, window_from, window_to, team_sizes, recognition_days, yearly_cap, status, created_by)
      select $4 || '-' || g, extract(year from x.drawn)::int, ${salt * 1_000_000} + g, '合成任务 ' || g, 'ROUTINE', x.joint,
        array[(select id from check_item where code = x.lead || '-S' || (1 + g % 3))] || case when x.joint then array[(select id from check_item where code = x.partner || '-S1')] else '{}' end,
        array[x.lead || '-S' || (1 + g % 3)] || case when x.joint then array[x.partner || '-S1'] else '{}' end,
        array[x.lead] || case when x.joint then array[x.partner] else '{}' end,
        '{}', '{}', '{}', '{}', '{}', '{}', '{}', x.drawn, x.drawn + 90, '[]', 0, 0, 'FROZEN', 'synthetic'
      from generate_series(1, $1::int) g
      cross join lateral (select ($2::date - floor(${rnd('g', salt + 3)} * 730)::int) as drawn, ${rnd('g', salt + 4)} < 0.12 as joint,
        ($3::text[])[1 + g % cardinality($3::text[])] as lead, ($3::text[])[1 + (g % cardinality($3::text[]) + 1 + g % 5) % cardinality($3::text[])] as partner) x`,
    [o.tasks, o.today, codes, tag]);
    // Inspections: distinct subjects per task from its area — most tasks a county's, some a city's, a few
    // the whole directory — as a department draws from its own jurisdiction. Subject g lies in city g % 4
    // and county g % 12, so the area's subjects are g = r + span·j; a stride coprime with their number
    // keeps them distinct. Ids are fixed up front (inspection id = base + task id · 4096 + seq, and its
    // first result has the same id), so without triggers the results go in first and each inspection is
    // written once, already pointing at its current result.
    if (o.perTask * 1.5 >= ID_STRIDE) throw new Error(`perTask must stay below ${Math.floor(ID_STRIDE / 1.5)}`);
    const ids = await client.query<{ base: string }>(
      `select greatest((select coalesce(max(id), 0) from inspection), (select coalesce(max(id), 0) from inspection_result)) + 1 as base`);
    const idBase = Number(ids.rows[0]!.base);
    const span = `(case when ${rnd('t.id', salt + 23)} < 0.7 then 12 when ${rnd('t.id', salt + 23)} < 0.95 then 4 else 1 end)`;
    const drawn = `(select ${idBase}::bigint + t.id::bigint * ${ID_STRIDE} + k as id, t.id as task_id, k as seq, a.span, a.r, a.n
      from task t
      cross join lateral (select ${span} as span) a0
      cross join lateral (select a0.span, 1 + t.id % a0.span as r) a1
      cross join lateral (select a1.span, a1.r, (${o.subjects} - a1.r) / a1.span + 1 as n) a
      cross join lateral generate_series(1, least(a.n - 1, greatest(0, floor(${o.perTask}::float8 * (0.5 + ${rnd('t.id', salt + 6)}))::int))) k
      where t.code like '${tag}-%' and right(t.code, 2) <> '50') i`;
    const subjectOf = `${lo}::bigint - 1 + i.r + i.span::bigint * ((i.task_id::bigint * 7919 + i.seq::bigint * 1000003) % i.n)`;
    // Results: 93% visited within 60 days of the draw (not after today); entry mostly in days, sometimes late.
    const visit = `(t.window_from + floor(${rnd('i.id', salt + 8)} * 60)::int)`;
    const entered = `(${visit} + 1 + floor(power(${rnd('i.id', salt + 9)}, 3) * 45)::int)`;
    const published = `(${entered} + floor(${rnd('i.id', salt + 10)} * 6)::int)`;
    const willPublish = `${rnd('i.id', salt + 11)} < 0.9 and ${published} <= $1::date`;
    const visited = `${rnd('i.id', salt + 12)} < 0.93 and ${visit} <= $1::date`;
    const insertInspections = (current: boolean) => step('inspections', `
      insert into inspection (id, task_id, subject_id, seq, stratum, ticket, status, control, current_result_id, checked_on)
      select i.id, i.task_id, s.id, i.seq, coalesce(s.risk_grade, 'U'), 'synthetic',
        ${current ? `case when not (${visited}) then 'ASSIGNED' when ${willPublish} then 'PUBLISHED' when ${entered} <= $1::date then 'ENTERED' else 'CHECKED' end` : `'ASSIGNED'`},
        ${rnd('i.task_id::bigint * 100003 + i.seq', salt + 5)} < 0.03,
        ${current ? `case when ${visited} then i.id end, case when ${visited} then ${visit} end` : 'null, null'}
      from ${drawn} join task t on t.id = i.task_id join subject s on s.id = ${subjectOf}`, current ? [o.today] : []);
    const drawTasks = () => step('draw', `
      update task set drawn_at = (window_from::timestamp + interval '10 hours') at time zone 'Asia/Shanghai',
        status = case when window_from < $1::date - 120 then (case when joint and ${rnd('id', salt + 7)} < 0.1 then 'IN_PROGRESS' else 'CLOSED' end)
                      when window_from < $1::date - 30 then 'IN_PROGRESS' else 'DRAWN' end
      where code like $2 || '-%' and right(code, 2) <> '50'`, [o.today, tag]);
    if (o.triggers) {
      await insertInspections(false);
      await drawTasks();
    }
    await step('results', `
      insert into inspection_result (id, inspection_id, version, status, visit_date, method, due_on, entered_at, entered_by, entered_late,
        published_at, published_by, published_late, created_by)
      select i.id, i.id, 1, case when not $2 and ${willPublish} then 'PUBLISHED' when ${entered} <= $1::date then 'ENTERED' else 'DRAFT' end,
        ${visit}, 'ONSITE', ${visit} + 28,
        case when ${entered} <= $1::date then (${entered}::timestamp + interval '15 hours') at time zone 'Asia/Shanghai' end,
        case when ${entered} <= $1::date then 'synthetic' end, ${entered} <= $1::date and ${entered} > ${visit} + 28,
        case when not $2 and ${willPublish} then (${published}::timestamp + interval '16 hours') at time zone 'Asia/Shanghai' end,
        case when not $2 and ${willPublish} then 'synthetic' end,
        ${willPublish} and ${published} > ${visit} + 28, 'synthetic'
      from ${drawn} join task t on t.id = i.task_id
      where ${visited}`, [o.today, o.triggers]);
    if (!o.triggers) {
      await insertInspections(true);
      await drawTasks();
    }
    for (const seq of ['inspection', 'inspection_result']) {
      await client.query(`select setval(pg_get_serial_sequence('${seq}', 'id'), (select max(id) from ${seq}))`);
    }
    await step('item results', `
      insert into item_result (result_id, item_id, department_code, outcome)
      select r.id, it, ci_dept.code,
        case when ${rnd('r.id * 7 + it', salt + 13)} < ${PROBLEM_RATE} then (case when ${rnd('r.id', salt + 14)} < 0.7 then 'PROBLEM_CORRECTED' else 'PROBLEM_FOLLOW_UP' end) else 'NO_PROBLEM' end
      from inspection_result r join inspection i on i.id = r.inspection_id join task t on t.id = i.task_id
      cross join lateral unnest(t.item_ids) it
      cross join lateral (select d.code from check_item ci join department d on d.id = ci.department_id where ci.id = it) ci_dept
      where t.code like $1 || '-%'`, [tag]);
    if (o.triggers) {
      await step('publish', `
        update inspection_result r set status = 'PUBLISHED', published_by = 'synthetic',
          published_at = (${published}::timestamp + interval '16 hours') at time zone 'Asia/Shanghai'
        from inspection i join task t on t.id = i.task_id
        where i.id = r.inspection_id and t.code like $2 || '-%' and ${willPublish}`, [o.today, tag]);
      await step('current results', `
        update inspection i set current_result_id = r.id, status = case when r.published_at is not null then 'PUBLISHED' when r.entered_at is not null then 'ENTERED' else 'CHECKED' end,
          checked_on = r.visit_date
        from inspection_result r where r.inspection_id = i.id and r.created_by = 'synthetic' and i.current_result_id is null`);
    }
    await correctSome(client, salt, 0.01, tag);
    await step('follow-ups', `
      insert into follow_up (subject_id, department_id, inspection_id, kind, status, opened_on, due_on, closed_on, closed_by, decision, created_by)
      select i.subject_id, (select id from department where code = t.departments[1]), i.id,
        case when ${rnd('i.id', salt + 15)} < 0.5 then 'CASE_FILED' else 'ABNORMAL_LISTING' end,
        case when ${rnd('i.id', salt + 16)} < 0.6 then 'CLOSED' else 'OPEN' end,
        (r.published_at at time zone 'Asia/Shanghai')::date, (r.published_at at time zone 'Asia/Shanghai')::date + 30,
        case when ${rnd('i.id', salt + 16)} < 0.6 then least($1::date, (r.published_at at time zone 'Asia/Shanghai')::date + 20) end,
        case when ${rnd('i.id', salt + 16)} < 0.6 then 'synthetic' end, case when ${rnd('i.id', salt + 16)} < 0.6 then '已依法处理' end, 'synthetic'
      from inspection i join task t on t.id = i.task_id join inspection_result r on r.id = i.current_result_id
      where t.code like $2 || '-%' and r.published_at is not null and ${rnd('i.id', salt + 17)} < 0.3
        and exists (select 1 from item_result ir where ir.result_id = r.id and ir.outcome <> 'NO_PROBLEM')`, [o.today, tag]);
    await step('recognitions', `
      insert into recognition (department_id, subject_id, result_id, item_code, recognized_by, recognized_at)
      select (select id from department where code = ($1::text[])[1 + (i.id % cardinality($1::text[]))::int]), i.subject_id, r.id, t.item_codes[1], 'synthetic',
        r.published_at + interval '3 days'
      from inspection i join task t on t.id = i.task_id join inspection_result r on r.id = i.current_result_id
      where t.code like $2 || '-%' and r.published_at is not null and ${rnd('i.id', salt + 18)} < 0.02
      on conflict do nothing`, [codes, tag]);
    // Plans: every member files for both years, one in eight late, one in ten of the current year missing.
    await step('plans', `
      insert into plan (year, kind, department_id, version, current, status, filed_at, filed_late, created_by)
      select y, 'DEPARTMENT', d.id, 1, true, 'FILED',
        make_date(y, 1, 20)::timestamp + case when ${rnd('d.id * 10000 + y', salt + 19)} < 0.125 then interval '40 days' else interval '0 days' end,
        ${rnd('d.id * 10000 + y', salt + 19)} < 0.125, 'synthetic'
      from department d cross join generate_series(extract(year from $1::date)::int - 1, extract(year from $1::date)::int) y
      where d.code = any($2) and not (y = extract(year from $1::date) and ${rnd('d.id', salt + 20)} < 0.1)
      on conflict do nothing`, [o.today, codes]);
    await step('declines', `
      insert into task_participant (task_id, department_id, lead, status, decided_by, decided_at, decline_reason)
      select t.id, d.id, false, 'DECLINED', 'synthetic', t.created_at, '本部门同期承担专项整治任务'
      from task t join department d on d.code = ($1::text[])[1 + (t.id % cardinality($1::text[]))::int]
      where t.code like $2 || '-%' and t.joint and not d.code = any(t.departments) and ${rnd('t.id', salt + 21)} < 0.1`, [codes, tag]);
    if (!o.triggers) {
      await client.query('set session_replication_role = origin');
      await rebuildMetrics(pool, o.onProgress);
    }
  } finally {
    if (!o.triggers) await client.query('set session_replication_role = origin').catch(() => undefined);
    client.release();
  }
}

/** Signed corrections: a share of published results get a second version flipping the first item's outcome. */
export async function correctSome(client: PoolClient | Pool, salt: number, ratio: number, tag = 'SYN'): Promise<number> {
  const picked = await client.query<{ id: number }>(`
    insert into inspection_result (inspection_id, version, supersedes, status, visit_date, method, due_on, entered_at, entered_by, entered_late,
      published_late, correction_reason, correction_signed_by, created_by)
    select r.inspection_id, r.version + 1, r.id, 'ENTERED', r.visit_date, r.method, r.due_on, r.published_at + interval '1 day', 'synthetic',
      r.entered_late, r.published_late, '公示内容有误', 'synthetic-head', 'synthetic-correction'
    from inspection i join task t on t.id = i.task_id join inspection_result r on r.id = i.current_result_id
    where t.code like $2 || '%' and r.published_at is not null and ${rnd('i.id', salt + 22)} < $1
    returning id::int`, [ratio, tag]);
  const ids = picked.rows.map((r) => r.id);
  if (!ids.length) return 0;
  await client.query(`
    insert into item_result (result_id, item_id, department_code, outcome)
    select n.id, ir.item_id, ir.department_code,
      case when ir.item_id = (select min(item_id) from item_result x where x.result_id = ir.result_id)
           then (case when ir.outcome = 'NO_PROBLEM' then 'PROBLEM_CORRECTED' else 'NO_PROBLEM' end) else ir.outcome end
    from inspection_result n join item_result ir on ir.result_id = n.supersedes where n.id = any($1)`, [ids]);
  await client.query(`update inspection_result set status = 'PUBLISHED', published_at = entered_at + interval '1 hour', published_by = 'synthetic' where id = any($1)`, [ids]);
  await client.query(`update inspection i set current_result_id = n.id from inspection_result n where n.id = any($1) and n.inspection_id = i.id`, [ids]);
  return ids.length;
}
