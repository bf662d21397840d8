import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { users } from '../utils.js';
import { artifacts } from './browser.js';
import { drawSpecialTask, scjgItemAndSubjects, useDemoHub } from './hub.js';
import { chinaToday } from './steps.js';

const hub = useDemoHub();

const ID_NUMBER = '370305198807150021';

async function ok<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await hub.t.gql<T>(query, variables, users.scjgClerk);
  expect(r.errors).toBeUndefined();
  return r.data!;
}

/**
 * An individual business (个体工商户) of SCJG's sub-library, drawn for a special task and inspected: notice by
 * phone with the operator's number in the note, the operator's signature, and a problem whose findings name the
 * operator's ID number (marked confidential). Published. Returns what the public must never read.
 */
async function publishedIndividualBusiness() {
  const { item } = await scjgItemAndSubjects(hub.t, 1);
  const subject = (await hub.t.db.pool.query<{ key: string; name: string; operatorName: string; operatorPhone: string }>(
    `select s.key, s.name, s.operator_name as "operatorName", s.operator_phone as "operatorPhone"
       from subject s join library_member m on m.subject_id = s.id join department d on d.id = m.department_id
      where d.code = 'SCJG' and s.status = 'ACTIVE' and s.kind = 'INDIVIDUAL_BUSINESS' and s.operator_name is not null and s.operator_phone is not null
        and not exists (select 1 from inspection i where i.subject_id = s.id)
      order by s.key limit 1`,
  )).rows[0]!;
  expect(subject).toBeDefined();
  const { code, inspections } = await drawSpecialTask(hub.t, { name: '个体工商户隐私保护公示检查', reason: '12345 热线工单 E2E-0006', item, keys: [subject.key] });
  const id = inspections[0]!.id;
  const today = chinaToday();
  const note = `电话告知经营者${subject.operatorName}（${subject.operatorPhone}）`;
  await ok(`mutation($id: ID!, $at: DateTimeISO!, $note: String) { notifyInspection(id: $id, at: $at, method: PHONE, note: $note) { status } }`, { id, at: new Date().toISOString(), note });
  await ok(`mutation($id: ID!, $input: InspectionResultInput!) { recordInspectionResult(id: $id, input: $input) { status } }`, {
    id,
    input: {
      visitDate: today, method: 'ONSITE', signedBy: subject.operatorName, decisionDate: today,
      items: [{
        item, outcome: 'PROBLEM_CORRECTED', confidential: true,
        findings: `经营者${subject.operatorName}（身份证号 ${ID_NUMBER}，电话 ${subject.operatorPhone}）未公示年度报告，已当场责令补正`,
        legalBasis: '《个体工商户条例》第十四条',
      }],
    },
  });
  await ok(`mutation { enterInspectionResult(id: "${id}") { status } }`);
  expect((await ok<{ publishInspectionResult: { status: string } }>(`mutation { publishInspectionResult(id: "${id}") { status } }`)).publishInspectionResult.status).toBe('PUBLISHED');
  const inspectors = (await hub.t.db.pool.query<{ name: string }>(
    `select n.name from inspection_member m join inspector n on n.id = m.inspector_id where m.inspection_id = $1`, [id],
  )).rows.map((r) => r.name);
  expect(inspectors.length).toBeGreaterThanOrEqual(2);
  return { id, code, item, subject, personal: [subject.operatorName, subject.operatorPhone, ID_NUMBER, note, ...inspectors] };
}

describe('the public results page in Chromium keeps personal data out', () => {
  it('an anonymous visitor finds a published result, reads it without any personal data, and verifies the draw from it', async () => {
    const { id, code, item, subject, personal } = await publishedIndividualBusiness();
    const page = await hub.browser.context.newPage();
    page.setDefaultTimeout(20_000);
    // Every answer the browser receives, to check the data itself and not only what the page shows.
    const answers: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/graphql')) void r.text().then((body) => answers.push(body), () => undefined);
    });
    await page.goto(`${hub.base}/public?tab=results`);
    await page.evaluate(() => localStorage.removeItem('jointcheck.token'));
    await page.reload();
    await expect(page.evaluate(() => localStorage.getItem('jointcheck.token'))).resolves.toBeNull();

    // 检查结果公示: search by the check item.
    const itemFilter = page.locator('[data-testid="result-item"] input').or(page.locator('input[data-testid="result-item"]')).first();
    await itemFilter.fill(item);
    await itemFilter.press('Enter');
    const row = page.locator('.result-search .el-table__body tr', { hasText: subject.key });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(subject.name);
    for (const value of personal) expect(await page.locator('body').innerText()).not.toContain(value);

    // The result itself: the checklist without signatory, notice note, inspectors' names or confidential findings.
    await row.locator('[data-testid="result-inspection"]').click();
    await page.waitForURL(`${hub.base}/inspections/${id}`);
    await page.locator('[data-testid="inspection-status"]', { hasText: '已公示' }).waitFor();
    await page.locator('.inspection-detail__result').waitFor();
    await expect(page.locator('.inspection-detail__result').textContent()).resolves.toContain('发现问题已责令改正');
    const text = await page.locator('body').innerText();
    expect(text).toContain(subject.name);
    for (const value of personal) expect(text).not.toContain(value);
    // Masked forms (张*, 138****5678) may appear; the raw ones never, in the page or in what the server sent.
    await expect.poll(() => answers.length).toBeGreaterThan(0);
    for (const body of answers) for (const value of personal) expect(body).not.toContain(value);
    await page.screenshot({ path: path.join(artifacts, 'public-result.png'), fullPage: true });

    // How to verify: from the result to its task, and from the drawn subject to the proof checked in the browser.
    await page.locator('[data-testid="task-link"]', { hasText: code }).click();
    await page.waitForURL(`${hub.base}/tasks/${code}`);
    const key = page.locator('.inspections__table .inspections__key', { hasText: subject.key });
    await key.waitFor();
    for (const value of personal) expect(await page.locator('body').innerText()).not.toContain(value);
    await key.click();
    await page.waitForURL((u) => u.pathname === '/verify');
    await page.locator('[data-testid="proof-candidates"] [data-testid="leaf-check"]', { hasText: '✓' }).waitFor();
    await expect(page.locator('[data-testid="proof-status"]').textContent()).resolves.toContain('被抽中');
    await expect(page.locator('[data-testid="proof-overall"]').textContent()).resolves.toContain('✓');
    for (const body of answers) for (const value of personal) expect(body).not.toContain(value);
    await page.close();
  }, 180_000);
});
