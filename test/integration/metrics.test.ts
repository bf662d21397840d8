import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../../server/common/dates.js';
import { withTransaction } from '../../server/common/tx.js';
import { computeMetrics, metricsScope, type Metrics, type MetricsFilter } from '../../server/metrics/metrics.service.js';
import { rawSource, rollupSource } from '../../server/metrics/sources.js';
import { correctSome, generateSynthetic } from '../../server/metrics/synthetic.js';
import { initTestApp, seedDepartments, type TestApp } from '../utils.js';

const TODAY = chinaDate();
const YEAR = Number(TODAY.slice(0, 4));

async function both(t: TestApp, filter: MetricsFilter, today = TODAY): Promise<[Metrics, Metrics]> {
  const scope = await metricsScope(t.db.pool, filter, today);
  const a = await computeMetrics(t.db.pool, rollupSource(t.db.pool), scope, t.config.metrics);
  const b = await computeMetrics(t.db.pool, rawSource(t.db.pool), scope, t.config.metrics);
  return [{ ...a, source: 'RAW' }, b];
}

/** The rollup tables' non-zero rows, in a stable order. */
async function rollupRows(t: TestApp) {
  const out: Record<string, unknown[]> = {};
  for (const [table, nonzero] of [
    ['metric_inspection_rollup', 'inspections + due <> 0 or published <> 0 or overdue <> 0'],
    ['metric_task_rollup', 'tasks <> 0 or joint <> 0'],
    ['metric_item_rollup', 'tasks <> 0'],
    ['metric_event_rollup', 'n <> 0 or closed <> 0'],
    ['metric_coverage_rollup', 'subjects <> 0'],
    ['metric_directory_rollup', 'subjects <> 0'],
    ['metric_task_fact', 'true'],
    ['metric_inspection_fact', 'true'],
  ] as const) {
    const rows = (await t.db.pool.query(`select * from ${table} where ${nonzero}`)).rows.map((r) => JSON.stringify(r));
    out[table] = rows.sort();
  }
  return out;
}

