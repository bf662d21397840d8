/**
 * Steps the browser tests share: signing in, the commit–reveal dialogs of the task page, the lead
 * department's actions, and recording, entering and publishing a result on the inspection page.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { tempFile } from '../tmp.js';

/** Today in China (UTC+8), as the API's YYYY-MM-DD. */
export const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** Signs `username` in (password `demo`), dropping any session the browser profile still holds. */
export async function login(page: Page, base: string, username: string): Promise<void> {
  await page.evaluate(() => localStorage.removeItem('jointcheck.token')).catch(() => undefined);
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('demo');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/**
 * Opens an Element Plus (single) select, picks the first visible option containing `option` and waits for the
 * dropdown to close, so that the next select's options are not confused with this one's while it fades out.
 */
export async function choose(page: Page, select: Locator, option: string): Promise<void> {
  await select.click();
  const item = page.locator('.el-select-dropdown__item:visible', { hasText: option });
  await item.first().click();
  await item.first().waitFor({ state: 'hidden' });
}

/**
 * 提交承诺值 on the task page for the signed-in user's department: the secret is generated in the page,
 * kept as the downloaded .txt (returned), and only its SHA-256 commitment is sent.
 */
export async function commitInBrowser(page: Page, opts: { screenshot?: string } = {}): Promise<{ secret: string; file: string }> {
  await page.locator('.participants').getByRole('button', { name: '提交承诺值' }).click();
  const dialog = page.locator('.commitment-dialog');
  await dialog.locator('[data-testid="commit-commitment"]').getByText(/^[0-9a-f]{64}$/).waitFor();
  const secret = await dialog.locator('input[data-testid="commit-secret"]').inputValue();
  expect(secret).toMatch(/^[0-9a-f]{64}$/);
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: '下载 .txt' }).click()]);
  const file = tempFile('jc-secret-', download.suggestedFilename());
  await download.saveAs(file);
  expect(fs.readFileSync(file, 'utf8')).toContain(`秘密随机数：${secret}`);
  if (opts.screenshot) await dialog.screenshot({ path: opts.screenshot });
  await dialog.locator('.commitment-dialog__saved').click();
  await dialog.getByRole('button', { name: '提交承诺值' }).click();
  await dialog.waitFor({ state: 'hidden' });
  return { secret, file };
}

/** 揭示秘密 from the kept file; the page checks it against the commitment before sending. The file is removed. */
export async function revealInBrowser(page: Page, file: string): Promise<void> {
  await page.locator('.participants').getByRole('button', { name: '揭示秘密' }).click();
  const dialog = page.locator('.reveal-dialog');
  await dialog.locator('input[type=file]').setInputFiles(file);
  await dialog.getByText('与已提交的承诺值一致').waitFor();
  await dialog.getByRole('button', { name: '揭示', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

/** One of the lead department's actions (冻结, 抽取, 开始检查 …), confirmed in its message box; waits for the new status. */
export async function leadAction(page: Page, action: string, status: string): Promise<void> {
  await page.locator('.task-detail__actions').getByRole('button', { name: action }).click();
  await page.locator('.el-message-box').getByRole('button', { name: action }).click();
  await page.locator('[data-testid="task-status"]', { hasText: status }).waitFor();
}

/** 记录检查结果 on the inspection page: on-site, signed by `signer`, every item of the task 未发现问题. */
export async function recordNoProblem(page: Page, signer: string, opts: { screenshot?: string } = {}): Promise<void> {
  await page.locator('.inspection-detail__actions').getByRole('button', { name: '记录检查结果' }).click();
  const form = page.locator('.result-form');
  await choose(page, form.locator('.el-form-item', { hasText: '检查方式' }).locator('.el-select'), '实地核查');
  await form.getByPlaceholder('检查对象签字人姓名（仅工作人员可见）').fill(signer);
  const rows = form.locator('.result-form__item');
  const count = await rows.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) await choose(page, rows.nth(i).locator('.el-select'), '未发现问题');
  if (opts.screenshot) await form.screenshot({ path: opts.screenshot });
  await form.getByRole('button', { name: '保存检查结果' }).click();
  await page.locator('[data-testid="inspection-status"]', { hasText: '已检查' }).waitFor();
}

/** 确认录入, then 公示 (after the confirmation that a published result never changes). */
export async function enterAndPublish(page: Page): Promise<void> {
  const actions = page.locator('.inspection-detail__actions');
  await actions.getByRole('button', { name: '确认录入' }).click();
  await page.locator('.el-message-box').getByRole('button', { name: '确认录入' }).click();
  await page.locator('[data-testid="inspection-status"]', { hasText: '已录入' }).waitFor();
  await actions.getByRole('button', { name: '公示' }).click();
  const box = page.locator('.el-message-box');
  await expect(box.textContent()).resolves.toContain('不能再修改');
  await box.getByRole('button', { name: '公示' }).click();
  await page.locator('[data-testid="inspection-status"]', { hasText: '已公示' }).waitFor();
}
