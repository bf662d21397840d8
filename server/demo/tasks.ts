/**
 * The demo county's plans and tasks, made through the same services as the GraphQL API: the market
 * regulation bureau's filed annual plan with a joint task (with the tax bureau) and a single-department
 * task; the joint task confirmed, committed, frozen, revealed and drawn; the other waiting for its
 * commitment. Department secrets derive from the demo seed; the hub's own secret is random, as always.
 */
import crypto from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import type { Caller } from '../auth/caller.js';
import { addDays, chinaDate } from '../common/dates.js';
import { FollowUpKind } from '../followups/follow-up.entity.js';
import { openFollowUp } from '../followups/follow-up.service.js';
import { NoticeMethod } from '../inspections/inspection.entity.js';
import { Outcome, PROBLEM_OUTCOMES } from '../inspections/result.entity.js';
import { correctResult, enterResult, notifyInspection, publishResult, recordResult, type ResultInput } from '../inspections/result.service.js';
import { Role } from '../auth/user.entity.js';
import { CheckMethod } from '../items/check-item.entity.js';
import { LeadSource } from '../leads/lead.entity.js';
import { recordLead } from '../leads/lead.service.js';
import { Rng } from './prng.js';
import type { AppConfig } from '../config/config.js';
import { commitment } from '../draw/manifest.js';
import { filePlan, savePlan } from '../plans/plan.service.js';
import { drawTask, freezeTask, revealSecret } from '../tasks/draw.service.js';
import { confirmTask, createTaskFromPlan, submitCommitment } from '../tasks/task.service.js';

async function itemOf(pool: Pool, department: string): Promise<string | undefined> {
  const r = await pool.query<{ code: string }>(
    `select ci.code from check_item ci join department d on d.id = ci.department_id
      where d.code = $1 and ci.current and ci.active and ci.category = 'GENERAL' order by ci.code limit 1`,
    [department],
  );
  return r.rows[0]?.code;
}

export async function loadDemoTasks(orm: MikroORM, pool: Pool, caller: Caller, config: AppConfig, seed: string): Promise<{ drawn: number; results: number; tasks: string[] }> {
  const year = Number(chinaDate().slice(0, 4));
  const scjg = await itemOf(pool, 'SCJG');
  const sw = await itemOf(pool, 'SW');
  if (!scjg || !sw) return { drawn: 0, results: 0, tasks: [] };
  const ratios = [{ grade: 'A', ratio: '0.01' }, { grade: 'B', ratio: '0.03' }, { grade: 'C', ratio: '0.1' }, { grade: 'D', ratio: '0.3' }];
  const plan = await savePlan(orm.em.fork(), caller, {
    year, department: 'SCJG',
    tasks: [
      {
        name: `${year} 年度市场主体登记事项与涉税事项联合抽查`, items: [scjg, sw], lead: 'SCJG', participants: ['SW'], scopeLibraries: ['SCJG'],
        scopeRegions: [], scopeIndustries: [], scopeKinds: [], scopeGrades: [], quotaRule: ratios, frequencyPerYear: 1, windowFrom: `${year}-01-01`, windowTo: `${year}-12-31`,
      },
      {
        name: `${year} 年度市场监管领域一般事项抽查`, items: [scjg], lead: 'SCJG', participants: [], scopeLibraries: ['SCJG'],
        scopeRegions: [], scopeIndustries: [], scopeKinds: [], scopeGrades: [], quotaRule: ratios, frequencyPerYear: 1, windowFrom: `${year}-01-01`, windowTo: `${year}-12-31`,
      },
    ],
  });
  await filePlan(orm.em.fork(), caller, year, 'SCJG', config.planFilingDeadline);
  const planTasks = (await pool.query<{ id: number }>('select id from plan_task where plan_id = $1 order by seq', [plan.id])).rows;
  const joint = await createTaskFromPlan(orm.em.fork(), caller, config, planTasks[0]!.id);
  const solo = await createTaskFromPlan(orm.em.fork(), caller, config, planTasks[1]!.id);
  const secret = (dept: string) => crypto.createHash('sha256').update(`${seed}/${joint.code}/${dept}`).digest('hex');
  await confirmTask(orm.em.fork(), caller, joint.code, 'SW');
  for (const dept of ['SCJG', 'SW']) await submitCommitment(orm.em.fork(), caller, joint.code, commitment(joint.code, dept, secret(dept)), dept);
  await freezeTask(pool, caller, joint.code, config.sessionSecret);
  for (const dept of ['SCJG', 'SW']) await revealSecret(orm.em.fork(), caller, joint.code, secret(dept), dept);
  const outcome = await drawTask(pool, caller, joint.code, config.sessionSecret);
  const drawn = outcome.ok ? (await pool.query<{ n: number }>('select count(*)::int as n from inspection i join task t on t.id = i.task_id where t.code = $1', [joint.code])).rows[0]!.n : 0;
  const results = outcome.ok ? await carryResults(orm, pool, caller, joint.code, [scjg, sw], seed) : 0;
  return { drawn, results, tasks: [joint.code, solo.code] };
}

