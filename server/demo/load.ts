import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemCaller } from '../auth/caller.js';
import { hashPassword } from '../auth/session.js';
import { Role } from '../auth/user.entity.js';
import { log } from '../common/log.js';
import { withTransaction } from '../common/tx.js';
import { loadConfig, type AppConfig } from '../config/config.js';
import { ImportKind } from '../importing/columns.js';
import { runImport, type ImportReport } from '../importing/import.service.js';
import { DEPARTMENTS, JOINT_OFFICE_DEPARTMENT } from '../reference/departments.js';
import type { Database } from '../runtime.js';
import { generateDemo, writeDemoCsv } from './generate.js';
import { loadDemoTasks } from './tasks.js';
import { recordAuditSql } from '../audit/audit.service.js';
import { applyRule } from '../directory/directory.queries.js';
import type { SubjectKind } from '../directory/subject.entity.js';

export interface DemoOptions {
  seed?: string;
  subjects?: number;
  inspectors?: number;
  progress?: boolean;
  /** Print progress lines to this stream (defaults to stderr). */
  out?: NodeJS.WritableStream;
  /** Settings for the demo tasks (jurisdiction code, hub secret); defaults to the environment's. */
  config?: AppConfig;
}

/** The demo users, one per role; every password is `demo`. */
export const DEMO_USERS: { username: string; displayName: string; role: Role; department: string | null }[] = [
  { username: 'admin', displayName: '系统管理员', role: Role.ADMIN, department: null },
  { username: 'leader', displayName: '区政府分管领导', role: Role.LEADER, department: null },
  { username: 'office', displayName: '联席办工作人员', role: Role.OFFICE, department: JOINT_OFFICE_DEPARTMENT },
  { username: 'scjg-head', displayName: '市场监管局负责人', role: Role.DEPT_HEAD, department: 'SCJG' },
  { username: 'scjg-clerk', displayName: '市场监管局业务员', role: Role.CLERK, department: 'SCJG' },
  { username: 'sw-clerk', displayName: '税务局业务员', role: Role.CLERK, department: 'SW' },
  { username: 'inspector', displayName: '市场监管局执法人员', role: Role.INSPECTOR, department: 'SCJG' },
];

/**
 * Loads the demo county through the same import path a clerk uses: departments, users, the item list,
 * the directory, the roster and sub-libraries. Deterministic from the seed.
 */
