import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bundleFromFiles, filesOfArchive } from '../../server/draw/bundle.js';
import { verifyResult } from '../../server/draw/verify.js';
import { artifacts } from './browser.js';
import { scjgItemAndSubjects, useDemoHub } from './hub.js';
import { commitInBrowser, enterAndPublish, leadAction, login, recordNoProblem, revealInBrowser } from './steps.js';

const hub = useDemoHub();

const NAME = '浏览器端到端市场监管与税务联合抽查';

/** The task's row, its participants and its inspections with their teams' departments, as the database holds them. */
async function stored(code: string) {
  const task = (await hub.t.db.pool.query(`select id, kind, joint, status, departments from task where code = $1`, [code])).rows[0];
  const participants = (await hub.t.db.pool.query(
    `select d.code, p.status, p.commitment is not null as committed, p.secret is not null as revealed
       from task_participant p join department d on d.id = p.department_id where p.task_id = $1 order by p.lead desc, d.code`,
    [task.id],
  )).rows;
  const inspections = (await hub.t.db.pool.query(
    `select i.id::text, i.status, array_agg(distinct m.department_code order by m.department_code) as departments
       from inspection i join inspection_member m on m.inspection_id = i.id and m.active where i.task_id = $1 group by i.id order by i.id`,
    [task.id],
  )).rows;
  return { task, participants, inspections };
}

async function openTask(page: Page, code: string) {
  await page.goto(`${hub.base}/tasks/${code}`);
  await page.getByText(NAME).first().waitFor();
}