/**
 * Carries the first drawn inspections of the demo task through the real services: notice, the visit
 * with one result per item (outcomes at realistic problem rates), entry and publication; one signed
 * correction, a transfer and a filed case, and a hotline lead — so the result pages have something
 * to show on first start.
 */
async function carryResults(orm: MikroORM, pool: Pool, caller: Caller, code: string, items: string[], seed: string): Promise<number> {
  const rng = Rng.fromString(`${seed}/results/${code}`);
  const ids = (await pool.query<{ id: number }>('select i.id::int as id from inspection i join task t on t.id = i.task_id where t.code = $1 order by i.seq limit 40', [code])).rows.map((r) => r.id);
  const today = chinaDate();
  const outcomeOf = (): Outcome => {
    const x = rng.float();
    return x < 0.06 ? Outcome.PROBLEM_CORRECTED : x < 0.09 ? Outcome.PROBLEM_FOLLOW_UP : x < 0.11 ? Outcome.UNREACHABLE : Outcome.NO_PROBLEM;
  };
  let published = 0;
  let problem: number | null = null;
  let first: { id: number; input: ResultInput } | null = null;
  for (const [n, id] of ids.entries()) {
    // Recent visits, most within the 20 working days; a few older ones end up entered late.
    const visit = addDays(today, -(n % 10 === 9 ? 40 + rng.int(20) : 1 + rng.int(12)));
    if (visit < `${today.slice(0, 4)}-01-01`) continue;
    const outcomes = items.map(() => outcomeOf());
    const problems = outcomes.some((o) => PROBLEM_OUTCOMES.includes(o));
    await notifyInspection(orm.em.fork(), caller, id, { at: new Date(`${addDays(visit, -2)}T09:00:00+08:00`), method: n % 3 === 0 ? NoticeMethod.ON_ARRIVAL : NoticeMethod.PHONE });
    const input: ResultInput = {
      visitDate: visit, method: CheckMethod.ONSITE, signedBy: n % 7 === 6 ? null : '经营者', signatureMissingReason: n % 7 === 6 ? '经营者不在场，由店员陪同检查' : null,
      decisionDate: problems ? visit : null,
      items: items.map((item, i) => ({ item, outcome: outcomes[i]!, findings: PROBLEM_OUTCOMES.includes(outcomes[i]!) ? '现场检查发现问题，已依法处理' : null })),
    };
    await recordResult(orm.em.fork(), caller, id, input);
    if (n % 8 === 7) continue; // checked, not yet entered
    await enterResult(orm.em.fork(), caller, id);
    if (n % 8 === 6) continue; // entered, not yet published
    await publishResult(orm.em.fork(), caller, id);
    published++;
    if (problems && problem === null) problem = id;
    if (!problems && first === null) first = { id, input };
  }
  if (first) {
    const head: Caller = { kind: 'user', username: 'scjg-head', role: Role.DEPT_HEAD, departmentCode: 'SCJG' };
    await correctResult(orm.em.fork(), head, first.id, { ...first.input, summary: '补充：经营场所已迁至同街道新址，现场核查一致' }, '公示后发现检查情况漏记经营场所变更');
  }
  if (problem !== null) {
    await openFollowUp(orm.em.fork(), caller, { inspection: problem, kind: FollowUpKind.TRANSFER, description: '发现的问题属卫生健康部门职责，移交处理', department: 'SCJG', targetDepartment: 'WSJK' });
    await openFollowUp(orm.em.fork(), caller, { inspection: problem, kind: FollowUpKind.CASE_FILED, description: '涉嫌违法经营，立案调查', department: 'SCJG' });
    const subject = (await pool.query<{ key: string }>('select s.key from inspection i join subject s on s.id = i.subject_id where i.id = $1', [problem])).rows[0]!.key;
    await recordLead(orm.em.fork(), caller, { subject, department: 'SCJG', source: LeadSource.HOTLINE_12345, reference: `12345-${today.replace(/-/g, '')}-0001`, receivedOn: addDays(today, -3), problem: '虚假宣传', description: '来电反映该经营者宣传内容与实际不符' });
  }
  return published;
}
