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
import { chinaDate } from '../common/dates.js';
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

export async function loadDemoTasks(orm: MikroORM, pool: Pool, caller: Caller, config: AppConfig, seed: string): Promise<{ drawn: number; tasks: string[] }> {
  const year = Number(chinaDate().slice(0, 4));
  const scjg = await itemOf(pool, 'SCJG');
  const sw = await itemOf(pool, 'SW');
  if (!scjg || !sw) return { drawn: 0, tasks: [] };
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
  return { drawn, tasks: [joint.code, solo.code] };
}
