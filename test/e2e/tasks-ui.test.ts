import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users, type TestApp } from '../utils.js';
import { artifacts } from './browser.js';
import { isoDay, scjgItemAndSubjects, startDemoHub, type DemoHub } from './hub.js';
import { commitInBrowser, leadAction, login, revealInBrowser } from './steps.js';

let t: TestApp;
let base: string;
let browser: DemoHub['browser'];
let hub: DemoHub;

beforeAll(async () => {
  hub = await startDemoHub();
  ({ t, base, browser } = hub);
}, 180_000);
afterAll(() => hub?.close());


/** A special task of SCJG over four of its demo subjects, created through GraphQL by the office. */
async function createSpecialTask(): Promise<{ code: string; keys: string[] }> {
  const { item, keys } = await scjgItemAndSubjects(t, 4);
  const r = await t.gql<{ createSpecialTask: { code: string; status: string } }>(
    `mutation($input: SpecialTaskInput!) { createSpecialTask(input: $input) { code status } }`,
    {
      input: {
        name: '浏览器端到端专项检查', reason: '12345 热线工单 E2E-0001', items: [item], lead: 'SCJG', participants: [],
        subjects: keys, quotaRule: ['A', 'B', 'C', 'D'].map((grade) => ({ grade, count: 10 })),
        windowFrom: isoDay(0), windowTo: isoDay(30),
      },
    },
    users.office,
  );
  expect(r.errors).toBeUndefined();
  expect(r.data!.createSpecialTask.status).toBe('CREATED');
  return { code: r.data!.createSpecialTask.code, keys };
}

