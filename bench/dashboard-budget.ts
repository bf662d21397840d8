/**
 * Dashboard budget of the cockpit (领导驾驶舱, /cockpit):
 *
 *  1. JavaScript of its first load: every script Chromium fetches when a signed-in leader opens /cockpit
 *     with an empty cache (the entry, its preloads and the chunks the route loads), summed as gzip
 *     (zlib level 9 of each file; the hub serves them uncompressed on localhost). Target ≤ 400 kB.
 *  2. Time from navigation to the cockpit rendered with data: performance.now() (navigation start = 0)
 *     when the page shows the `data-test="cockpit-ready"` marker (the metrics answered and drawn), over
 *     several cold loads (a fresh browser context each, so nothing is cached). Target ≤ 1.5 s. The time is
 *     split into phases by the dashboard's own User Timing marks (`jc:…`, src/timing.ts), each a median.
 *
 *   npm run bench:dashboard
 *   BENCH_URL=http://localhost:4000 npm run bench:dashboard     (measure a hub that is already running)
 *
 * Without BENCH_URL it builds the dashboard if it is stale, starts a hub on an embedded PostgreSQL in a
 * temporary folder and loads the demo county with BENCH_SUBJECTS subjects (default 5,000) and its
 * simulated history. BENCH_RUNS (default 7) cold loads are timed after one warm-up. Prints both figures
 * and writes bench/results/dashboard-budget.json.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');
const RESULT = path.join(root, 'bench', 'results', 'dashboard-budget.json');
const JS_BUDGET = 400 * 1024;
const RENDER_BUDGET_MS = 1500;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 5000);
const log = (s: string) => process.stdout.write(`${s}\n`);
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;

interface Hub {
  base: string;
  demo: string;
  close(): Promise<void>;
}

/** A hub with the demo county on an embedded PostgreSQL in a temporary folder. */
async function startHub(): Promise<Hub> {
  const [{ loadConfig }, { openDatabase }, { loadDemo }, { createApp }] = await Promise.all([
    import('../server/config/config.js'),
    import('../server/runtime.js'),
    import('../server/demo/load.js'),
    import('../server/app.js'),
  ]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointcheck-bench-dashboard-'));
  const config = { ...loadConfig({ DATA_DIR: dir, PGPORT: '0', LOG_LEVEL: 'warn' }), demo: false };
  const db = await openDatabase(config);
  const t = performance.now();
  await loadDemo(db, { subjects: SUBJECTS, out: { write: () => true } as unknown as NodeJS.WritableStream });
  log(`演示县（${SUBJECTS.toLocaleString('zh-CN')} 户检查对象，含模拟历史）加载用时 ${((performance.now() - t) / 1000).toFixed(1)} 秒`);
  const app = await createApp(db.orm, db.pool, config);
  await new Promise<void>((r) => app.server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    demo: `embedded PostgreSQL, demo county with ${SUBJECTS} subjects`,
    async close() {
      await new Promise<void>((r) => app.server.close(() => r()));
      await app.apollo.stop();
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function leaderToken(base: string): Promise<string> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ query: 'mutation { login(username: "leader", password: "demo") { token } }' }),
  });
  const body = (await res.json()) as { data?: { login: { token: string } }; errors?: { message: string }[] };
  if (!body.data) throw new Error(`leader 登录失败：${body.errors?.[0]?.message ?? res.status}`);
  return body.data.login.token;
}

/**
 * Phases of a load, between the dashboard's marks (src/timing.ts): from navigation start to the entry running,
 * to the page's code loaded and the session checked, to the cockpit's setup (the layout rendered), to it being
 * mounted, to the ready marker (its data arrived and its charts drawn), and to the frame that shows it.
 */
const PHASES = [
  ['入口脚本（HTML、入口及其依赖的下载与执行）', null, 'app-start'],
  ['页面代码与会话校验', 'app-start', 'route-loaded'],
  ['框架布局渲染', 'route-loaded', 'cockpit-setup'],
  ['驾驶舱组件渲染', 'cockpit-setup', 'cockpit-mounted'],
  ['等待数据并绘制图表', 'cockpit-mounted', 'cockpit-ready'],
  ['显示就绪标记的一帧', 'cockpit-ready', null],
] as const;

interface Load {
  ms: number;
  /** performance.now() of each `jc:` mark, by name without the prefix. */
  marks: Record<string, number>;
  scripts: { url: string; bytes: number; gzip: number }[];
  /** What the page fetched, in the order it asked: path, start and end (ms after navigation start). */
  waterfall: { name: string; start: number; end: number }[];
}

