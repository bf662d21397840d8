// npm run bench:backup — a hub holding 1,000,000 subjects (with their sub-library and rollups) backed up,
// checked and restored into an empty database. Not a test: prints a table and writes bench/results/backup.json.
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { systemCaller } from '../server/auth/caller.js';
import { writeBackup } from '../server/backup/backup.js';
import { checkBackup, restoreBackup } from '../server/backup/restore.js';
import { startEmbeddedPostgres } from '../server/db/embedded.js';
import { openOrm } from '../server/db/orm.js';
import { createPool } from '../server/db/pool.js';
import { writeSubjectsCsv } from '../server/demo/generate.js';
import { ImportKind } from '../server/importing/columns.js';
import { runImport } from '../server/importing/import.service.js';
import { DEPARTMENTS } from '../server/reference/departments.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jc-bench-backup-'));
fs.chmodSync(work, 0o755);
const secs = (t: number) => Number(((Date.now() - t) / 1000).toFixed(2));

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const db = await startEmbeddedPostgres({ dataDir: path.join(work, 'pg'), persistent: false, database: 'postgres' });
try {
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  await admin.query('create database source');
  await admin.query('create database target');
  await admin.end();
  const url = (name: string) => db.url.replace(/\/postgres$/, `/${name}`);
  const orm = await openOrm(url('source'));
  const pool = createPool(url('source'), 4);
  for (const d of DEPARTMENTS) await pool.query('insert into department (code, name, short_name, kind) values ($1, $2, $3, $4)', [d.code, d.name, d.shortName, d.kind]);
  const csv = path.join(work, 'subjects.csv');
  await writeSubjectsCsv(csv, ROWS);
  const imported = await runImport(pool, { kind: ImportKind.SUBJECTS, file: csv, caller: systemCaller('bench'), department: 'SCJG', sourceName: 'bench' });
  if (!imported.written) throw new Error('import refused');
  fs.rmSync(csv);
  const size = await pool.query<{ mb: number }>(`select (pg_database_size(current_database()) / 1048576.0)::numeric(10,1) as mb`);

  const file = path.join(work, 'backup.tar.gz');
  peak = 0;
  let t = Date.now();
  const backup = await writeBackup(pool, file, { archiveDir: path.join(work, 'archive') });
  const backupSeconds = secs(t);
  const backupPeakMb = Math.round(peak / 2 ** 20);
  console.log(`backup: ${backup.rows} rows in ${backupSeconds} s, ${(backup.bytes / 2 ** 20).toFixed(1)} MiB`);

  t = Date.now();
  await checkBackup(file);
  const checkSeconds = secs(t);
  console.log(`check: ${checkSeconds} s`);

  const targetOrm = await openOrm(url('target'), { migrate: false });
  const targetPool = createPool(url('target'), 4);
  peak = 0;
  t = Date.now();
  const restored = await restoreBackup({ orm: targetOrm, pool: targetPool }, file, { archiveDir: path.join(work, 'restored') });
  const restoreSeconds = secs(t);
  const restorePeakMb = Math.round(peak / 2 ** 20);
  console.log(`restore: ${restored.rows} rows in ${restoreSeconds} s`);
  const count = await targetPool.query<{ n: number }>('select count(*)::int as n from subject');
  if (count.rows[0]!.n !== ROWS) throw new Error(`restored ${count.rows[0]!.n} subjects, expected ${ROWS}`);

  const figures = {
    subjects: ROWS,
    rows: backup.rows,
    tables: backup.tables,
    databaseMiB: Number(size.rows[0]!.mb),
    backupMiB: Number((backup.bytes / 2 ** 20).toFixed(1)),
    backupSeconds,
    backupRowsPerSecond: Math.round(backup.rows / backupSeconds),
    backupPeakRssMiB: backupPeakMb,
    checkSeconds,
    restoreSeconds,
    restoreRowsPerSecond: Math.round(restored.rows / restoreSeconds),
    restorePeakRssMiB: restorePeakMb,
    node: process.version,
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
    date: new Date().toISOString(),
  };
  console.table(figures);
  fs.mkdirSync(path.resolve(import.meta.dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.resolve(import.meta.dirname, 'results/backup.json'), JSON.stringify(figures, null, 2) + '\n');
  await pool.end();
  await targetPool.end();
  await orm.close(true);
  await targetOrm.close(true);
} finally {
  clearInterval(sampler);
  await db.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