describe('a joint task in Chromium, from creation to a published result, by the departments’ clerks', () => {
  it('SCJG creates a joint task with SW; both commit and reveal, SCJG freezes, draws, starts and publishes a result; the draw verifies', async () => {
    const { item: scjgItem, keys } = await scjgItemAndSubjects(hub.t, 3);
    const swItem = (await hub.t.db.pool.query<{ code: string }>(
      `select c.code from check_item c join department d on d.id = c.department_id
        where d.code = 'SW' and c.current and c.active and c.effective_to is null order by (c.category = 'GENERAL') desc, c.code limit 1`,
    )).rows[0]!.code;
    const page = await hub.browser.context.newPage();
    page.setDefaultTimeout(20_000);

    // 1. The SCJG clerk creates the special task with SW taking part, both departments' items and three subjects.
    await login(page, hub.base, 'scjg-clerk');
    await page.goto(`${hub.base}/tasks`);
    await page.getByRole('button', { name: '新建专项任务' }).click();
    const dialog = page.locator('.el-dialog', { hasText: '新建专项抽查任务' });
    await dialog.getByPlaceholder('如：投诉线索专项检查').fill(NAME);
    await dialog.getByPlaceholder('如：12345 热线工单编号').fill('联席会议部署 E2E-0005');
    const field = (label: string) => dialog.locator('.el-form-item').filter({ has: page.locator('.el-form-item__label', { hasText: new RegExp(`^${label}$`) }) });
    await field('配合部门').locator('.el-select').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '税务局' }).first().click();
    await dialog.getByText('新建专项抽查任务').click(); // close the multiple select's dropdown
    for (const item of [scjgItem, swItem]) {
      await field('抽查事项').locator('.el-select').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: item }).first().click();
      await dialog.getByText('新建专项抽查任务').click();
    }
    await dialog.locator('textarea').fill(keys.join('\n'));
    for (let g = 0; g < 4; g++) {
      const grade = dialog.locator('.special-task__grade').nth(g);
      await grade.getByText('数量').click();
      await grade.locator('input').last().fill(String(keys.length));
    }
    await dialog.getByPlaceholder('开始日期').click();
    await page.locator('.el-date-range-picker td.today').first().click();
    await page.locator('.el-date-range-picker td.today').first().click();
    await dialog.screenshot({ path: path.join(artifacts, 'joint-create.png') });
    await dialog.getByRole('button', { name: '创建任务' }).click();
    await page.waitForURL(/\/tasks\/\d{4}-/);
    const code = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    let db = await stored(code);
    expect(db.task).toMatchObject({ kind: 'SPECIAL', joint: true, status: 'CREATED', departments: ['SCJG', 'SW'] });
    expect(db.participants).toEqual([
      { code: 'SCJG', status: 'CONFIRMED', committed: false, revealed: false },
      { code: 'SW', status: 'PENDING', committed: false, revealed: false },
    ]);

    // 2. SCJG commits; SW's clerk confirms participation and commits.
    await page.getByText(NAME).first().waitFor();
    const scjgSecret = await commitInBrowser(page);
    await login(page, hub.base, 'sw-clerk');
    await openTask(page, code);
    await page.locator('.participants').getByRole('button', { name: '确认参加' }).click();
    await page.locator('.participants').getByRole('button', { name: '提交承诺值' }).waitFor();
    const swSecret = await commitInBrowser(page, { screenshot: path.join(artifacts, 'joint-commit.png') });
    db = await stored(code);
    expect(db.participants).toEqual([
      { code: 'SCJG', status: 'CONFIRMED', committed: true, revealed: false },
      { code: 'SW', status: 'CONFIRMED', committed: true, revealed: false },
    ]);

    // 3. The lead freezes and reveals; SW reveals.
    await login(page, hub.base, 'scjg-clerk');
    await openTask(page, code);
    await leadAction(page, '冻结', '已冻结');
    expect((await stored(code)).task.status).toBe('FROZEN');
    await revealInBrowser(page, scjgSecret.file);
    await login(page, hub.base, 'sw-clerk');
    await openTask(page, code);
    await revealInBrowser(page, swSecret.file);
    db = await stored(code);
    expect(db.participants.map((p: { revealed: boolean }) => p.revealed)).toEqual([true, true]);
    const secrets = (await hub.t.db.pool.query(`select p.secret from task_participant p where p.task_id = $1 order by p.lead desc`, [db.task.id])).rows.map((r) => r.secret);
    expect(secrets).toEqual([scjgSecret.secret, swSecret.secret]);

    // 4. The lead draws: every subject gets a team with inspectors of both departments; then starts the inspections.
    await login(page, hub.base, 'scjg-clerk');
    await openTask(page, code);
    await leadAction(page, '抽取', '已抽取');
    db = await stored(code);
    expect(db.task.status).toBe('DRAWN');
    expect(db.inspections).toHaveLength(keys.length);
    for (const i of db.inspections) expect(i).toMatchObject({ status: 'ASSIGNED', departments: ['SCJG', 'SW'] });
    await page.screenshot({ path: path.join(artifacts, 'joint-drawn.png'), fullPage: true });
    await leadAction(page, '开始检查', '检查中');
    expect((await stored(code)).task.status).toBe('IN_PROGRESS');

    // 5. The SCJG clerk records one inspection's result (one row per item of both departments), enters and publishes it.
    const first = db.inspections[0]!.id as string;
    await page.locator(`.inspections__table [data-testid="inspection-link"][href="/inspections/${first}"]`).click();
    await page.waitForURL(`${hub.base}/inspections/${first}`);
    await page.locator('[data-testid="task-link"]', { hasText: code }).waitFor();
    await expect(page.locator('[data-testid="inspection-status"]').textContent()).resolves.toContain('已分派');
    await recordNoProblem(page, '王小明');
    await enterAndPublish(page);
    const result = (await hub.t.db.pool.query(
      `select i.status, r.status as "resultStatus", array_agg(x.department_code order by x.department_code) as departments
         from inspection i join inspection_result r on r.id = i.current_result_id join item_result x on x.result_id = r.id where i.id = $1 group by i.status, r.status`,
      [first],
    )).rows;
    expect(result).toEqual([{ status: 'PUBLISHED', resultStatus: 'PUBLISHED', departments: ['SCJG', 'SW'] }]);
    await page.screenshot({ path: path.join(artifacts, 'joint-published.png'), fullPage: true });

    // The task page counts the lead department's inspectors' inspections by status (按检查人员).
    await openTask(page, code);
    const summary = page.locator('.assignment-summary__table');
    await summary.locator('.el-table__body tr').first().waitFor();
    const published = await summary.locator('[data-status="PUBLISHED"]').allTextContents();
    expect(published.map(Number).reduce((a, b) => a + b, 0)).toBe(2); // two SCJG inspectors on the published inspection's team

    // 6. The draw verifies: jointcheck verify on the published bundle, and the verify page in the browser.
    const zip = await page.request.get(`${hub.base}/downloads/tasks/${code}/bundle.zip`);
    expect(zip.status()).toBe(200);
    const verification = await verifyResult(bundleFromFiles(filesOfArchive(new Uint8Array(await zip.body()))));
    expect(verification).toMatchObject({ ok: true, kind: 'result' });
    const drawnKey = (await hub.t.db.pool.query<{ key: string }>(`select s.key from inspection i join subject s on s.id = i.subject_id where i.id = $1`, [first])).rows[0]!.key;
    await page.goto(`${hub.base}/verify?task=${encodeURIComponent(code)}&subject=${encodeURIComponent(drawnKey)}`);
    await page.locator('[data-testid="proof-candidates"] [data-testid="leaf-check"]', { hasText: '✓' }).waitFor();
    await expect(page.locator('[data-testid="proof-status"]').textContent()).resolves.toContain('被抽中');
    await expect(page.locator('[data-testid="proof-overall"]').textContent()).resolves.toContain('✓');
    await page.screenshot({ path: path.join(artifacts, 'joint-verify.png') });
    await page.close();
  }, 300_000);
});