describe('metrics: rollups against a recount of the raw rows', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await initTestApp();
    // A bulk world counted once by a rebuild, then a second one written the way the services write
    // (tasks frozen then drawn, results entered then published): the triggers maintain the rollups.
    await generateSynthetic(t.db.pool, { subjects: 4000, tasks: 400, perTask: 10, today: TODAY, triggers: false, salt: 7 });
    await generateSynthetic(t.db.pool, { subjects: 400, tasks: 40, perTask: 6, today: TODAY, triggers: true, salt: 11 });
  }, 120_000);
  afterAll(() => t?.close());

  it('the synthetic world has what the comparison needs', async () => {
    const [m] = await both(t, { year: YEAR });
    expect(m.tasks).toBeGreaterThan(120);
    expect(m.jointTasks).toBeGreaterThan(5);
    expect(m.inspections).toBeGreaterThan(1000);
    expect(m.overdue).toBeGreaterThan(0);
    expect(m.controlProblemRate.denominator).toBeGreaterThan(0);
    expect(m.grades.find((g) => g.grade === 'D')!.problemRate.value!).toBeGreaterThan(m.grades.find((g) => g.grade === 'A')!.problemRate.value!);
  });

  it('equal for every filter, after incremental changes of every kind, and equal to a full rebuild', async () => {
    const pool = t.db.pool;
    // Changes the services make one by one, here in bulk: grades reassessed, a subject moved to another
    // township, one closed, corrections published, tasks completed, a pending result published.
    await pool.query(`update subject set risk_grade = case risk_grade when 'A' then 'B' when 'B' then 'C' else 'A' end where id % 17 = 3`);
    await pool.query(`update subject set region_code = '370201001' where id % 97 = 5`);
    await pool.query(`update subject set status = 'CANCELLED' where id % 89 = 7`);
    // Corrections in one transaction, as the services write them: four statements touch each inspection,
    // the rollup counts them once at commit and leaves no marks behind.
    expect(await withTransaction(pool, (client) => correctSome(client, 99, 0.05))).toBeGreaterThan(0);
    expect((await pool.query('select (select count(*) from metric_dirty) + (select count(*) from metric_flush) as n')).rows[0].n).toBe(0);
    expect((await pool.query(`select count(*)::int as n from metric_inspection_fact f join task t on t.id = f.task_id where t.code like 'SYN11-%'`)).rows[0].n).toBeGreaterThan(50);
    await pool.query(`update task set status = 'COMPLETED' where status = 'IN_PROGRESS' and id % 3 = 0`);
    await pool.query(`update inspection_result set status = 'PUBLISHED', published_at = now(), published_late = due_on < current_date
                      where published_at is null and entered_at is not null and id % 2 = 0`);
    // A stratum corrected (the task's grades follow), follow-ups closed, recognitions withdrawn.
    await pool.query(`update inspection set stratum = 'D' where id % 101 = 1 and stratum <> 'D'`);
    expect((await pool.query(`update follow_up set status = 'CLOSED', closed_on = opened_on + 3 where status = 'OPEN' and id % 2 = 0`)).rowCount).toBeGreaterThan(0);
    expect((await pool.query(`delete from recognition where id % 5 = 0`)).rowCount).toBeGreaterThan(0);

    const filters: MetricsFilter[] = [
      {}, { year: YEAR - 1 }, { year: YEAR, region: '370100' }, { year: YEAR, region: '370000' }, { year: YEAR - 1, region: '370102003' },
      { from: `${YEAR - 1}-03`, to: `${YEAR}-02` }, { year: YEAR, department: 'SCJG' }, { year: YEAR - 1, department: 'SW', itemCategory: 'KEY' },
      { year: YEAR, grade: 'D' }, { year: YEAR, grade: 'U', region: '370403' }, { year: YEAR, itemCategory: 'GENERAL', department: 'WSJK', grade: 'B' },
      { from: `${YEAR - 1}-01-15`, to: TODAY, region: '370300', grade: 'C' },
    ];
    for (const f of filters) {
      const [rollup, raw] = await both(t, f);
      expect(rollup, JSON.stringify(f)).toEqual(raw);
    }
    // Overdue is counted at the rollup's clock: asking for another day moves it, both ways.
    const day = (d: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);
    let moved = 0;
    for (const today of [day(9), day(-40), day(1)]) {
      for (const f of [{ year: YEAR }, { from: `${YEAR - 1}-01`, to: today, region: '370100', department: 'SCJG' }]) {
        const [rollup, raw] = await both(t, f, today);
        expect(rollup, `${today} ${JSON.stringify(f)}`).toEqual(raw);
      }
      expect((await pool.query('select day::text from metric_clock')).rows[0].day).toBe(today);
      moved += (await both(t, {}, today))[0].overdue;
    }
    expect(moved).toBeGreaterThan(0);
    await both(t, {});
    const before = await rollupRows(t);
    await pool.query('select metric_rebuild()');
    expect(await rollupRows(t)).toEqual(before);
  }, 120_000);
});

/**
 * A hand-made county in 2025 with known answers: 10 tasks drawn in March (one joint: exactly the 10%
 * target), 12 inspections, 10 results published (one late), one overdue, one not yet visited.
 */