/** One cold load of /cockpit in a fresh context: the scripts fetched and the time to the ready marker. */
async function coldLoad(browser: Browser, base: string, token: string): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  try {
    // Runs in the page (a string: this file is type-checked without the DOM library): sign in, and record
    // when the ready marker has entered the document and the frame showing it has been produced.
    await context.addInitScript(`
      localStorage.setItem('jointcheck.token', ${JSON.stringify(token)});
      new MutationObserver((_, observer) => {
        if (document.querySelector('[data-test="cockpit-ready"]')) {
          observer.disconnect();
          // The frame that shows it: the next animation frame's work (style, layout, paint) done.
          requestAnimationFrame(() => setTimeout(() => { window.__cockpitReady ??= performance.now(); }));
        }
      }).observe(document, { childList: true, subtree: true });
    `);
    const page = await context.newPage();
    const pending: Promise<{ url: string; bytes: number; gzip: number } | null>[] = [];
    page.on('response', (response) => {
      const request = response.request();
      if (request.resourceType() !== 'script' && !/\.m?js(\?|$)/.test(new URL(response.url()).pathname)) return;
      pending.push(
        response
          .body()
          .then((body) => ({ url: new URL(response.url()).pathname, bytes: body.length, gzip: zlib.gzipSync(body, { level: 9 }).length }))
          .catch(() => null),
      );
    });
    await page.goto(`${base}/cockpit`);
    await page.locator('[data-test="cockpit-ready"]').waitFor({ state: 'attached', timeout: 60_000 });
    await page.waitForFunction('window.__cockpitReady !== undefined');
    const ms = (await page.evaluate('window.__cockpitReady')) as number;
    const marks = Object.fromEntries(
      (await page.evaluate(`performance.getEntriesByType('mark').filter((e) => e.name.startsWith('jc:')).map((e) => [e.name.slice(3), e.startTime])`)) as [string, number][],
    );
    const scripts = (await Promise.all(pending)).filter((s): s is NonNullable<typeof s> => s !== null);
    const waterfall = (await page.evaluate(`[
      ...performance.getEntriesByType('resource').map((e) => ({
        name: new URL(e.name).pathname + '（发出 ' + Math.round(e.requestStart) + '，首字节 ' + Math.round(e.responseStart) + '）',
        start: e.startTime,
        end: e.responseEnd,
      })),
      ...performance.getEntriesByType('paint').map((e) => ({ name: e.name, start: e.startTime, end: e.startTime })),
    ]`)) as Load['waterfall'];
    return { ms, marks, scripts, waterfall: waterfall.sort((a, b) => a.start - b.start) };
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main() {
  let hub: Hub;
  if (process.env.BENCH_URL) {
    hub = { base: process.env.BENCH_URL.replace(/\/$/, ''), demo: `running hub at ${process.env.BENCH_URL}`, close: async () => undefined };
  } else {
    execFileSync(process.execPath, ['scripts/ensure-dashboard.mjs'], { cwd: root, stdio: 'inherit' });
    hub = await startHub();
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const token = await leaderToken(hub.base);
    const warmup = await coldLoad(browser, hub.base, token);
    const loads: Load[] = [];
    for (let i = 0; i < RUNS; i++) loads.push(await coldLoad(browser, hub.base, token));
    const scripts = [...new Map(warmup.scripts.map((s) => [s.url, s])).values()].sort((a, b) => b.gzip - a.gzip);
    const jsGzip = scripts.reduce((a, s) => a + s.gzip, 0);
    const jsBytes = scripts.reduce((a, s) => a + s.bytes, 0);
    const times = loads.map((l) => Math.round(l.ms));
    const renderMedian = Math.round(median(times));
    const renderMax = Math.max(...times);
    // A phase whose marks a load lacks (e.g. no chart drawn) is left out of that phase's median.
    const phases = PHASES.map(([name, from, to]) => {
      const spans = loads
        .map((l) => (to ? l.marks[to] : l.ms) - (from ? l.marks[from] : 0))
        .filter((x): x is number => Number.isFinite(x));
      return { name, from: from ?? 'navigationStart', to: to ?? 'frame shown', medianMs: spans.length ? Math.round(median(spans)) : null };
    });

    log('');
    log(`驾驶舱首次加载的 JavaScript：${scripts.length} 个文件，gzip ${kb(jsGzip)}（未压缩 ${kb(jsBytes)}），预算 ${kb(JS_BUDGET)}：${jsGzip <= JS_BUDGET ? '达标' : '超出'}`);
    for (const s of scripts) log(`  ${kb(s.gzip).padStart(10)}  ${s.url}`);
    // Where the time of the median load went (BENCH_WATERFALL=1): every request and the first paints.
    if (process.env.BENCH_WATERFALL) {
      const typical = loads.find((l) => Math.round(l.ms) === renderMedian) ?? loads[0]!;
      log(`一次冷加载的时间线（${Math.round(typical.ms)} ms）：`);
      for (const w of typical.waterfall) log(`  ${Math.round(w.start).toString().padStart(6)} → ${Math.round(w.end).toString().padStart(6)} ms  ${w.name}`);
    }
    log('各阶段用时（中位数）：');
    for (const p of phases) log(`  ${(p.medianMs === null ? '—' : `${p.medianMs} ms`).padStart(8)}  ${p.name}`);
    log(`从导航到驾驶舱显示数据：中位数 ${renderMedian} ms，最长 ${renderMax} ms（${RUNS} 次冷加载：${times.join('、')} ms），预算 ${RENDER_BUDGET_MS} ms：${renderMedian <= RENDER_BUDGET_MS ? '达标' : '超出'}`);

    const result = {
      measuredAt: new Date().toISOString(),
      hub: hub.demo,
      viewport: '1920x1080',
      js: {
        files: scripts.map((s) => ({ path: s.url, bytes: s.bytes, gzipBytes: s.gzip })),
        totalBytes: jsBytes,
        gzipBytes: jsGzip,
        budgetGzipBytes: JS_BUDGET,
        withinBudget: jsGzip <= JS_BUDGET,
      },
      render: {
        marker: '[data-test="cockpit-ready"]',
        runsMs: times,
        medianMs: renderMedian,
        maxMs: renderMax,
        budgetMs: RENDER_BUDGET_MS,
        withinBudget: renderMedian <= RENDER_BUDGET_MS,
        phases,
      },
    };
    fs.mkdirSync(path.dirname(RESULT), { recursive: true });
    fs.writeFileSync(RESULT, `${JSON.stringify(result, null, 2)}\n`);
    log(`结果已写入 ${path.relative(root, RESULT)}`);
  } finally {
    await browser.close();
    await hub.close();
  }
}

await main();
process.exit(0);
