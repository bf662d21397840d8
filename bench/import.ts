// npm run bench:import — 1,000,000 subject rows through `jointcheck import`'s engine versus a bare COPY.
// Not a test: prints a table and writes bench/results/import.json.
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { systemCaller } from '../server/auth/caller.js';
import { startEmbeddedPostgres } from '../server/db/embedded.js';
import { openOrm } from '../server/db/orm.js';
import { createPool } from '../server/db/pool.js';
import { writeSubjectsCsv } from '../server/demo/generate.js';
import { ImportKind } from '../server/importing/columns.js';
import { runImport } from '../server/importing/import.service.js';
import { DEPARTMENTS } from '../server/reference/departments.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jc-bench-import-'));
fs.chmodSync(work, 0o755);
const file = path.join(work, 'subjects.csv');

const secs = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Peak resident memory while `fn` runs, sampled every 50 ms. */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const result = await fn();
    return { result, peakMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20) };
  } finally {
    clearInterval(timer);
  }
}

/**
 * CPU time the whole machine has spent busy (every process, every core: user, nice, system, irq, softirq,
 * steal), in core-seconds, from /proc/stat. Measured around a phase it counts PostgreSQL's backends and
 * parallel workers as well as this process — what the phase costs in CPU, however it is spread over the cores.
 */
function busyCoreSeconds(): number {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = cpu as [number, number, number, number, number, number, number, number];
  return (user + nice + system + irq + softirq + (steal ?? 0)) / 100; // USER_HZ is 100 on Linux
}

/** Wall seconds and busy core-seconds of `fn`. */
async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number; coreSeconds: number }> {
  const c0 = busyCoreSeconds();
  const t0 = process.hrtime.bigint();
  const result = await fn();
  return { result, seconds: secs(t0), coreSeconds: busyCoreSeconds() - c0 };
}