describe('tasks in Chromium: commit, freeze, reveal, draw, verify', () => {
  it('a clerk runs the commit–reveal draw through the UI, and anyone verifies a drawn subject in the browser', async () => {
    const { code, keys } = await createSpecialTask();
    const page = await browser.context.newPage();
    await login(page, base, 'scjg-clerk');

    await page.goto(`${base}/tasks/${code}`);
    await page.getByText('浏览器端到端专项检查').first().waitFor();
    const status = page.locator('[data-testid="task-status"]');
    await expect(status.textContent()).resolves.toBe('已创建');

    // Commit: the secret is generated in the page, kept as a downloaded .txt, only its hash is sent.
    const { secret, file: secretFile } = await commitInBrowser(page, { screenshot: path.join(artifacts, 'task-commit.png') });
    await page.locator('.participants').getByText('已提交').waitFor();
    const stored = await t.db.pool.query(
      `select p.commitment from task_participant p join task t on t.id = p.task_id where t.code = $1`,
      [code],
    );
    expect(stored.rows[0].commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored.rows)).not.toContain(secret);

    // Freeze (the lead department's action, confirmed in a message box).
    await leadAction(page, '冻结', '已冻结');

    // Reveal from the kept file; the page checks it against the commitment before sending.
    await revealInBrowser(page, secretFile);
    await page.locator('.participants').getByText('已揭示').waitFor();

    // Draw.
    await leadAction(page, '抽取', '已抽取');
    const drawn = await t.db.pool.query<{ key: string }>(
      `select s.key from inspection i join subject s on s.id = i.subject_id join task t on t.id = i.task_id where t.code = $1 order by s.key`,
      [code],
    );
    expect(drawn.rows.map((r) => r.key)).toEqual(keys);
    const table = page.locator('.inspections__table');
    for (const key of keys) await table.getByText(key).waitFor();
    await expect(table.locator('.el-table__body tr').count()).resolves.toBe(keys.length);
    await page.screenshot({ path: path.join(artifacts, 'task-drawn.png') });
    await page.locator('.draw-panel').screenshot({ path: path.join(artifacts, 'task-draw-panel.png') });
    await page.locator('.inspections').screenshot({ path: path.join(artifacts, 'task-inspections.png') });

    // The published bundle downloads as a zip.
    const href = await page.locator('.draw-summary__zip').first().getAttribute('href');
    expect(href).toBe(`/downloads/tasks/${code}/draws/1/bundle.zip`);
    const zip = await page.request.get(`${base}${href}`);
    expect(zip.status()).toBe(200);
    expect(zip.headers()['content-type']).toContain('application/zip');
    expect((await zip.body()).subarray(0, 2).toString('latin1')).toBe('PK');

    // Anyone can check a drawn subject: the audit path verified by WebCrypto in the page.
    await page.goto(`${base}/verify?task=${encodeURIComponent(code)}&subject=${encodeURIComponent(keys[0]!)}`);
    await page.locator('[data-testid="proof-candidates"] [data-testid="leaf-check"]', { hasText: '✓' }).waitFor();
    await expect(page.locator('[data-testid="proof-status"]').textContent()).resolves.toContain('被抽中');
    await expect(page.locator('[data-testid="proof-overall"]').textContent()).resolves.toContain('✓');
    await page.getByText('清单摘要与已公示的 manifest.json 一致').waitFor();
    await page.screenshot({ path: path.join(artifacts, 'verify.png') });
    await page.close();
  });

  it('creates tasks through the two dialogs: from a filed plan, and a special task on leads', async () => {
    const year = new Date().getFullYear();
    const item = (await t.db.pool.query<{ code: string }>(
      `select c.code from check_item c join department d on d.id = c.department_id
        where d.code = 'SCJG' and c.current and c.active and c.effective_to is null order by c.code limit 1`,
    )).rows[0]!.code;
    // The demo may already hold SCJG's filed plan for this year; otherwise file one here.
    type PlanView = { plan: { status: string; tasks: { name: string; departments: string[] }[] } | null };
    const planQuery = `{ plan(year: ${year}, department: "SCJG") { status tasks { name departments } } }`;
    let plan = (await t.gql<PlanView>(planQuery, {}, users.scjgClerk)).data!.plan;
    if (!plan || plan.status === 'DRAFT') {
      const saved = await t.gql(`mutation($input: PlanInput!) { savePlan(input: $input) { id } }`, {
        input: {
          year, department: 'SCJG', tasks: [{
            name: '食品经营者计划内抽查', items: [item], lead: 'SCJG', participants: [], scopeLibraries: ['SCJG'],
            quotaRule: [{ grade: 'A', ratio: '0.01' }, { grade: 'B', ratio: '0.03' }], windowFrom: `${year}-01-01`, windowTo: `${year}-12-31`,
          }],
        },
      }, users.scjgClerk);
      expect(saved.errors).toBeUndefined();
      expect((await t.gql(`mutation { filePlan(year: ${year}, department: "SCJG") { status } }`, {}, users.scjgClerk)).errors).toBeUndefined();
      plan = (await t.gql<PlanView>(planQuery, {}, users.scjgClerk)).data!.plan;
    }
    const planTask = plan!.tasks.find((x) => x.departments.length === 1) ?? plan!.tasks[0]!;

    const page = await browser.context.newPage(); // still logged in as scjg-clerk (same browser profile)
    await page.goto(`${base}/tasks`);
    await page.getByRole('button', { name: '从计划创建' }).click();
    const fromPlan = page.locator('.el-dialog', { hasText: '从计划创建抽查任务' });
    await fromPlan.getByText(planTask.name).click();
    await fromPlan.getByText('每户检查人员').waitFor();
    await fromPlan.screenshot({ path: path.join(artifacts, 'task-from-plan.png') });
    await fromPlan.getByRole('button', { name: '创建任务' }).click();
    await page.waitForURL(/\/tasks\/\d{4}-/);
    await page.getByText(planTask.name).first().waitFor();
    const routine = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const row = (await t.db.pool.query(`select kind, status, departments from task where code = $1`, [routine])).rows[0];
    expect(row).toEqual({ kind: 'ROUTINE', status: 'CREATED', departments: planTask.departments });

    await page.goto(`${base}/tasks`);
    await page.getByRole('button', { name: '新建专项任务' }).click();
    const special = page.locator('.el-dialog', { hasText: '新建专项抽查任务' });
    await special.getByPlaceholder('如：投诉线索专项检查').fill('界面创建的专项检查');
    await special.getByPlaceholder('如：12345 热线工单编号').fill('线索 E2E-0002');
    await special.locator('.el-select', { hasText: '选择参加部门的现行抽查事项' }).click();
    await page.locator('.el-select-dropdown__item', { hasText: item }).first().click();
    const subject = (await t.db.pool.query<{ key: string }>(
      `select s.key from subject s join library_member m on m.subject_id = s.id join department d on d.id = m.department_id
        where d.code = 'SCJG' and s.status = 'ACTIVE' order by s.key desc limit 1`,
    )).rows[0]!.key;
    await special.locator('textarea').fill(subject);
    const gradeD = special.locator('.special-task__grade').nth(3);
    await gradeD.getByText('数量').click();
    await gradeD.locator('input').last().fill('1');
    await special.getByPlaceholder('开始日期').click();
    await page.locator('.el-date-range-picker td.today').first().click();
    await page.locator('.el-date-range-picker td.today').first().click();
    await special.screenshot({ path: path.join(artifacts, 'task-special.png') });
    await special.getByRole('button', { name: '创建任务' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/tasks/') && !u.pathname.endsWith(routine));
    await page.getByText('界面创建的专项检查').first().waitFor();
    const code = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const task = (await t.db.pool.query(`select kind, reason, scope_subjects, quota_rule from task where code = $1`, [code])).rows[0];
    expect(task).toMatchObject({ kind: 'SPECIAL', reason: '线索 E2E-0002', scope_subjects: [subject] });
    expect(task.quota_rule).toMatchObject({ D: { count: 1 } });
    await page.close();
  });
});
