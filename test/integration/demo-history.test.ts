/**
 * The demo county with its simulated history (last year and this year up to now), on a reduced
 * directory: both years have tasks, about one in nine joint, every draw verifies with the CLI's own
 * verification, timestamps lie in the past and spread over the months, results are mostly on time with
 * some late and a few overdue, problems are found more often the higher the risk grade, and there are
 * corrections, follow-ups, leads and mutual recognitions.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../../server/common/dates.js';
import type { HistoryReport } from '../../server/demo/history.js';
import { loadDemo } from '../../server/demo/load.js';
import { verifyCommand } from '../../server/draw/cli.js';
import { publishResults, recordResults } from '../../server/inspections/result.service.js';
import { CheckMethod } from '../../server/items/check-item.entity.js';
import { submitCommitments } from '../../server/tasks/task.service.js';
import { computeMetrics, metricsScope } from '../../server/metrics/metrics.service.js';
import { rawSource, rollupSource } from '../../server/metrics/sources.js';
import { tempDir } from '../tmp.js';
import { initTestApp, type TestApp } from '../utils.js';

let t: TestApp;
let base: string;
let report: HistoryReport;
let lines = '';
const started = new Date();
/**
 * The history runs up to now, except in the first five months: then it ends in mid-December, so that
 * its "current year" has had time to fill (late plans filed, enough tasks for the shares to mean much).
 */
const until = (() => {
  const today = chinaDate(started);
  return Number(today.slice(5, 7)) <= 5 ? new Date(`${Number(today.slice(0, 4)) - 1}-12-15T10:00:00+08:00`) : started;
})();
const today = chinaDate(until);
const [LAST, THIS] = [Number(today.slice(0, 4)) - 1, Number(today.slice(0, 4))];

const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await t.db.pool.query<T>(sql, params)).rows;

