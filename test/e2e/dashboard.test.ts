import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv, SUBJECT_HEADER, subjectLine, uscc } from '../fixtures.js';
import type { TestApp } from '../utils.js';
import { artifacts, exportTable, readXlsx } from './browser.js';
import { startDemoHub, type DemoHub } from './hub.js';

let t: TestApp;
let base: string;
let browser: DemoHub['browser'];
let hub: DemoHub;

beforeAll(async () => {
  hub = await startDemoHub();
  ({ t, base, browser } = hub);
}, 180_000);
afterAll(() => hub?.close());

describe('dashboard shell in Chromium', () => {
  it('shows the department list to the public, in Chinese', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/departments`);
    await page.getByText('区市场监管局').first().waitFor();
    await expect(page.getByText('检查对象名录库').first().isVisible()).resolves.toBe(true);
    const body = await page.textContent('body');
    for (const name of ['区税务局', '临淄生态环境分局', '区应急管理局']) expect(body).toContain(name);
    await page.screenshot({ path: path.join(artifacts, 'departments.png'), fullPage: true });
    await page.close();
  });

  it('logs a clerk in, lists the directory with its total, and validates an import row by row before writing', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('用户名').fill('scjg-clerk');
    await page.getByLabel('密码').fill('demo');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));

    await page.goto(`${base}/subjects`);
    await page.getByText('共 500 条').first().waitFor();
    await page.screenshot({ path: path.join(artifacts, 'subjects.png'), fullPage: true });

    // 导出 → 当前页 → Excel: the file holds what the table shows, header first (bold, frozen), dated Chinese name.
    const shown = await page.locator('.subjects__table .el-table__body-wrapper tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim().replace(/^—$/, ''))),
    );
    expect(shown).toHaveLength(20);
    const headers = await page.locator('.subjects__table .el-table__header-wrapper th').evaluateAll((ths) => ths.map((th) => th.textContent!.trim()));
    const today = new Date().toLocaleDateString('sv-SE');
    const current = await exportTable(page.locator('.page-header'), 'export-page-xlsx');
    expect(current.suggestedFilename()).toBe(`检查对象名录库_${today}.xlsx`);
    const page1 = await readXlsx(await current.path());
    expect(page1.sheet).toBe('检查对象名录库');
    expect(page1.frozen).toBe(true);
    expect(page1.rows[0]).toEqual(headers);
    // The table shows — for an empty cell and the departments as tags; the file leaves the cell empty and lists them with 、.
    const asShown = (cells: unknown[]) => cells.map((v) => String(v).replace(/、/g, ' '));
    expect(page1.rows.slice(1).map(asShown)).toEqual(shown);

    // 导出 → 全部（按当前筛选）→ Excel: every subject of the filter, paged through GraphQL.
    const all = await exportTable(page.locator('.page-header'), 'export-all-xlsx');
    const everything = await readXlsx(await all.path());
    expect(everything.rows).toHaveLength(501);
    expect(everything.rows.slice(0, 21)).toEqual(page1.rows);
    expect(everything.rows.slice(1).every((r) => typeof r[0] === 'string' && r[0] !== '')).toBe(true);

    await page.goto(`${base}/import`);
    const file = csv(SUBJECT_HEADER, [subjectLine(901), subjectLine(902, { kind: '公司' })]);
    await page.locator('input[type=file]').setInputFiles({ name: 'subjects.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await page.getByRole('button', { name: '校验' }).click();
    await page.getByText(/"公司"不是有效的主体类型/).first().waitFor();
    await page.screenshot({ path: path.join(artifacts, 'import-report.png'), fullPage: true });
    const count = await t.db.pool.query('select count(*)::int n from subject');
    expect(count.rows[0].n).toBe(500); // validation wrote nothing

    await page.locator('label.el-checkbox', { hasText: '跳过无效行' }).click();
    await page.getByRole('button', { name: '导入' }).click();
    await page.locator('.el-message-box').getByRole('button', { name: '导入' }).click();
    await page.getByText(/已写入|导入完成/).first().waitFor();
    const written = await t.db.pool.query(
      `select s.name, d.code from subject s join library_member m on m.subject_id = s.id join department d on d.id = m.department_id where s.key = $1`,
      [uscc(901)],
    );
    expect(written.rows).toEqual([{ name: '淄博测试901食品有限公司', code: 'SCJG' }]);
    await page.close();
  });
});
