import path from 'node:path';
import { loadMetricsConfig, type MetricsConfig } from '../metrics/metrics.config.js';

/** Every setting the hub reads from the environment; README.md lists them all. */
export interface AppConfig {
  /** External PostgreSQL; when unset an embedded server is started under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Port of the embedded PostgreSQL; 0 = pick a free one. */
  pgPort: number;
  host: string;
  port: number;
  /** Secret that signs session tokens. */
  sessionSecret: string;
  /** Load the demo county on the first start (an empty database). */
  demo: boolean;
  demoSubjects: number;
  demoSeed: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Largest page a list query may ask for. */
  maxPageSize: number;
  /** Annual-plan filing deadline in the plan's year, MM-DD (end of January in 000/003, end of March in 001). */
  planFilingDeadline: string;
  /** Short code of the jurisdiction in task codes (2026-LZ-0007). */
  jurisdictionCode: string;
  /** Mutual recognition: days a subject checked for one of a task's items stays out of new draws. */
  recognitionDays: number;
  /** Random inspections per subject per year (all departments) after which it leaves the draws. */
  yearlyCap: number;
  /** Where inspection attachments (photos, scans, audio, video) are stored, by SHA-256. */
  archiveDir: string;
  /** Largest attachment accepted, in bytes. */
  archiveMaxBytes: number;
  /** Where backups go: the nightly ones and `jointcheck backup` without a file. */
  backupDir: string;
  /** Nightly backups kept (the oldest beyond are deleted); 0 = no nightly backup. */
  backupKeep: number;
  /** Joint-share target, score weights and deductions (METRICS_CONFIG). */
  metrics: MetricsConfig;
}

export const projectRoot = path.resolve(import.meta.dirname, '../..');

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`环境变量 ${name} 必须是非负整数，当前为 "${raw}"`);
  return n;
}

function boolEnv(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new Error(`环境变量 ${name} 必须是 true 或 false，当前为 "${raw}"`);
}

function monthDayEnv(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  const m = /^(\d{2})-(\d{2})$/.exec(raw);
  const d = m ? new Date(Date.UTC(2024, Number(m[1]) - 1, Number(m[2]))) : null;
  if (!m || !d || d.getUTCMonth() !== Number(m[1]) - 1 || d.getUTCDate() !== Number(m[2]))
    throw new Error(`环境变量 ${name} 应为 MM-DD 形式的日期（如 01-31），当前为 "${raw}"`);
  return raw;
}

function codeEnv(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  if (!/^[A-Z0-9]{1,8}$/.test(raw)) throw new Error(`环境变量 ${name} 应为 1–8 位大写字母或数字，当前为 "${raw}"`);
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const level = env.LOG_LEVEL ?? 'info';
  if (!['debug', 'info', 'warn', 'error'].includes(level)) throw new Error(`环境变量 LOG_LEVEL 无效："${level}"`);
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(projectRoot, env.DATA_DIR ?? '.data'),
    pgPort: intEnv(env, 'PGPORT', 0),
    host: env.HOST ?? '0.0.0.0',
    port: intEnv(env, 'PORT', 4000),
    sessionSecret: env.SESSION_SECRET ?? 'jointcheck-demo-secret-change-me',
    demo: boolEnv(env, 'DEMO', true),
    demoSubjects: intEnv(env, 'DEMO_SUBJECTS', 50_000),
    demoSeed: env.DEMO_SEED ?? 'linzi-2026',
    logLevel: level as AppConfig['logLevel'],
    maxPageSize: intEnv(env, 'MAX_PAGE_SIZE', 500),
    planFilingDeadline: monthDayEnv(env, 'PLAN_FILING_DEADLINE', '01-31'),
    jurisdictionCode: codeEnv(env, 'JURISDICTION_CODE', 'LZ'),
    recognitionDays: intEnv(env, 'RECOGNITION_WINDOW_DAYS', 180),
    yearlyCap: intEnv(env, 'YEARLY_INSPECTION_CAP', 2),
    archiveDir: path.resolve(projectRoot, env.ARCHIVE_DIR ?? path.join(env.DATA_DIR ?? '.data', 'archive')),
    archiveMaxBytes: intEnv(env, 'ARCHIVE_MAX_MB', 200) * 1024 * 1024,
    backupDir: path.resolve(projectRoot, env.BACKUP_DIR ?? path.join(env.DATA_DIR ?? '.data', 'backups')),
    // With DATABASE_URL the server's own backups (pg_dump, base backups) are the DBA's: off unless asked for.
    backupKeep: intEnv(env, 'BACKUP_KEEP', env.DATABASE_URL ? 0 : 7),
    metrics: loadMetricsConfig(env),
  };
}
