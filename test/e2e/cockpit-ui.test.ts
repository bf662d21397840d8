/**
 * The cockpit (领导驾驶舱) and the coordination board (联席办协调) in Chromium on the demo county with its simulated
 * history (last year and this year up to now): every key figure the cockpit shows must equal the GraphQL
 * `metrics` answer for the same filter, fetched directly over HTTP — for this year, after switching the year,
 * and after drilling into a department.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCaller } from '../../server/auth/caller.js';
import { loadHistory } from '../../server/demo/history.js';
import { artifacts, exportTable, readXlsx } from './browser.js';
import { startDemoHub, type DemoHub } from './hub.js';

let base: string;
let browser: DemoHub['browser'];
let hub: DemoHub;
let token: string;

beforeAll(async () => {
  hub = await startDemoHub();
  ({ base, browser } = hub);
  // The shared hub leaves the history out (the other browser tests make their own tasks); the cockpit needs
  // it, loaded as `npm start` loads it (the demo seed, the directory's size).
  await loadHistory(hub.t.db.orm, hub.t.db.pool, { seed: 'linzi-2026', subjects: 500, config: hub.t.config, caller: systemCaller('demo'), say: () => undefined });
  const login = await http<{ login: { token: string } }>('mutation { login(username: "leader", password: "demo") { token } }');
  token = login.login.token;
}, 240_000);
afterAll(() => hub?.close());

/** One GraphQL operation over HTTP, as the leader once logged in. */
async function http<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  expect(body.errors).toBeUndefined();
  return body.data!;
}

interface Share {
  numerator: number;
  denominator: number;
  value: number | null;
  target: number | null;
}
interface Metrics {
  year: number;
  from: string;
  to: string;
  tasks: number;
  inspections: number;
  overdue: number;
  jointShare: Share;
  jointShareByInspections: Share;
  itemCoverage: Share;
  departmentCoverage: Share;
  timeliness: Share;
  problemRate: Share;
  controlProblemRate: Share;
  uncoveredItems: string[];
  departmentScores: { department: string; score: number }[];
  departmentMonthly: { department: string; month: string; tasks: number; jointTasks: number }[];
}

const S = 'numerator denominator value target';
async function metrics(filter: Record<string, unknown>): Promise<Metrics> {
  const data = await http<{ metrics: Metrics }>(
    `query($filter: MetricsFilter) { metrics(filter: $filter) {
      year from to tasks inspections overdue uncoveredItems
      jointShare { ${S} } jointShareByInspections { ${S} } itemCoverage { ${S} } departmentCoverage { ${S} }
      timeliness { ${S} } problemRate { ${S} } controlProblemRate { ${S} }
      departmentScores { department score }
      departmentMonthly { department month tasks jointTasks }
    } }`,
    { filter },
  );
  return data.metrics;
}

// The dashboard's formatting: percentages to one decimal (— without a denominator), counts with separators.
const pct = (s: Share) => (s.value === null ? '—' : `${Math.round(s.value * 1000) / 10}%`);
const n = (x: number) => x.toLocaleString('zh-CN');

