import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users, type TestApp } from '../utils.js';
import { artifacts } from './browser.js';
import { drawSpecialTask, scjgItemAndSubjects, startDemoHub, type DemoHub } from './hub.js';
import { enterAndPublish, login, recordNoProblem } from './steps.js';

let t: TestApp;
let base: string;
let browser: DemoHub['browser'];
let hub: DemoHub;

beforeAll(async () => {
  hub = await startDemoHub();
  ({ t, base, browser } = hub);
}, 180_000);
afterAll(() => hub?.close());

async function drawnSpecialTask() {
  const { item, keys } = await scjgItemAndSubjects(t, 4);
  return drawSpecialTask(t, { name: '浏览器端到端结果录入检查', reason: '12345 热线工单 E2E-0003', item, keys });
}

describe('inspection results in Chromium: notice, result, entry, publication, correction', () => {
  it('a clerk records and publishes a result, and the department head corrects it as a new version', async () => {
    const { code, inspections } = await drawnSpecialTask();
    expect(inspections).toHaveLength(4);
    const page = await browser.context.newPage();
    await login(page, base, 'scjg-clerk');

    // From the task's inspections table to the inspection page.
    await page.goto(`${base}/tasks/${code}`);
    const first = inspections[0]!;
    await page.locator('.inspections__table [data-testid="inspection-link"]', { hasText: first.subjectName }).click();
    await page.waitForURL(`${base}/inspections/${first.id}`);
    const status = page.locator('[data-testid="inspection-status"]');
    await expect(status.textContent()).resolves.toContain('已分派');
    await page.locator('[data-testid="task-link"]', { hasText: code }).waitFor();
    const actions = page.locator('.inspection-detail__actions');

    // 登记告知: time (now), method, note.
    await actions.getByRole('button', { name: '登记告知' }).click();
    const notice = page.locator('.notice-dialog');
    await notice.locator('.el-select').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '电话告知' }).click();
    await notice.getByPlaceholder(/电话告知法定代表人/).fill('电话告知法定代表人，约定当日检查');
    await notice.getByRole('button', { name: '登记告知' }).click();
    await page.locator('[data-testid="inspection-status"]', { hasText: '已告知' }).waitFor();
    await page.locator('.inspection-detail__notice').getByText('电话告知', { exact: true }).waitFor();

    // 记录检查结果: every item of the task NO_PROBLEM, signed by the subject's representative.
    await recordNoProblem(page, '王小明', { screenshot: path.join(artifacts, 'inspection-record.png') });

    // 确认录入, then 公示 (each confirmed in a message box).
    await enterAndPublish(page);
    await expect(page.locator('.inspection-detail__result').textContent()).resolves.toContain('未发现问题');
    await expect(actions.getByRole('button').count()).resolves.toBe(0); // a clerk cannot correct
    await page.screenshot({ path: path.join(artifacts, 'inspection-published.png'), fullPage: true });
    const stored = await t.db.pool.query(
      `select i.status, r.version, r.status as "resultStatus", r.signed_by as "signedBy" from inspection i join inspection_result r on r.id = i.current_result_id where i.id = $1`,
      [first.id],
    );
    expect(stored.rows).toEqual([{ status: 'PUBLISHED', version: 1, resultStatus: 'PUBLISHED', signedBy: '王小明' }]);

    // The department head corrects: a new version with the reason, the published one untouched.
    await login(page, base, 'scjg-head');
    await page.goto(`${base}/inspections/${first.id}`);
    await page.locator('[data-testid="inspection-status"]', { hasText: '已公示' }).waitFor();
    await actions.getByRole('button', { name: '更正' }).click();
    const form = page.locator('.result-form');
    await form.getByText('将生成第 2 版并立即公示').waitFor();
    await expect(form.getByPlaceholder('检查对象签字人姓名（仅工作人员可见）').inputValue()).resolves.toBe('王小明');
    await form.getByRole('button', { name: '签批更正' }).click();
    await form.getByText('更正须说明理由').waitFor();
    await form.locator('.el-form-item', { hasText: '检查情况小结' }).locator('textarea').fill('复核后补充：经营场所与登记住所一致');
    await form.getByPlaceholder('说明更正的原因（记入操作留痕，向社会公示）').fill('复核发现小结漏记');
    await form.getByRole('button', { name: '签批更正' }).click();
    await page.locator('[data-testid="inspection-corrected"]', { hasText: '已更正' }).waitFor();
    await expect(page.locator('[data-testid="result-version"]').textContent()).resolves.toBe('第 2 版');
    const history = page.locator('.inspection-detail__history .el-table__body tr');
    await expect(history.count()).resolves.toBe(2);
    await expect(history.nth(1).textContent()).resolves.toContain('更正第 1 版');
    await expect(history.nth(1).textContent()).resolves.toContain('复核发现小结漏记');
    await page.screenshot({ path: path.join(artifacts, 'inspection-corrected.png'), fullPage: true });
    const versions = await t.db.pool.query(
      `select r.version, r.status, r.summary, r.correction_reason as reason, r.correction_signed_by as "signedBy", p.version as supersedes
         from inspection_result r left join inspection_result p on p.id = r.supersedes where r.inspection_id = $1 order by r.version`,
      [first.id],
    );
    expect(versions.rows).toEqual([
      { version: 1, status: 'PUBLISHED', summary: null, reason: null, signedBy: null, supersedes: null },
      { version: 2, status: 'PUBLISHED', summary: '复核后补充：经营场所与登记住所一致', reason: '复核发现小结漏记', signedBy: 'scjg-head', supersedes: 1 },
    ]);

    // The workspace lists the task in progress, linking to it.
    await page.goto(`${base}/workspace`);
    await page.locator('.workspace__tasks-table').getByText(code).waitFor();
    await page.locator('.workspace__overdue').getByText('逾期未公示的检查').first().waitFor();
    await expect.poll(() => page.locator('.workspace .el-loading-mask').count(), { timeout: 10_000 }).toBe(0);
    await page.screenshot({ path: path.join(artifacts, 'workspace.png'), fullPage: true });
    await page.close();
  });
});
