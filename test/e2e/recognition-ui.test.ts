import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users, type TestApp } from '../utils.js';
import { artifacts } from './browser.js';
import { drawSpecialTask, scjgItemAndSubjects, startDemoHub, type DemoHub } from './hub.js';
import { chinaToday, choose, login } from './steps.js';

let t: TestApp;
let base: string;
let archiveDir: string;
let browser: DemoHub['browser'];
let hub: DemoHub;

beforeAll(async () => {
  hub = await startDemoHub();
  ({ t, base, browser, archiveDir } = hub);
}, 180_000);
afterAll(() => hub?.close());


async function ok<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, caller = users.scjgClerk): Promise<T> {
  const r = await t.gql<T>(query, variables, caller);
  expect(r.errors).toBeUndefined();
  return r.data!;
}

/**
 * A SCJG special task over demo subjects, drawn through GraphQL, with one inspection's result published:
 * its item found a problem that was corrected on the spot (PROBLEM_CORRECTED).
 */
async function publishedProblem(): Promise<{ id: string; subjectKey: string; subjectName: string; item: string }> {
  const { item, keys } = await scjgItemAndSubjects(t, 3, 'desc');
  const { inspections } = await drawSpecialTask(t, { name: "浏览器端到端互认检查", reason: "12345 热线工单 E2E-0004", item, keys });
  const first = inspections[0]!;
  const today = chinaToday();
  await ok(
    `mutation($id: ID!, $input: InspectionResultInput!) { recordInspectionResult(id: $id, input: $input) { status } }`,
    {
      id: first.id,
      input: {
        visitDate: today, method: 'ONSITE', signedBy: '王小明', decisionDate: today,
        items: [{ item, outcome: 'PROBLEM_CORRECTED', findings: '年报未公示股东出资信息，已当场责令补正', legalBasis: '《企业信息公示暂行条例》第八条' }],
      },
    },
  );
  await ok(`mutation { enterInspectionResult(id: "${first.id}") { status } }`);
  const published = await ok<{ publishInspectionResult: { status: string } }>(`mutation { publishInspectionResult(id: "${first.id}") { status } }`);
  expect(published.publishInspectionResult.status).toBe('PUBLISHED');
  return { ...first, item };
}