async function figure(page: Page, test: string): Promise<string> {
  return ((await page.locator(`[data-test="${test}"]`).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Waits for the cockpit drawn with the data of `filter`, then checks every key figure against `m`. */
async function expectCockpitShows(page: Page, m: Metrics, filter: Record<string, unknown>) {
  await page.locator(`[data-test="cockpit-ready"][data-filter='${JSON.stringify(filter)}']`).waitFor({ state: 'attached', timeout: 60_000 });
  const shown = {
    period: await figure(page, 'cockpit-period'),
    tasks: await figure(page, 'cockpit-tasks'),
    inspections: await figure(page, 'cockpit-inspections'),
    joint: [await figure(page, 'joint-share-value'), await figure(page, 'joint-share-num'), await figure(page, 'joint-share-den')],
    jointByInspections: [
      await figure(page, 'joint-share-inspections-value'),
      await figure(page, 'joint-share-inspections-num'),
      await figure(page, 'joint-share-inspections-den'),
    ],
    itemCoverage: [await figure(page, 'item-coverage-value'), await figure(page, 'item-coverage-parts')],
    departmentCoverage: [await figure(page, 'department-coverage-value'), await figure(page, 'department-coverage-parts')],
    timeliness: [await figure(page, 'timeliness-value'), await figure(page, 'timeliness-parts')],
    overdue: await figure(page, 'overdue-value'),
    problemRate: [await figure(page, 'problem-rate-value'), await figure(page, 'problem-rate-parts'), await figure(page, 'control-rate')],
  };
  expect(shown).toEqual({
    period: `统计期间 ${m.from} 至 ${m.to} · ${n(m.tasks)} 项任务 · ${n(m.inspections)} 户次`,
    tasks: n(m.tasks),
    inspections: n(m.inspections),
    joint: [pct(m.jointShare), n(m.jointShare.numerator), n(m.jointShare.denominator)],
    jointByInspections: [pct(m.jointShareByInspections), n(m.jointShareByInspections.numerator), n(m.jointShareByInspections.denominator)],
    itemCoverage: [pct(m.itemCoverage), `${n(m.itemCoverage.numerator)} / ${n(m.itemCoverage.denominator)} 项事项已实施`],
    departmentCoverage: [pct(m.departmentCoverage), `${n(m.departmentCoverage.numerator)} / ${n(m.departmentCoverage.denominator)} 个成员单位`],
    timeliness: [pct(m.timeliness), `${n(m.timeliness.numerator)} / ${n(m.timeliness.denominator)} 户按时录入并公示`],
    overdue: `${n(m.overdue)} 户`,
    problemRate: [pct(m.problemRate), `${n(m.problemRate.numerator)} / ${n(m.problemRate.denominator)} 户发现问题`, `对照组 ${pct(m.controlProblemRate)}`],
  });
  // The target line of the joint share is the configured one.
  expect(await figure(page, 'joint-share')).toContain(`目标 ≥ ${Math.round(m.jointShare.target! * 1000) / 10}%`);
}

/** The ranking table as shown: department short names and scores, in order. */
async function rankingShown(page: Page) {
  const rows = page.locator('[data-test="ranking-table"] .el-table__body-wrapper tbody tr');
  await rows.first().waitFor();
  const out: [string, number][] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    out.push([(await row.locator('[data-test="ranking-department"]').textContent())!.trim(), Number(await row.locator('[data-test="ranking-score"]').textContent())]);
  }
  return out;
}

describe('cockpit and coordination board in Chromium', () => {
  it('shows the leader the metrics of GraphQL, for this year, another year and a department drilled into', async () => {
    const departments = (await http<{ departments: { nodes: { code: string; name: string; shortName: string }[] } }>(
      '{ departments(first: 200) { nodes { code name shortName } } }',
    )).departments.nodes;
    const shortName = (code: string) => {
      const d = departments.find((x) => x.code === code)!;
      return d.shortName || d.name;
    };

    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${base}/login`);
    await page.getByLabel('用户名').fill('leader');
    await page.getByLabel('密码').fill('demo');
    await page.getByRole('button', { name: '登录' }).click();
    // A leader lands on the cockpit.
    await page.waitForURL(`${base}/cockpit`);

    // This year (the server's default period, in China time).
    const current = await metrics({});
    const year = current.year;
    expect(current.tasks).toBeGreaterThan(0);
    await expectCockpitShows(page, current, { year });
    await expect(page.locator('[data-test="cockpit-ready"]').getAttribute('data-year')).resolves.toBe(String(year));
    // All of it on one 1920×1080 screen: nothing to scroll.
    const main = await page.locator('.app-main').evaluate((e) => ({ scroll: e.scrollHeight, client: e.clientHeight, scrollW: e.scrollWidth, clientW: e.clientWidth }));
    expect(main.scroll).toBeLessThanOrEqual(main.client);
    expect(main.scrollW).toBeLessThanOrEqual(main.clientW);
    // Every chart is drawn (in SVG): the ranking with a row per department of the answer, its score at the end.
    for (const chart of ['ranking-chart', 'grade-distribution', 'grade-problem', 'monthly-chart']) {
      await expect(page.locator(`[data-test="${chart}"] svg [data-test="bar"]`).count()).resolves.toBeGreaterThan(0);
    }
    const rankingChart = page.locator('[data-test="ranking-chart"]');
    expect(await rankingChart.locator('[data-test="end-label"]').allTextContents()).toEqual(current.departmentScores.map((s) => String(s.score)));
    expect(await rankingChart.locator('[data-test="category"]').allTextContents()).toEqual(current.departmentScores.map((s) => shortName(s.department)));
    await page.screenshot({ path: path.join(artifacts, 'cockpit-1920.png') });
    // 保存图片 gives a PNG of a gauge and of a chart, each at twice its size on screen.
    for (const [chart, name] of [['joint-share-gauge', '联合抽查占比（按任务）'], ['monthly-chart', '月度趋势']] as const) {
      const box = page.locator(`[data-test="${chart}"]`);
      await box.hover();
      const [png] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), box.locator('[data-test="chart-save"]').click()]);
      expect(png.suggestedFilename()).toBe(`领导驾驶舱-${name}-${year}.png`);
      const bytes = fs.readFileSync(await png.path());
      expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      const [width, height] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
      expect(width).toBeGreaterThanOrEqual(chart === 'joint-share-gauge' ? 400 : 600);
      expect(height).toBeGreaterThan(200);
      expect(bytes.length).toBeGreaterThan(2000);
    }

    // The ranking as a table: the departments in the order and with the scores of GraphQL.
    await page.locator('[data-test="ranking-view"]').getByText('表格').click();
    await page.waitForURL((u) => u.searchParams.get('ranking') === 'table');
    expect(await rankingShown(page)).toEqual(current.departmentScores.map((s) => [shortName(s.department), s.score]));
    await page.screenshot({ path: path.join(artifacts, 'cockpit-ranking-table.png') });
    // …and exported as CSV and as Excel, the same rows.
    const today = new Date().toLocaleDateString('sv-SE');
    const ranking = page.locator('[data-test="ranking"]');
    const download = await exportTable(ranking, 'export-page-csv');
    expect(download.suggestedFilename()).toBe(`领导驾驶舱-部门考核排名-${year}_${today}.csv`);
    const csvText = fs.readFileSync(await download.path(), 'utf8');
    const csvRows = csvText.replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
    expect(csvRows.slice(1).map((r) => [r[1], Number(r[3])])).toEqual(current.departmentScores.map((s) => [s.department, s.score]));
    const excel = await exportTable(ranking, 'export-page-xlsx');
    expect(excel.suggestedFilename()).toBe(`领导驾驶舱-部门考核排名-${year}_${today}.xlsx`);
    const xlsx = await readXlsx(await excel.path());
    expect(xlsx.frozen).toBe(true);
    expect(xlsx.rows[0]!.slice(0, 4)).toEqual(['排名', '部门代码', '部门', '得分']);
    // Numbers stay numbers; the whole table as the CSV has it.
    expect(xlsx.rows.slice(1).map((r) => [r[1], r[3]])).toEqual(current.departmentScores.map((s) => [s.department, s.score]));
    expect(xlsx.rows.map((r) => r.map(String))).toEqual(csvRows);

    // Another year, chosen in the year filter: the URL carries it and the figures follow.
    await page.locator('[data-test="filter-year"] .el-select').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: `${year - 1} 年` }).click();
    await page.waitForURL((u) => u.searchParams.get('year') === String(year - 1));
    const previous = await metrics({ year: year - 1 });
    expect(previous.tasks).toBeGreaterThan(0);
    await expectCockpitShows(page, previous, { year: year - 1 });
    expect(await rankingShown(page)).toEqual(previous.departmentScores.map((s) => [shortName(s.department), s.score]));
    await page.screenshot({ path: path.join(artifacts, 'cockpit-previous-year.png') });

    // Drill into the best-scoring department from the ranking: the filter joins the URL and the drill path.
    const top = previous.departmentScores[0]!.department;
    await page.locator('[data-test="ranking-department"]').first().click();
    await page.waitForURL((u) => u.searchParams.get('department') === top && u.searchParams.get('year') === String(year - 1));
    const drilled = await metrics({ year: year - 1, department: top });
    await expectCockpitShows(page, drilled, { year: year - 1, department: top });
    await expect(page.locator('[data-test="drill-department"]').textContent()).resolves.toBe(shortName(top));
    expect(await rankingShown(page)).toEqual([[shortName(top), drilled.departmentScores[0]!.score]]);
    // Back up the drill path to the whole county.
    await page.locator('[data-test="drill-all"]').click();
    await page.waitForURL((u) => !u.searchParams.has('department'));
    await expectCockpitShows(page, previous, { year: year - 1 });

    // A 1366×768 laptop: the page scrolls but keeps every panel.
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${base}/cockpit`);
    await expectCockpitShows(page, current, { year });
    await page.screenshot({ path: path.join(artifacts, 'cockpit-1366.png') });
    await page.locator('.app-main').evaluate((e) => e.scrollTo(0, e.scrollHeight));
    await page.screenshot({ path: path.join(artifacts, 'cockpit-1366-scrolled.png') });
    // A click on a department's bars in the chart drills into it, as its name in the table does.
    const second = current.departmentScores[1]!.department;
    await page.locator('[data-test="ranking-chart"] [data-test="band"][data-index="1"]').click();
    await page.waitForURL((u) => u.searchParams.get('department') === second);
    await expect(page.locator('[data-test="drill-department"]').textContent()).resolves.toBe(shortName(second));
    await page.close();
  });

  it('shows the coordination board with plan filing, the heatmap and the item coverage of GraphQL', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.addInitScript((t) => localStorage.setItem('jointcheck.token', t), token);
    const m = await metrics({});
    const year = m.year;
    const filing = (await http<{ planFilingStatus: { departmentCode: string; status: string; filedLate: boolean }[] }>(
      'query($year: Int!) { planFilingStatus(year: $year) { departmentCode status filedLate } }',
      { year },
    )).planFilingStatus;
    expect(filing.length).toBeGreaterThan(0);

    await page.goto(`${base}/coordination`);
    // Plans: one row per member department, in the order of GraphQL, with its status.
    const plans = page.locator('[data-test="plans-table"] .el-table__body-wrapper tbody tr');
    await expect.poll(() => plans.count(), { timeout: 60_000 }).toBe(filing.length);
    const codes = await page.locator('[data-test="plan-department"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(codes).toEqual(filing.map((f) => f.departmentCode));
    const label: Record<string, string> = { MISSING: '未报', DRAFT: '草稿', FILED: '已备案', PUBLISHED: '已公示' };
    const statuses = await page.locator('[data-test="plan-status"]').allTextContents();
    expect(statuses.map((s) => s.trim())).toEqual(filing.map((f) => label[f.status]));
    await expect(page.locator('[data-test="plan-late"]').count()).resolves.toBe(filing.filter((f) => f.filedLate).length);
    const filed = filing.filter((f) => f.status === 'FILED' || f.status === 'PUBLISHED').length;
    await expect(figure(page, 'plans-filed')).resolves.toBe(`已备案 ${filed}`);
    await expect(figure(page, 'plans-missing')).resolves.toBe(`未报 ${filing.filter((f) => f.status === 'MISSING').length}`);

    // The heatmap is drawn, with the department × month totals of GraphQL.
    await page.locator('[data-test="heatmap-chart"] canvas').first().waitFor();
    const total = m.departmentMonthly.reduce((a, r) => a + r.tasks, 0);
    expect(total).toBeGreaterThan(0);
    await expect(figure(page, 'heatmap-tasks')).resolves.toBe(n(total));
    await expect(figure(page, 'heatmap-joint')).resolves.toBe(n(m.departmentMonthly.reduce((a, r) => a + r.jointTasks, 0)));

    // Item coverage: the summary and the uncovered items first, red.
    await expect(figure(page, 'items-summary')).resolves.toBe(`已覆盖 ${m.itemCoverage.numerator} / ${m.itemCoverage.denominator} 项`);
    const items = page.locator('[data-test="items-table"] .el-table__body-wrapper tbody tr');
    await expect.poll(() => items.count()).toBe(m.itemCoverage.denominator);
    const firstCodes = await page.locator('[data-test="item-code"]').evaluateAll((els, k) => els.slice(0, k).map((e) => e.textContent), m.uncoveredItems.length);
    expect(firstCodes).toEqual([...m.uncoveredItems].sort((a, b) => a.localeCompare(b)));
    await expect(page.locator('[data-test="items-table"] .coordination__row--missing').count()).resolves.toBe(m.uncoveredItems.length);

    // Joint tasks under way and overdue results come from their own queries; their tables render.
    await page.locator('[data-test="joint-tasks"] .async-state__body').first().waitFor();
    await page.locator('[data-test="overdue"] .async-state__body').first().waitFor();
    const overdue = (await http<{ overdueInspections: { id: string }[] }>('{ overdueInspections { id } }')).overdueInspections;
    if (overdue.length) {
      await expect(page.locator('[data-test="overdue-link"]').first().getAttribute('href')).resolves.toBe(`/inspections/${overdue[0]!.id}`);
    }
    await page.screenshot({ path: path.join(artifacts, 'coordination.png') });
    // The whole board (the page scrolls inside the layout's main area, so a tall window shows it all).
    await page.setViewportSize({ width: 1920, height: 2000 });
    await page.screenshot({ path: path.join(artifacts, 'coordination-full.png') });
    await page.close();
  });
});