beforeAll(async () => {
  t = await initTestApp();
  await loadDemo(t.db, {
    subjects: 6000, config: t.config, until,
    out: { write: (s: string) => ((lines += s), true) } as unknown as NodeJS.WritableStream,
    onHistory: (r) => (report = r),
  });
  await new Promise<void>((r) => t.app.server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}, 240_000);
afterAll(() => t?.close());

describe('the demo county with a simulated history', () => {
  it('ran every step through the services without a refusal, and said so month by month', () => {
    expect(report.failures).toEqual([]);
    expect(report.from).toBe(`${LAST}-01-01`);
    expect(report.to).toBe(today);
    // One progress line per simulated month, and the yearly summary.
    const months = lines.match(/\[demo\] \d{4}-\d{2}：新建任务/g) ?? [];
    expect(months.length).toBe(12 + Number(today.slice(5, 7)));
    expect(lines).toMatch(new RegExp(`${LAST} 年：抽查任务 \\d+ 项`));
    expect(lines).toMatch(/演示县数据加载完成/);
  });

  it('has tasks in both years, 8–15 % of them joint, and joint inspections too', async () => {
    const rows = await q<{ year: number; tasks: number; joint: number; inspections: number; jointInspections: number }>(
      `select t.year, count(distinct t.id)::int as tasks, count(distinct t.id) filter (where t.joint)::int as joint,
              count(i.id)::int as inspections, count(i.id) filter (where t.joint)::int as "jointInspections"
         from task t left join inspection i on i.task_id = t.id
        where t.drawn_at is not null group by t.year order by t.year`,
    );
    expect(rows.map((r) => r.year)).toEqual([LAST, THIS]);
    for (const r of rows) {
      expect(r.tasks).toBeGreaterThanOrEqual(r.year === LAST ? 40 : 25);
      expect(r.joint / r.tasks).toBeGreaterThanOrEqual(0.08);
      expect(r.joint / r.tasks).toBeLessThanOrEqual(0.15);
      expect(r.inspections).toBeGreaterThan(150);
      expect(r.jointInspections / r.inspections).toBeGreaterThanOrEqual(0.08);
    }
    // The report counts the same.
    expect(report.years.map((y) => [y.year, y.tasks, y.jointTasks])).toEqual(rows.map((r) => [r.year, r.tasks, r.joint]));
    // Most member departments lead or join executed tasks each year; not every one.
    const departments = await q<{ year: number; n: number }>(
      `select t.year, count(distinct d)::int as n from task t, unnest(t.departments) d where t.drawn_at is not null group by t.year order by t.year`,
    );
    for (const d of departments) expect(d.n).toBeGreaterThanOrEqual(12);
    expect(departments.find((d) => d.year === THIS)!.n).toBeLessThan(17);
  });

  it('leaves the metric rollups equal to a recount of the history (one rebuild after the bulk load)', async () => {
    expect(lines).toMatch(/指标汇总表重算/);
    for (const year of [LAST, THIS]) {
      const scope = await metricsScope(t.db.pool, { year }, today);
      const rollup = await computeMetrics(t.db.pool, rollupSource(t.db.pool), scope, t.config.metrics);
      expect({ ...rollup, source: 'RAW' }).toEqual(await computeMetrics(t.db.pool, rawSource(t.db.pool), scope, t.config.metrics));
      expect(rollup.tasks).toBe(report.years.find((y) => y.year === year)!.tasks);
      expect(rollup.jointShare.value!).toBeGreaterThanOrEqual(0.08);
    }
  });

  it('verifies every draw of the history with the same code as `jointcheck verify`', async () => {
    const draws = await q<{ code: string; attempt: number }>(
      `select t.code, d.attempt from task_draw d join task t on t.id = d.task_id where d.outcome = 'DRAWN' order by t.code, d.attempt`,
    );
    expect(draws.length).toBe(report.years.reduce((a, y) => a + y.tasks, 0));
    const dir = tempDir('jc-history-bundles-');
    for (const d of draws) {
      const res = await fetch(`${base}/downloads/tasks/${encodeURIComponent(d.code)}/draws/${d.attempt}/bundle.zip`);
      expect(res.status).toBe(200);
      const file = path.join(dir, `${d.code}-${d.attempt}.zip`);
      fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      let out = '';
      const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) } };
      const code = await verifyCommand([file], io);
      expect({ task: d.code, code, out }).toMatchObject({ code: 0, out: expect.stringMatching(/^OK /) });
    }
  }, 120_000);

  it('stamps everything in the past, spread over the months of both years', async () => {
    const now = new Date(Date.now() + 1000);
    const [span] = await q<{ first: Date; last: Date; months: number; published: Date; audit: Date; created: Date; freezes: number }>(
      `select min(t.drawn_at) as first, max(t.drawn_at) as last,
              count(distinct to_char(t.drawn_at at time zone 'Asia/Shanghai', 'YYYY-MM'))::int as months,
              (select max(published_at) from inspection_result) as published,
              (select max(at) from audit_event) as audit,
              (select max(created_at) from task) as created,
              (select count(*)::int from task_draw where frozen_at < drawn_at) as freezes
         from task t where t.drawn_at is not null`,
    );
    expect(span.first.getTime()).toBeGreaterThanOrEqual(Date.parse(`${LAST}-01-01T00:00:00+08:00`));
    for (const at of [span.last, span.published, span.audit, span.created]) expect(at.getTime()).toBeLessThanOrEqual(Math.max(until.getTime(), now.getTime()));
    expect(span.last.getTime()).toBeLessThanOrEqual(until.getTime());
    expect(span.months).toBeGreaterThanOrEqual(12 + Number(today.slice(5, 7)) - 4);
    expect(span.freezes).toBe(report.years.reduce((a, y) => a + y.tasks, 0));
    // Publications too are spread: no single day holds more than a tenth of them.
    const [busiest] = await q<{ n: number; total: number }>(
      `select max(n)::int as n, sum(n)::int as total from (select count(*) as n from inspection_result where published_at is not null
        group by (published_at at time zone 'Asia/Shanghai')::date) x`,
    );
    expect(busiest.n).toBeLessThan(busiest.total / 10);
    // The audit trail follows the simulated clock, in order of events per task.
    const [draws] = await q<{ n: number; wrong: number }>(
      `select count(*)::int as n, count(*) filter (where a.at <> t.drawn_at)::int as wrong
         from audit_event a join task t on t.code = a.entity_key where a.action = 'DRAW'`,
    );
    expect(draws.n).toBeGreaterThan(50);
    expect(draws.wrong).toBe(0);
  });

  it('has results mostly on time, some entered late, a few still overdue today', async () => {
    const [r] = await q<{ entered: number; late: number; publishedLate: number; overdue: number }>(
      `select count(*) filter (where entered_at is not null)::int as entered, count(*) filter (where entered_late)::int as late,
              count(*) filter (where published_late)::int as "publishedLate",
              count(*) filter (where published_at is null and due_on < $1::date)::int as overdue
         from inspection_result where version = 1`,
      [today],
    );
    expect(r.late / r.entered).toBeGreaterThan(0.02);
    expect(r.late / r.entered).toBeLessThan(0.15);
    expect(r.publishedLate).toBeGreaterThan(r.late);
    expect(r.overdue).toBeGreaterThan(0);
    expect(r.overdue / r.entered).toBeLessThan(0.08);
  });

  it('finds problems the more often the higher the grade the subject was drawn in', async () => {
    const rows = await q<{ stratum: string; n: number; problems: number }>(
      `select i.stratum, count(*)::int as n,
              count(*) filter (where exists (select 1 from item_result ir where ir.result_id = i.current_result_id
                                               and ir.outcome in ('PROBLEM_CORRECTED', 'PROBLEM_FOLLOW_UP', 'REFUSED')))::int as problems
         from inspection i where i.status = 'PUBLISHED' group by i.stratum order by i.stratum`,
    );
    const rate = (g: string) => {
      const row = rows.find((x) => x.stratum === g)!;
      return row.problems / row.n;
    };
    const graded = rows.filter((r) => r.n >= 8).map((r) => r.stratum);
    expect(graded).toEqual(expect.arrayContaining(['A', 'B', 'D']));
    for (let i = 1; i < graded.length; i++) expect(rate(graded[i]!)).toBeGreaterThan(rate(graded[i - 1]!));
    expect(rate('A')).toBeLessThan(0.06);
    expect(rate('D')).toBeGreaterThan(0.25);
    // The control group was drawn regardless of grade.
    const [control] = await q<{ n: number }>(`select count(*)::int as n from inspection where control`);
    expect(control.n).toBeGreaterThan(10);
  });

  it('has corrections, follow-ups (closed, open, past due), leads, recognitions, a refusal and plans filed late or not at all', async () => {
    const [c] = await q<{ corrections: number; closed: number; open: number; pastDue: number; transfers: number; leads: number; leadTasks: number; recognitions: number; declined: number }>(
      `select (select count(*)::int from inspection_result where version > 1) as corrections,
              (select count(*)::int from follow_up where status = 'CLOSED') as closed,
              (select count(*)::int from follow_up where status <> 'CLOSED') as open,
              (select count(*)::int from follow_up where status <> 'CLOSED' and due_on < $1::date) as "pastDue",
              (select count(*)::int from follow_up where kind = 'TRANSFER' and accepted_at is not null) as transfers,
              (select count(*)::int from lead) as leads,
              (select count(*)::int from lead where task_code is not null) as "leadTasks",
              (select count(*)::int from recognition) as recognitions,
              (select count(*)::int from task_participant where status = 'DECLINED' and decline_reason <> '') as declined`,
      [today],
    );
    expect(c.corrections).toBeGreaterThanOrEqual(2);
    expect(c.closed).toBeGreaterThan(0);
    expect(c.open).toBeGreaterThan(0);
    expect(c.transfers).toBeGreaterThan(0);
    expect(c.leads).toBeGreaterThanOrEqual(12);
    expect(c.leadTasks).toBeGreaterThan(0);
    expect(c.recognitions).toBeGreaterThanOrEqual(2);
    expect(c.recognitions).toBe(report.years.reduce((a, y) => a + y.recognitions, 0));
    expect(c.declined).toBe(2);
    const plans = await q<{ year: number; filed: number; late: number }>(
      `select year, count(*) filter (where status <> 'DRAFT')::int as filed, count(*) filter (where filed_late)::int as late
         from plan where kind = 'DEPARTMENT' and current group by year order by year`,
    );
    expect(plans).toEqual([
      { year: LAST, filed: 17, late: 2 },
      { year: THIS, filed: 15, late: 3 },
    ]);
  });

  it('refuses in the batch services what the single services refuse, naming the entry, and writes nothing', async () => {
    const caller = { kind: 'system', name: 'test' } as const;
    const [open] = await q<{ id: number; code: string }>(
      `select i.id::int as id, t.code from inspection i join task t on t.id = i.task_id
        where i.status = 'ASSIGNED' and t.status in ('DRAWN', 'IN_PROGRESS') and t.window_from <= $1::date and t.window_to >= $1::date order by i.id limit 1`,
      [today],
    );
    const [checked] = await q<{ id: number }>(`select id::int as id from inspection where status = 'CHECKED' order by id limit 1`);
    const before = await q<{ n: number }>('select count(*)::int as n from audit_event');
    const visitDate = today;
    await expect(recordResults(t.db.pool, caller, [{ id: open!.id, input: { visitDate, method: CheckMethod.ONSITE, signedBy: '经营者', items: [] } }]))
      .rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'entries[0].input.items', message: expect.stringContaining('进一次门、查多项事') });
    await expect(publishResults(t.db.pool, caller, [checked!.id])).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(submitCommitments(t.db.pool, caller, [{ code: open!.code, department: 'SCJG', commitment: 'f'.repeat(64) }])).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(submitCommitments(t.db.pool, caller, [{ code: open!.code, department: 'SCJG', commitment: 'xyz' }])).rejects.toMatchObject({ field: 'entries[0].commitment' });
    expect(await q<{ n: number }>('select count(*)::int as n from audit_event')).toEqual(before);
  });

  it("keeps this year's showcase: the joint task of SCJG and SW with results, and a task waiting for its commitment", async () => {
    const rows = await q<{ code: string; status: string; departments: string[]; published: number }>(
      `select t.code, t.status, t.departments, (select count(*)::int from inspection i where i.task_id = t.id and i.status = 'PUBLISHED') as published
         from task t where t.code = any($1::text[]) order by t.code`,
      [[report.showcase.joint, report.showcase.waiting]],
    );
    expect(rows).toEqual([
      { code: report.showcase.joint, status: expect.stringMatching(/^(DRAWN|IN_PROGRESS)$/), departments: ['SCJG', 'SW'], published: expect.any(Number) },
      { code: report.showcase.waiting, status: 'CREATED', departments: ['SCJG'], published: 0 },
    ]);
    // Risk grades after the closing batch: every active subject graded, high-risk ones among them.
    const grades = await q<{ grade: string | null; n: number }>(`select risk_grade as grade, count(*)::int as n from subject where status = 'ACTIVE' group by 1 order by 1`);
    expect(grades.find((g) => g.grade === null)).toBeUndefined();
    expect(grades.find((g) => g.grade === 'D')?.n).toBeGreaterThan(5);
  });
});