export async function loadDemo(db: Database, opts: DemoOptions = {}): Promise<Record<string, ImportReport>> {
  const out = opts.out ?? process.stderr;
  const say = (msg: string) => out.write(`[demo] ${msg}\n`);
  const seed = opts.seed ?? 'linzi-2026';
  const subjects = opts.subjects ?? 50_000;
  const inspectors = opts.inspectors ?? 300;
  const caller = systemCaller('demo');
  const t0 = Date.now();

  await withTransaction(db.pool, async (client) => {
    for (const d of DEPARTMENTS) {
      await client.query(
        `insert into department (code, name, short_name, kind, member) values ($1, $2, $3, $4, $5)
         on conflict (code) do update set name = excluded.name, short_name = excluded.short_name, kind = excluded.kind, member = excluded.member`,
        [d.code, d.name, d.shortName, d.kind, d.member],
      );
    }
    for (const u of DEMO_USERS) {
      await client.query(
        `insert into app_user (username, display_name, role, department_id, password_hash)
         values ($1, $2, $3, (select id from department where code = $4), $5) on conflict (username) do nothing`,
        [u.username, u.displayName, u.role, u.department, hashPassword('demo')],
      );
    }
    await recordAuditSql(client, caller, { action: 'DEMO', entity: 'Department', entityKey: 'all', detail: { departments: DEPARTMENTS.length, users: DEMO_USERS.length } });
  });
  say(`部门 ${DEPARTMENTS.length} 个，演示用户 ${DEMO_USERS.length} 个`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointcheck-demo-'));
  try {
    await writeDemoCsv(dir, { seed, subjects, inspectors });
    const reports: Record<string, ImportReport> = {};
    for (const [kind, file, label] of [
      [ImportKind.ITEMS, 'items.csv', '抽查事项'],
      [ImportKind.SUBJECTS, 'subjects.csv', '检查对象'],
      [ImportKind.INSPECTORS, 'inspectors.csv', '执法检查人员'],
    ] as const) {
      const t = Date.now();
      let shown = 0;
      const report = await runImport(db.pool, {
        kind, file: path.join(dir, file), caller, sourceName: `demo:${file}`,
        onProgress: (n) => {
          if (opts.progress && n - shown >= 10_000) say(`${label}：已读取 ${(shown = n)} 行`);
        },
      });
      if (!report.written) throw new Error(`演示数据 ${file} 未通过校验：${report.errors.slice(0, 5).map((e) => `第 ${e.line} 行 ${e.column ?? ''} ${e.reason}`).join('；')}`);
      reports[kind] = report;
      say(`${label}：${report.inserted} 条新增，${report.updated} 条更新（${Date.now() - t} ms）`);
    }
    const { libraryRules } = generateDemo({ seed, subjects: 0, inspectors: 0 });
    const tRules = Date.now();
    let members = 0;
    await withTransaction(db.pool, async (client) => {
      for (const rule of libraryRules) {
        const dep = await client.query<{ id: number }>('select id from department where code = $1', [rule.department]);
        const depId = dep.rows[0]!.id;
        const saved = await client.query<{ id: number }>(
          `insert into library_rule (department_id, name, industry_prefixes, scope_keywords, region_codes, kinds)
           values ($1, $2, $3, $4, $5, $6)
           on conflict (department_id, name) do update set industry_prefixes = excluded.industry_prefixes returning id`,
          [depId, rule.name, rule.industryPrefixes, rule.scopeKeywords, rule.regions, rule.kinds],
        );
        const criteria = { industryPrefixes: rule.industryPrefixes, scopeKeywords: rule.scopeKeywords, regionCodes: rule.regions, kinds: rule.kinds as SubjectKind[] };
        const n = await applyRule(client, depId, saved.rows[0]!.id, criteria);
        await client.query('update library_rule set last_applied_at = now(), last_matched = $2 where id = $1', [saved.rows[0]!.id, n]);
        members += n;
      }
      await recordAuditSql(client, caller, { action: 'DEMO', entity: 'LibraryRule', entityKey: 'all', detail: { rules: libraryRules.length, members } });
    });
    say(`分库规则 ${libraryRules.length} 条，分库成员 ${members} 个（${Date.now() - tRules} ms）`);
    const tTasks = Date.now();
    const demoTasks = await loadDemoTasks(db.orm, db.pool, caller, opts.config ?? loadConfig(), seed);
    say(`年度计划 1 份（已备案），抽查任务 ${demoTasks.tasks.length} 项（${demoTasks.tasks.join('、')}），首项已抽取 ${demoTasks.drawn} 户，公示检查结果 ${demoTasks.results} 户（${Date.now() - tTasks} ms）`);
    say(`演示县数据加载完成，用时 ${((Date.now() - t0) / 1000).toFixed(1)} 秒`);
    return reports;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** First start only: loads the demo when the database has no department yet. */
export async function ensureDemo(db: Database, config: AppConfig, opts: { progress?: boolean } = {}): Promise<boolean> {
  const r = await db.pool.query<{ n: number }>('select count(*)::int as n from department');
  if (r.rows[0]!.n > 0) return false;
  log.info('empty database: loading the demo county', { subjects: config.demoSubjects, seed: config.demoSeed });
  await loadDemo(db, { seed: config.demoSeed, subjects: config.demoSubjects, progress: opts.progress ?? true, config });
  return true;
}