const db = await startEmbeddedPostgres({ dataDir: path.join(work, 'pg'), persistent: false });
try {
  const orm = await openOrm(db.url);
  await orm.close(true);
  const pool = createPool(db.url, 4);
  for (const d of DEPARTMENTS) await pool.query('insert into department (code, name, short_name, kind) values ($1, $2, $3, $4)', [d.code, d.name, d.shortName, d.kind]);

  let t = process.hrtime.bigint();
  await writeSubjectsCsv(file, ROWS);
  const genSeconds = secs(t);
  const mb = fs.statSync(file).size / 2 ** 20;
  console.log(`generated ${ROWS} rows (${mb.toFixed(0)} MiB) in ${genSeconds.toFixed(2)} s`);

  // The floor: PostgreSQL parsing the same CSV into a table with no index, no validation, no merge. Two
  // ways: into a table that already exists (WAL-logged), and into one created in the COPY's own transaction,
  // which the embedded server (wal_level=minimal) writes without WAL and syncs at commit, as the import into
  // an empty directory is written. The import is compared with the faster of the two.
  const bareCopy = async (inTransaction: boolean) => {
    const client = await pool.connect();
    const create = `create table bare_copy (uscc text, public_id text, name text, kind text, region_code text, industry_code text, business_scope text, address text, operator_name text, operator_phone text, status text, tags text, risk_grade text)`;
    if (!inTransaction) await client.query(create);
    const r = await timed(async () => {
      if (inTransaction) await client.query('begin').then(() => client.query(create));
      await pipeline(fs.createReadStream(file, { start: 3 /* BOM */ }), client.query(copyFrom(`copy bare_copy from stdin with (format csv, header true)`)));
      if (inTransaction) await client.query('commit');
    });
    await client.query('drop table bare_copy');
    client.release();
    return r;
  };
  const run = () => runImport(pool, { kind: ImportKind.SUBJECTS, file, caller: systemCaller('bench'), department: 'SCJG', sourceName: 'bench' });
  // A busy two-core machine moves single timings by ±15%: each side is measured RUNS times, alternating, each
  // import into an empty directory, and the medians are compared.
  const bare: number[] = [];
  const bareInTransaction: number[] = [];
  const bareInTransactionCpu: number[] = [];
  const imports: number[] = [];
  const importsCpu: number[] = [];
  let peakMb = 0;
  let inserted = 0;
  for (let i = 0; i < RUNS; i++) {
    bare.push((await bareCopy(false)).seconds);
    const walFree = await bareCopy(true);
    bareInTransaction.push(walFree.seconds);
    bareInTransactionCpu.push(walFree.coreSeconds);
    if (i > 0) await pool.query('truncate subject, library_member cascade');
    const r = await timed(() => withPeakRss(run));
    imports.push(r.seconds);
    importsCpu.push(r.coreSeconds);
    if (!r.result.result.written) throw new Error(`import refused: ${JSON.stringify(r.result.result.errors.slice(0, 3))}`);
    peakMb = Math.max(peakMb, r.result.peakMb);
    inserted = r.result.result.inserted;
    console.log(
      `run ${i + 1}: bare COPY ${bare.at(-1)!.toFixed(2)} s, in its transaction ${walFree.seconds.toFixed(2)} s (${walFree.coreSeconds.toFixed(1)} core-s), ` +
        `import ${r.seconds.toFixed(2)} s (${r.coreSeconds.toFixed(1)} core-s)`,
    );
  }
  const bareSeconds = Math.min(median(bare), median(bareInTransaction));
  const importSeconds = median(imports);

  t = process.hrtime.bigint();
  const second = await withPeakRss(run);
  const reimportSeconds = secs(t);
  // What 150,000 rows/s would allow: this many core-seconds, were every core busy the whole time.
  const cores = os.cpus().length;
  const targetCoreSeconds = (ROWS / 150_000) * cores;
  console.log(`re-import (no changes): ${reimportSeconds.toFixed(2)} s`);

  const figures = {
    rows: ROWS,
    fileMiB: Number(mb.toFixed(1)),
    generateSeconds: Number(genSeconds.toFixed(2)),
    runs: RUNS,
    bareCopySeconds: Number(bareSeconds.toFixed(2)),
    bareCopyIntoExistingTableRuns: bare.map((x) => Number(x.toFixed(2))),
    bareCopyInItsTransactionRuns: bareInTransaction.map((x) => Number(x.toFixed(2))),
    importSeconds: Number(importSeconds.toFixed(2)),
    importRuns: imports.map((x) => Number(x.toFixed(2))),
    importRowsPerSecond: Math.round(ROWS / importSeconds),
    /** To the faster of the two bare COPYs' medians. */
    ratioToBareCopy: Number((importSeconds / bareSeconds).toFixed(2)),
    importPeakRssMiB: peakMb,
    /** Busy core-seconds of the whole machine (all processes, /proc/stat) during each run. */
    bareCopyInItsTransactionCoreSeconds: bareInTransactionCpu.map((x) => Number(x.toFixed(1))),
    importCoreSeconds: importsCpu.map((x) => Number(x.toFixed(1))),
    /** The CPU 150,000 rows/s leaves on this machine: rows / 150,000 × cores. */
    targetCoreSeconds: Number(targetCoreSeconds.toFixed(1)),
    inserted,
    reimportSeconds: Number(reimportSeconds.toFixed(2)),
    reimportRowsPerSecond: Math.round(ROWS / reimportSeconds),
    reimportUnchanged: second.result.unchanged,
    reimportPeakRssMiB: second.peakMb,
    targets: { rowsPerSecond: 150_000, maxRatioToBareCopy: 2 },
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    date: new Date().toISOString(),
  };
  console.table({
    'bare COPY into an existing table, median (s)': Number(median(bare).toFixed(2)),
    'bare COPY in its transaction, median (s)': Number(median(bareInTransaction).toFixed(2)),
    'import, median (s)': figures.importSeconds,
    'import rows/s': figures.importRowsPerSecond,
    'ratio to the faster bare COPY': figures.ratioToBareCopy,
    'peak RSS during import (MiB)': figures.importPeakRssMiB,
    'bare COPY in its transaction, median core-s': Number(median(bareInTransactionCpu).toFixed(1)),
    'import, median core-s': Number(median(importsCpu).toFixed(1)),
    [`CPU 150,000 rows/s allows on ${cores} cores (core-s)`]: figures.targetCoreSeconds,
    're-import, unchanged (s)': figures.reimportSeconds,
  });
  fs.mkdirSync(path.resolve(import.meta.dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.resolve(import.meta.dirname, 'results/import.json'), JSON.stringify(figures, null, 2) + '\n');
  await pool.end();
} finally {
  await db.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
