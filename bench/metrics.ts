/**
 * Benchmark of the cockpit's metrics query at scale: synthetic supervision data (by default 10,000,000
 * inspections of 40,000 tasks over two years, 2,000,000 subjects, results, corrections, follow-ups,
 * recognitions) on a real PostgreSQL, counted into the rollups once, then:
 *
 *   - the cockpit query (`metrics` for the current year, all filters off, and a drill-down by region,
 *     department and grade) from the rollups: median and p99 over 100 runs each;
 *   - the same metrics recounted naively from the raw rows (a few runs: each takes seconds);
 *   - what keeping the rollups costs a write: publishing one result, with its trigger, median of 50.
 *
 *   npm run bench:metrics                 (10,000,000 inspections)
 *   node --import tsx bench/metrics.ts 1000000
 *   BENCH_DATA=/var/tmp/jc-bench npm run bench:metrics   (keep the database there; a second run reuses it)
 *   PROFILE=1 …                           (also print each query of one cockpit answer with its time)
 *
 * Prints the figures and writes bench/results/metrics.json. Target: ≤ 100 ms at 10,000,000 inspections.
 */
import fs from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chinaDate } from '../server/common/dates.js';
import { DEFAULT_METRICS_CONFIG } from '../server/metrics/metrics.config.js';
import { computeMetrics, metricsScope, type MetricsFilter } from '../server/metrics/metrics.service.js';
import { rawSource, rollupSource, type MetricSource } from '../server/metrics/sources.js';
import { generateSynthetic } from '../server/metrics/synthetic.js';
import { startEmbeddedPostgres } from '../server/db/embedded.js';
import { openOrm } from '../server/db/orm.js';
import { createPool } from '../server/db/pool.js';

const INSPECTIONS = Number(process.argv[2] ?? 10_000_000);
const PER_TASK = 250;
const TASKS = Math.round(INSPECTIONS / PER_TASK / 0.98);
const SUBJECTS = Math.max(10_000, Math.round(INSPECTIONS / 5));
const RUNS = 100;
const NAIVE_RUNS = Number(process.env.NAIVE_RUNS ?? 3);
const today = chinaDate();
const year = Number(today.slice(0, 4));

const keep = process.env.BENCH_DATA;
const dir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'jointcheck-bench-metrics-'));
const reuse = !!keep && fs.existsSync(path.join(dir, 'data', 'PG_VERSION'));
const db = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), persistent: !!keep, database: 'postgres' });
const orm = await openOrm(db.url);
const pool = createPool(db.url);
const log = (s: string) => process.stdout.write(`${s}\n`);
const ms = (x: number) => Math.round(x * 10) / 10;

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { runs: s.length, median: ms(at(0.5)), p99: ms(at(0.99)), min: ms(s[0]!), max: ms(s[s.length - 1]!) };
}

async function time(source: MetricSource, filter: MetricsFilter, runs: number) {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await computeMetrics(pool, source, await metricsScope(pool, filter, today), DEFAULT_METRICS_CONFIG);
    samples.push(performance.now() - t);
  }
  return stats(samples);
}

/** Each query of one answer, slowest first (the queries run one after another here, not in parallel). */
async function profile(filter: MetricsFilter) {
  const seen: { ms: number; sql: string }[] = [];
  const query = pool.query.bind(pool) as (...a: unknown[]) => Promise<unknown>;
  let chain: Promise<unknown> = Promise.resolve();
  const serial = { query: (...a: unknown[]) => {
    const run = chain.then(async () => {
      const t = performance.now();
      try { return await query(...a); } finally { seen.push({ ms: performance.now() - t, sql: String(a[0]).replace(/\s+/g, ' ').slice(0, 160) }); }
    });
    chain = run.catch(() => undefined);
    return run;
  } } as unknown as typeof pool;
  await computeMetrics(serial, rollupSource(serial), await metricsScope(serial, filter, today), DEFAULT_METRICS_CONFIG);
  log(`profile ${JSON.stringify(filter)}: ${seen.length} queries, ${ms(seen.reduce((a, q) => a + q.ms, 0))} ms in total`);
  for (const q of seen.sort((a, b) => b.ms - a.ms).slice(0, 12)) log(`  ${ms(q.ms)} ms  ${q.sql}`);
}

