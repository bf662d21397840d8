import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { users } from '../utils.js';
import { artifacts } from './browser.js';
import { useDemoHub } from './hub.js';
import { login } from './steps.js';

const hub = useDemoHub();

/** Next year in China time: the plan a clerk draws up in advance. */
const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date())) + 1;

async function currentItem(department: string): Promise<string> {
  return (await hub.t.db.pool.query<{ code: string }>(
    `select c.code from check_item c join department d on d.id = c.department_id
      where d.code = $1 and c.current and c.active order by c.code limit 1`,
    [department],
  )).rows[0]!.code;
}

/** Picks options of an Element Plus select by their text, then closes its dropdown. */
async function choose(page: Page, dialog: Locator, select: string, options: string[]) {
  await dialog.locator(`[data-testid="${select}"]`).click();
  for (const text of options) await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
  await dialog.locator('.el-dialog__title').click();
}

/** One task through the 新增任务 dialog: name, participants, items, A's quota as a percentage, a window in the plan year. */
async function addTask(page: Page, task: { name: string; participants: string[]; items: string[]; percentA?: string }) {
  await page.locator('[data-testid="plan-add-task"]').click();
  const dialog = page.locator('.el-dialog', { hasText: '新增计划任务' });
  await dialog.getByPlaceholder('如：食品生产企业监督抽查').fill(task.name);
  if (task.participants.length) await choose(page, dialog, 'plan-task-participants', task.participants);
  await choose(page, dialog, 'plan-task-items', task.items);
  if (task.percentA) {
    const gradeA = dialog.locator('[data-testid="grade-quota-A"]');
    await gradeA.getByText('比例 %').click();
    await gradeA.locator('input').last().fill(task.percentA);
  }
  await dialog.getByPlaceholder('开始日期').click();
  await page.locator('.el-date-range-picker__content.is-left td.available').nth(0).click();
  await page.locator('.el-date-range-picker__content.is-right td.available').nth(27).click();
  await dialog.locator('[data-testid="plan-task-submit"]').click();
  await dialog.waitFor({ state: 'hidden' });
  await page.locator('[data-testid="plan-task-row-name"]', { hasText: task.name }).waitFor();
}

describe('annual plans in Chromium', () => {
  it('a clerk draws up next year’s plan with a joint task, saves and files it, then adjusts it into version 2 with a reason', async () => {
    const none = await hub.t.gql<{ plan: unknown }>(`{ plan(year: ${year}, department: "SCJG") { id } }`, {}, users.scjgClerk);
    expect(none.data!.plan).toBeNull();
    const scjgItem = await currentItem('SCJG');
    const swItem = await currentItem('SW');
    const swName = (await hub.t.db.pool.query<{ name: string }>(`select name from department where code = 'SW'`)).rows[0]!.name;

    const page = await hub.browser.context.newPage();
    await login(page, hub.base, 'scjg-clerk');
    await page.goto(`${hub.base}/plans?year=${year}`);
    await page.getByText(`尚未编制 ${year} 年度计划`).waitFor();

    await addTask(page, { name: '食品生产企业与纳税人联合抽查', participants: [swName], items: [scjgItem, swItem] });
    await addTask(page, { name: '食品生产许可条件抽查', participants: [], items: [scjgItem], percentA: '5' });
    await page.locator('[data-testid="plan-dirty"]').waitFor();
    await page.locator('[data-testid="plan-save"]').click();
    await page.locator('[data-testid="plan-status"]', { hasText: '草稿' }).waitFor();
    await page.locator('[data-testid="plan-dirty"]').waitFor({ state: 'detached' });

    await page.locator('[data-testid="plan-file"]').click();
    const confirm = page.locator('.el-message-box');
    await confirm.getByText(`备案截止时间：${year}-01-31`).waitFor();
    await confirm.getByText('现在备案为按时备案').waitFor();
    await confirm.getByRole('button', { name: '备案' }).click();
    await page.locator('[data-testid="plan-status"]', { hasText: '已备案' }).waitFor();

    const filed = await hub.t.db.pool.query(
      `select p.status, p.version, p.filed_late, t.seq, t.name, t.departments, t.quota_rule, t.window_from::text as window_from
         from plan p join department d on d.id = p.department_id join plan_task t on t.plan_id = p.id
        where d.code = 'SCJG' and p.year = $1 and p.current order by t.seq`,
      [year],
    );
    expect(filed.rows.map((r) => [r.status, r.version, r.filed_late, r.seq, r.name, r.departments, r.window_from])).toEqual([
      ['FILED', 1, false, 1, '食品生产企业与纳税人联合抽查', ['SCJG', 'SW'], `${year}-01-01`],
      ['FILED', 1, false, 2, '食品生产许可条件抽查', ['SCJG'], `${year}-01-01`],
    ]);
    // The first task took the default ratios, the second its own 5 % for grade A.
    expect(filed.rows[0].quota_rule).toEqual({ A: { ratio: '0.01' }, B: { ratio: '0.03' }, C: { ratio: '0.1' }, D: { ratio: '0.3' } });
    expect(filed.rows[1].quota_rule).toEqual({ A: { ratio: '0.05' } });

    // Adjust the filed plan: rename the second task; saving asks for the reason and makes version 2.
    await page.locator('[data-testid="plan-task-edit"]').nth(1).click();
    const dialog = page.locator('.el-dialog', { hasText: '编辑计划任务' });
    await dialog.getByPlaceholder('如：食品生产企业监督抽查').fill('食品生产许可条件专项抽查');
    await dialog.locator('[data-testid="plan-task-submit"]').click();
    await page.locator('[data-testid="plan-adjust-notice"]', { hasText: '保存修改将生成第 2 版' }).waitFor();
    await page.locator('[data-testid="plan-save"]', { hasText: '保存调整（生成新版本）' }).click();
    const prompt = page.locator('.el-message-box');
    await prompt.locator('textarea').fill('上级部署食品安全专项整治，调整第二项任务');
    await prompt.getByRole('button', { name: '保存调整' }).click();
    await page.locator('[data-testid="plan-version"]', { hasText: '第 2 版' }).waitFor();
    const versions = page.locator('[data-testid="plan-versions"]');
    await versions.getByText('上级部署食品安全专项整治，调整第二项任务').waitFor();
    await expect(versions.locator('[data-testid="plan-version-row"]').allTextContents()).resolves.toEqual(['第 1 版', '第 2 版']);
    await expect(page.locator('[data-testid="plan-status"]').textContent()).resolves.toBe('已备案');
    const v2 = await hub.t.db.pool.query(
      `select p.version, p.status, p.change_reason, array_agg(t.name order by t.seq) as names
         from plan p join department d on d.id = p.department_id join plan_task t on t.plan_id = p.id
        where d.code = 'SCJG' and p.year = $1 and p.current group by p.id`,
      [year],
    );
    expect(v2.rows).toEqual([{ version: 2, status: 'FILED', change_reason: '上级部署食品安全专项整治，调整第二项任务', names: ['食品生产企业与纳税人联合抽查', '食品生产许可条件专项抽查'] }]);
    await page.screenshot({ path: path.join(artifacts, 'plans.png'), fullPage: true });

    // Version 1 stays on record, read-only.
    await versions.getByRole('button', { name: '查看' }).click();
    await page.getByText('正在查看第 1 版（历史版本，只读）').waitFor();
    await page.locator('[data-testid="plan-task-row-name"]', { hasText: '食品生产许可条件抽查' }).waitFor();
    await expect(page.locator('[data-testid="plan-actions"]').count()).resolves.toBe(0);
    await page.close();
  });
});