describe('metrics: definitions on hand-made data', () => {
  let t: TestApp;
  const today = '2026-01-15';
  const at = (d: string) => `${d}T10:00:00+08:00`;
  let ids: Record<string, number> = {};

  async function task(code: string, departments: string[], items: string[], drawn: string | null) {
    const r = await t.db.pool.query<{ id: number }>(
      `insert into task (code, year, seq, name, kind, joint, item_ids, item_codes, departments, scope_libraries, scope_regions, scope_industries,
         scope_kinds, scope_grades, scope_subjects, quota_rule, window_from, window_to, team_sizes, recognition_days, yearly_cap, status, created_by)
       values ($1, 2025, (select count(*) + 1 from task), $1, 'ROUTINE', $2, array(select id from check_item where code = any($3) order by code), $3, $4,
         '{}', '{}', '{}', '{}', '{}', '{}', '{}', '2025-03-01', '2025-06-30', '[]', 0, 0, 'FROZEN', 'test') returning id`,
      [code, departments.length > 1, items, departments],
    );
    ids[code] = r.rows[0]!.id;
    return { drawn, id: r.rows[0]!.id };
  }

  async function inspect(name: string, taskCode: string, subject: string, grade: string, control = false) {
    const r = await t.db.pool.query<{ id: number }>(
      `insert into inspection (task_id, subject_id, seq, stratum, ticket, status, control)
       values ($1, (select id from subject where key = $2), 1, $3, 'x', 'ASSIGNED', $4) returning id::int`,
      [ids[taskCode], subject, grade, control],
    );
    ids[name] = r.rows[0]!.id;
  }

  /** A first result version: entered `entered` (late if after due), published `published` (or not), with a problem or not. */
  async function result(name: string, o: { visit: string; entered?: string; published?: string; problem?: boolean }) {
    const due = addDaysIso(o.visit, 28);
    const r = await t.db.pool.query<{ id: number }>(
      `insert into inspection_result (inspection_id, version, status, visit_date, method, due_on, entered_at, entered_late, published_late, created_by)
       values ($1, 1, $2, $3, 'ONSITE', $4, $5, $6, $7, 'test') returning id::int`,
      [ids[name], o.entered ? 'ENTERED' : 'DRAFT', o.visit, due, o.entered ? at(o.entered) : null, !!o.entered && o.entered > due, !!o.published && o.published > due],
    );
    const rid = r.rows[0]!.id;
    await t.db.pool.query(
      `insert into item_result (result_id, item_id, department_code, outcome)
       select $1, ci.id, d.code, case when $2 and ci.code = t.item_codes[1] then 'PROBLEM_FOLLOW_UP' else 'NO_PROBLEM' end
       from inspection i join task t on t.id = i.task_id join check_item ci on ci.id = any(t.item_ids) join department d on d.id = ci.department_id
       where i.id = $3`,
      [rid, !!o.problem, ids[name]],
    );
    if (o.published) await t.db.pool.query(`update inspection_result set status = 'PUBLISHED', published_at = $2 where id = $1`, [rid, at(o.published)]);
    await t.db.pool.query(`update inspection set current_result_id = $2 where id = $1`, [ids[name], rid]);
  }

  const addDaysIso = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

  async function metrics(filter: MetricsFilter, config = t.config.metrics) {
    const scope = await metricsScope(t.db.pool, filter, today);
    const m = await computeMetrics(t.db.pool, rollupSource(t.db.pool), scope, config);
    expect({ ...m, source: 'RAW' }).toEqual(await computeMetrics(t.db.pool, rawSource(t.db.pool), scope, config));
    return m;
  }

  beforeAll(async () => {
    t = await initTestApp();
    ids = {};
    const pool = t.db.pool;
    await seedDepartments(pool);
    await pool.query(`insert into check_item (code, version, current, department_id, category, legal_basis, subject_type, content, methods, effective_from)
      select c, 1, true, (select id from department where code = d), k, '依据', '企业', '内容', '{ONSITE}', '2020-01-01'
      from (values ('SCJG-1', 'SCJG', 'GENERAL'), ('SW-1', 'SW', 'KEY'), ('WJ-1', 'WJ', 'GENERAL')) v(c, d, k)`);
    await pool.query(`insert into subject (key, name, kind, region_code, status, risk_grade)
      select 'S' || lpad(g::text, 2, '0'), '对象' || g, 'ENTERPRISE', case when g <= 10 then '370305001' else '370305002' end, 'ACTIVE',
             (array['A', 'B', 'C', 'D'])[1 + (g - 1) % 4]
      from generate_series(1, 20) g`);
    const tasks = [await task('T01', ['SCJG', 'SW'], ['SCJG-1', 'SW-1'], '2025-03-05')];
    for (let n = 2; n <= 10; n++) tasks.push(await task(`T${String(n).padStart(2, '0')}`, ['SCJG'], ['SCJG-1'], '2025-03-10'));
    tasks.push(await task('T11', ['SCJG'], ['SCJG-1'], null)); // frozen, never drawn: not executed
    // Joint task: three subjects; the others one each. Subjects S11–S20 are in township 002.
    await inspect('j1', 'T01', 'S01', 'A');
    await inspect('j2', 'T01', 'S11', 'D');
    await inspect('j3', 'T01', 'S02', 'B');
    const solo: [string, string, string, boolean?][] = [['s2', 'S03', 'C'], ['s3', 'S04', 'C'], ['s4', 'S05', 'D'], ['s5', 'S06', 'A'], ['s6', 'S12', 'B'],
      ['s7', 'S13', 'C'], ['s8', 'S07', 'A'], ['s9', 'S08', 'B'], ['s10', 'S09', 'D', true]];
    for (const [n, [name, subject, grade, control]] of solo.entries()) await inspect(name, `T${String(n + 2).padStart(2, '0')}`, subject, grade, control);
    for (const tk of tasks) if (tk.drawn) await pool.query(`update task set status = 'IN_PROGRESS', drawn_at = $2 where id = $1`, [tk.id, at(tk.drawn)]);
    const onTime = { visit: '2025-03-20', entered: '2025-03-25', published: '2025-03-28' };
    for (const n of ['j1', 'j3', 's2', 's3', 's4', 's5', 's10']) await result(n, onTime);
    await result('j2', { ...onTime, problem: true });
    await result('s6', { ...onTime, problem: true });
    await result('s7', { visit: '2025-03-20', entered: '2025-05-10', published: '2025-05-12', problem: true });
    await result('s8', { visit: '2025-03-20', entered: '2025-03-25' }); // never published: overdue
    // Plans: SCJG on time, SW late, WJ none; WJ declined a joint task.
    await pool.query(`insert into plan (year, kind, department_id, version, current, status, filed_at, filed_late, created_by)
      select 2025, 'DEPARTMENT', id, 1, true, 'FILED', case code when 'SCJG' then '2025-01-20'::timestamptz else '2025-03-01'::timestamptz end, code = 'SW', 'test'
      from department where code in ('SCJG', 'SW')`);
    await pool.query(`insert into task_participant (task_id, department_id, lead, status, decided_by, decided_at, decline_reason)
      values ($1, (select id from department where code = 'WJ'), false, 'DECLINED', 'test', '2025-02-20', '同期承担专项任务')`, [ids.T01]);
  }, 60_000);
  afterAll(() => t?.close());

  it('joint share exactly at the 10% target, by tasks and by inspections; an 11th plain task takes it below', async () => {
    const m = await metrics({ year: 2025 });
    expect(m.jointShare).toEqual({ numerator: 1, denominator: 10, value: 0.1, target: 0.1 });
    expect(m.jointShare.value! >= m.jointShare.target!).toBe(true);
    expect(m.jointShareByInspections).toEqual({ numerator: 3, denominator: 12, value: 0.25, target: 0.1 });
    expect(m.monthly.find((p) => p.month === '2025-03')).toMatchObject({ tasks: 10, jointTasks: 1, inspections: 12, jointInspections: 3 });
    expect(m.monthly.filter((p) => p.tasks > 0)).toHaveLength(1);
    await t.db.pool.query(`update task set status = 'DRAWN', drawn_at = '2025-03-15T10:00:00+08:00' where id = $1`, [ids.T11]);
    const after = await metrics({ year: 2025 });
    expect(after.jointShare).toMatchObject({ numerator: 1, denominator: 11 });
    expect(after.jointShare.value! < 0.1).toBe(true);
    await t.db.pool.query(`update task set status = 'FROZEN', drawn_at = null where id = $1`, [ids.T11]);
    expect((await metrics({ year: 2025 })).jointShare.denominator).toBe(10);
    expect((await metrics({ year: 2024 })).tasks).toBe(0);
  });

  it('coverage, timeliness, overdue and problem-found rates per grade with the control group', async () => {
    const m = await metrics({ year: 2025 });
    expect(m.itemCoverage).toMatchObject({ numerator: 2, denominator: 3 });
    expect(m.uncoveredItems).toEqual(['WJ-1']);
    expect(m.departmentCoverage).toMatchObject({ numerator: 2, denominator: 3 });
    expect(m.uncoveredDepartments).toEqual(['WJ']);
    expect(m.subjectCoverage).toMatchObject({ numerator: 12, denominator: 20 });
    expect(m.timeliness).toMatchObject({ numerator: 9, denominator: 11 });
    expect(m.timelyEntry).toMatchObject({ numerator: 10, denominator: 11 });
    expect(m.overdue).toBe(1);
    expect(m.problemRate).toMatchObject({ numerator: 3, denominator: 10 });
    const g = Object.fromEntries(m.grades.map((x) => [x.grade, x]));
    expect(g.D!.problemRate).toMatchObject({ numerator: 1, denominator: 3 });
    expect(g.C!.problemRate).toMatchObject({ numerator: 1, denominator: 3 });
    expect(g.B!.problemRate).toMatchObject({ numerator: 1, denominator: 2 });
    expect(g.A!.problemRate).toMatchObject({ numerator: 0, denominator: 2 });
    expect(g.A!.subjects).toBe(5);
    expect(m.controlProblemRate).toMatchObject({ numerator: 0, denominator: 1 });
    expect(g.D!.controlInspections).toBe(1);
  });

  it('filters: department, region, category and grade', async () => {
    const sw = await metrics({ year: 2025, department: 'SW' });
    expect(sw.jointShare).toMatchObject({ numerator: 1, denominator: 1 });
    expect(sw.inspections).toBe(3);
    const south = await metrics({ year: 2025, region: '370305002' });
    expect(south.jointShare).toMatchObject({ numerator: 1, denominator: 3 });
    expect(south.inspections).toBe(3);
    expect(south.subjectCoverage).toMatchObject({ numerator: 3, denominator: 10 });
    expect((await metrics({ year: 2025, region: '370305' })).inspections).toBe(12);
    expect((await metrics({ year: 2025, region: '370300' })).inspections).toBe(12);
    expect((await metrics({ year: 2025, region: '110000' })).inspections).toBe(0);
    expect((await metrics({ year: 2025, itemCategory: 'KEY' })).tasks).toBe(1);
    const d = await metrics({ year: 2025, grade: 'D' });
    expect(d).toMatchObject({ tasks: 3, inspections: 3 });
    expect(d.grades.map((x) => x.grade)).toEqual(['D']);
    await expect(metrics({ year: 2025, department: 'NOPE' })).rejects.toThrow(/部门代码「NOPE」不存在/);
    await expect(metrics({ region: '3703' })).rejects.toThrow(/行政区划代码/);
    await expect(metrics({ from: '2025-05', to: '2025-02' })).rejects.toThrow(/晚于/);
  });

  it('department scores: components, weights and deductions', async () => {
    const m = await metrics({ year: 2025 });
    const by = Object.fromEntries(m.departmentScores.map((d) => [d.department, d]));
    const scjg = by.SCJG!;
    const comp = Object.fromEntries(scjg.components.map((c) => [c.key, c]));
    expect(comp.planFiled!.share).toMatchObject({ numerator: 2, denominator: 2 });
    expect(comp.taskCompletion!.share).toMatchObject({ numerator: 10, denominator: 12 });
    expect(comp.jointParticipation!).toMatchObject({ points: 20, share: { numerator: 1, denominator: 10 } });
    expect(comp.timelyEntry!.share).toMatchObject({ numerator: 10, denominator: 11 });
    expect(comp.publication!.share).toMatchObject({ numerator: 9, denominator: 11 });
    expect(comp.followUpClosure!.points).toBe(15);
    // The joint task's window ended on 2025-06-30 and it is still in progress: −5 for its lead and partner.
    expect(scjg.deductions.find((x) => x.key === 'INCOMPLETE_JOINT')).toMatchObject({ count: 1, points: 5 });
    // 10 + 16.7 + 20 + 18.2 + 12.3 + 15 − 5
    expect(scjg.score).toBe(87.2);
    expect(by.SW!.components.find((c) => c.key === 'planFiled')!.points).toBe(5);
    expect(by.WJ!.deductions.find((x) => x.key === 'DECLINED_JOINT')).toMatchObject({ count: 1, points: 3 });
    expect(by.WJ!.score).toBe(Math.max(0, 20 + 15 + 15 - 3));
    // SW: plan late (5) + its three inspections all complete and on time (20 + 20 + 20 + 15 + 15) − 5.
    expect(m.departmentScores.map((d) => [d.department, d.score])).toEqual([['SW', 90], ['SCJG', 87.2], ['WJ', 47]]);
    const weighted = await metrics({ year: 2025 }, { ...t.config.metrics, weights: { planFiled: 50, taskCompletion: 10, jointParticipation: 10, timelyEntry: 10, publication: 10, followUpClosure: 10 } });
    expect(weighted.departmentScores.find((d) => d.department === 'SW')!.components[0]).toMatchObject({ key: 'planFiled', weight: 50, points: 25 });
  });
});