try {
  const t0 = performance.now();
  if (reuse) log(`reusing the database in ${dir}`);
  else {
    log(`generating ${INSPECTIONS.toLocaleString()} inspections (${TASKS.toLocaleString()} tasks, ${SUBJECTS.toLocaleString()} subjects) …`);
    await generateSynthetic(pool, {
      subjects: SUBJECTS, tasks: TASKS, perTask: PER_TASK, today, triggers: false,
      onProgress: (step, t) => log(`  ${step}: ${(t / 1000).toFixed(1)} s`),
    });
    await pool.query('analyze');
  }
  const generateS = Math.round((performance.now() - t0) / 1000);
  const counts = (await pool.query<{ inspections: number; tasks: number; results: number; rollup: number }>(
    `select (select count(*) from inspection)::int as inspections, (select count(*) from task where drawn_at is not null)::int as tasks,
            (select count(*) from inspection_result)::int as results, (select count(*) from metric_inspection_rollup)::int as rollup`,
  )).rows[0]!;
  log(`data: ${counts.inspections.toLocaleString()} inspections, ${counts.tasks.toLocaleString()} drawn tasks, ${counts.results.toLocaleString()} result versions; rollup rows ${counts.rollup.toLocaleString()} (${generateS} s)`);

  const rollup = rollupSource(pool);
  const cockpit = { year };
  const drill = { year, region: '370200', department: 'SCJG', grade: 'C' };
  await time(rollup, cockpit, 5); // warm-up
  if (process.env.PROFILE) for (const f of [cockpit, drill]) await profile(f);
  const rollupCockpit = await time(rollup, cockpit, RUNS);
  log(`rollup cockpit (year ${year}):            median ${rollupCockpit.median} ms, p99 ${rollupCockpit.p99} ms over ${RUNS} runs`);
  const rollupDrill = await time(rollup, drill, RUNS);
  log(`rollup drill-down (region, dept, grade):  median ${rollupDrill.median} ms, p99 ${rollupDrill.p99} ms over ${RUNS} runs`);
  const naive = await time(rawSource(pool), cockpit, NAIVE_RUNS);
  log(`naive recount from raw rows (cockpit):    median ${naive.median} ms, p99 ${naive.p99} ms over ${NAIVE_RUNS} runs`);
  const ratio = Math.round(naive.median / rollupCockpit.median);
  log(`ratio naive ÷ rollup (median):            ${ratio}×`);

  // The cost of keeping the rollups: publishing one entered result fires the trigger on its inspection.
  const pending = (await pool.query<{ id: number }>(
    `select id::int from inspection_result where published_at is null and entered_at is not null order by id limit 50`,
  )).rows.map((r) => r.id);
  const writes: number[] = [];
  for (const id of pending) {
    const t = performance.now();
    await pool.query(`update inspection_result set status = 'PUBLISHED', published_at = now(), published_by = 'bench' where id = $1`, [id]);
    writes.push(performance.now() - t);
  }
  const publish = stats(writes);
  log(`publishing one result incl. rollup upkeep: median ${publish.median} ms, p99 ${publish.p99} ms over ${publish.runs}`);

  const out = {
    at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, data: counts,
    target: { inspections: 10_000_000, cockpitMs: 100 },
    rollupCockpit, rollupDrill, naive, ratio, publish, generateSeconds: generateS,
  };
  await mkdir(path.join(import.meta.dirname, 'results'), { recursive: true });
  await writeFile(path.join(import.meta.dirname, 'results', 'metrics.json'), `${JSON.stringify(out, null, 2)}\n`);
  log('wrote bench/results/metrics.json');
} finally {
  await pool.end();
  await orm.close(true);
  await db.stop();
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