describe('follow-ups, the archive, mutual recognition and open data in Chromium', () => {
  it('SCJG transfers a problem to SW and archives a photo; SW accepts, closes and recognises the result; the public sees the open data', async () => {
    const inspection = await publishedProblem();
    const page = await browser.context.newPage();

    // SCJG: 发起后续处置 (a transfer to the tax bureau) on the inspection page.
    await login(page, base, 'scjg-clerk');
    await page.goto(`${base}/inspections/${inspection.id}`);
    await page.locator('[data-testid="inspection-status"]', { hasText: '已公示' }).waitFor();
    await page.locator('[data-testid="open-follow-up"]').click();
    const dialog = page.locator('.follow-up-dialog');
    await choose(page, dialog.locator('[data-testid="follow-up-kind"]'), '移交主管部门');
    await choose(page, dialog.locator('[data-testid="follow-up-target"]'), '国家税务总局淄博市临淄区税务局');
    await dialog.locator('textarea').fill('发现涉税问题（E2E），移交税务部门处理');
    await dialog.getByRole('button', { name: '发起', exact: true }).click();
    const panelRow = page.locator('.follow-ups-panel .el-table__body tr', { hasText: '发现涉税问题（E2E）' });
    await panelRow.locator('[data-testid="follow-up-status"]', { hasText: '待办' }).waitFor();
    await expect(panelRow.textContent()).resolves.toContain('待 区税务局 接收');
    await expect(panelRow.locator('button').count()).resolves.toBe(0); // SCJG waits for SW

    // SCJG: archive a photo (PNG signature + random bytes).
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(1500)]);
    const sha = crypto.createHash('sha256').update(png).digest('hex');
    await page.locator('.archive-panel__description input').fill('经营场所门头');
    await page.locator('.archive-panel input[type="file"]').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: png });
    const attachment = page.locator('.archive-panel__table .el-table__body tr', { hasText: '现场照片.png' });
    await attachment.waitFor();
    await expect(attachment.locator('[data-testid="attachment-sha"]').textContent()).resolves.toBe(`${sha.slice(0, 12)}…`);
    await expect(attachment.textContent()).resolves.toContain('经营场所门头');
    expect(fs.readFileSync(path.join(archiveDir, sha.slice(0, 2), sha)).equals(png)).toBe(true);
    // A file whose content is not what it claims is refused with the server's message.
    await page.locator('.archive-panel input[type="file"]').setInputFiles({ name: '伪造.png', mimeType: 'image/png', buffer: Buffer.from('not really a png') });
    await page.locator('[data-testid="archive-error"]', { hasText: '文件内容与声明的类型 image/png 不符' }).waitFor();
    await page.screenshot({ path: path.join(artifacts, 'inspection-follow-up-archive.png'), fullPage: true });

    // SW: accept and close the transfer from the workspace.
    await login(page, base, 'sw-clerk');
    await page.goto(`${base}/workspace`);
    const row = page.locator('.workspace__follow-ups .el-table__body tr', { hasText: '发现涉税问题（E2E）' });
    await row.locator('[data-testid="follow-up-accept"]').click();
    await page.locator('.el-message-box').getByRole('button', { name: '接收' }).click();
    await row.locator('[data-testid="follow-up-status"]', { hasText: '已接收' }).waitFor();
    await row.locator('[data-testid="follow-up-close"]').click();
    const box = page.locator('.el-message-box');
    await box.locator('textarea').fill('已责令补缴税款并复查合格');
    await box.getByRole('button', { name: '办结' }).click();
    await row.locator('[data-testid="follow-up-status"]', { hasText: '已办结' }).waitFor();
    await expect(row.textContent()).resolves.toContain('已责令补缴税款并复查合格');
    await page.screenshot({ path: path.join(artifacts, 'workspace-follow-ups.png'), fullPage: true });
    const stored = await t.db.pool.query(
      `select f.kind, f.status, f.decision, d.code as target from follow_up f join department d on d.id = f.target_department_id where f.description like '%（E2E）%'`,
    );
    expect(stored.rows).toEqual([{ kind: 'TRANSFER', status: 'CLOSED', decision: '已责令补缴税款并复查合格', target: 'SW' }]);

    // SW: 互认查询 — find the subject by its key and rely on SCJG's result.
    await page.goto(`${base}/recognition`);
    await page.locator('input[data-testid="recognition-find"]').fill(inspection.subjectKey);
    await page.locator('input[data-testid="recognition-find"]').press('Enter');
    await page.locator('[data-testid="profile-name"]', { hasText: inspection.subjectName }).waitFor();
    const result = page.locator('.subject-profile__results .el-table__body tr', { hasText: inspection.item });
    await expect(result.locator('[data-testid="profile-outcome"]').textContent()).resolves.toContain('发现问题已责令改正');
    await result.locator('[data-testid="recognize"]').click();
    await page.locator('.el-message-box textarea').fill('采信市场监管部门的检查结论（E2E）');
    await page.locator('.el-message-box').getByRole('button', { name: '采信（互认）' }).click();
    await result.locator('[data-testid="recognized"]').waitFor();
    await page.screenshot({ path: path.join(artifacts, 'recognition-profile.png'), fullPage: true });
    const recognition = await t.db.pool.query(
      // The demo county's history records recognitions of its own (by the system): only the clerk's is this test's.
      `select d.code as department, r.item_code as item, r.recognized_by as by, r.note from recognition r join department d on d.id = r.department_id
        where r.recognized_by = 'sw-clerk'`,
    );
    expect(recognition.rows).toEqual([{ department: 'SW', item: inspection.item, by: 'sw-clerk', note: '采信市场监管部门的检查结论（E2E）' }]);

    // The public: 公示 → 开放数据 lists the files with their SHA-256, which match the bytes served.
    await page.evaluate(() => localStorage.removeItem('jointcheck.token'));
    await page.goto(`${base}/public`);
    await page.getByRole('tab', { name: '开放数据' }).click();
    const year = chinaToday().slice(0, 4);
    const file = page.locator('.open-data__files .el-table__body tr', { hasText: `results-${year}.csv` });
    const shown = (await file.locator('[data-testid="open-data-sha"]').textContent())!.trim();
    expect(shown).toMatch(/^[0-9a-f]{64}$/);
    const bytes = Buffer.from(await (await fetch(`${base}/downloads/results/results-${year}.csv`)).arrayBuffer());
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(shown);
    await page.locator('.open-data__dictionary').getByText('taskCode').waitFor();
    await page.screenshot({ path: path.join(artifacts, 'public-open-data.png'), fullPage: true });
    await page.close();
  });
});
