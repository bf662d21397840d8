import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { systemCaller } from '../auth/caller.js';
import { AppError } from '../common/errors.js';
import { chinaTimestamp } from '../common/dates.js';
import { setLogLevel } from '../common/log.js';
import { loadConfig } from '../config/config.js';
import { drawCommand, verifyCommand } from '../draw/cli.js';
import { ImportKind, KIND_NAMES, templateCsv } from '../importing/columns.js';
import { openDatabase } from '../runtime.js';
import { Progress } from './progress.js';
import { userCommand } from './users.js';

const HELP = `jointcheck — 部门联合"双随机、一公开"监管数据枢纽

用法:
  jointcheck import subjects|inspectors|items FILE [--department CODE] [--dry-run] [--skip-invalid]
      导入 .csv 或 .xlsx（首行为中文表头）。默认任一行无效则不写入；--skip-invalid 写入有效行；
      --dry-run 只校验并报告将新增/更新的数量。退出码：0 成功，1 有无效行，2 用法或文件错误。
  jointcheck template subjects|inspectors|items [OUT]   输出导入模板（CSV，含表头和示例行）
  jointcheck demo [--subjects N] [--seed S]              向空库加载演示县数据
  jointcheck draw BUNDLE                                 按 jointcheck-draw/1 计算抽取结果（输出 JSON）
  jointcheck verify BUNDLE                               验证 BUNDLE/result.json（0 一致，1 不一致，2 无效）
  jointcheck risk                                        重新评定全部对象的信用风险等级（平台每晚 2 时自动执行）
  jointcheck backup [FILE]                               备份全部数据和附件到一个 .tar.gz（默认放在 BACKUP_DIR；
                                                         平台每晚 1 时自动备份，保留 BACKUP_KEEP 份）
  jointcheck restore FILE [--replace] [--check]          从备份恢复（全部或全不）；库中已有数据时须加 --replace；
                                                         --check 只校验备份文件，不连接数据库
  jointcheck user list|add|passwd|disable|enable|unlock …  用户账号（新平台用 user add USERNAME --role ADMIN 建第一个管理员）
  jointcheck help

环境变量见 README（DATABASE_URL 未设置时使用 .data/ 下的内置 PostgreSQL；枢纽正在运行时命令连接它的数据库）。`;

const KINDS: Record<string, ImportKind> = { subjects: ImportKind.SUBJECTS, inspectors: ImportKind.INSPECTORS, items: ImportKind.ITEMS };

async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { department: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'skip-invalid': { type: 'boolean' } },
  });
  const [kindName, file] = positionals;
  const kind = kindName ? KINDS[kindName] : undefined;
  if (!kind || !file) {
    process.stderr.write(`用法: jointcheck import subjects|inspectors|items FILE [--department CODE] [--dry-run] [--skip-invalid]\n`);
    return 2;
  }
  if (!fs.existsSync(file)) {
    process.stderr.write(`文件不存在：${file}\n`);
    return 2;
  }
  const config = loadConfig();
  setLogLevel('warn');
  const db = await openDatabase(config, { attach: true });
  try {
    const size = fs.statSync(file).size;
    const progress = new Progress(`导入${KIND_NAMES[kind]}`);
    // Loaded by the commands that need them: `draw` and `verify` start in a fraction of the time.
    const { runImport } = await import('../importing/import.service.js');
    const report = await runImport(db.pool, {
      kind, file, caller: systemCaller('cli'), department: values.department, dryRun: values['dry-run'], skipInvalid: values['skip-invalid'],
      sourceName: path.basename(file), maxReportedErrors: 0,
      onError: (e) => process.stdout.write(`第 ${e.line} 行${e.column ? ` [${e.column}]` : ''}：${e.reason}\n`),
      onProgress: (rows, bytes) => progress.update(bytes ?? 0, bytes === undefined ? undefined : size, rows),
    });
    progress.finish(report.total);
    const summary = `${KIND_NAMES[kind]}：共 ${report.total} 行，有效 ${report.valid}，无效 ${report.invalid}；新增 ${report.inserted}，更新 ${report.updated}，未变 ${report.unchanged}，跳过 ${report.skipped}`;
    process.stdout.write(`${summary}\n`);
    if (report.dryRun) process.stdout.write('试运行（--dry-run）：未写入任何数据\n');
    else if (!report.written) process.stdout.write('存在无效行，未写入任何数据（可用 --skip-invalid 只写入有效行）\n');
    else process.stdout.write('已写入数据库\n');
    return report.invalid > 0 && !report.written && !report.dryRun ? 1 : report.invalid > 0 && report.dryRun ? 1 : 0;
  } finally {
    await db.close();
  }
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

async function backupCommand(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const config = loadConfig();
  setLogLevel('warn');
  const db = await openDatabase(config, { attach: true });
  try {
    const { writeBackup } = await import('../backup/backup.js');
    const { backupNow } = await import('../backup/nightly.js');
    // Without a file name: into BACKUP_DIR under its time, as the nightly backup (but none is deleted).
    const r = positionals[0] ? await writeBackup(db.pool, positionals[0], { archiveDir: config.archiveDir }) : await backupNow(db.pool, config, 0);
    process.stdout.write(
      `备份完成：${r.file}\n  ${mib(r.bytes)}，${r.tables} 张表 ${r.rows} 行，附件 ${r.attachments} 个，用时 ${(r.ms / 1000).toFixed(1)} s\n  SHA-256：${r.sha256}\n`,
    );
    for (const sha of r.missingAttachments) process.stderr.write(`警告：附件文件缺失，未能备份：${sha}（应在 ${config.archiveDir}）\n`);
    return 0;
  } finally {
    await db.close();
  }
}

async function restoreCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { replace: { type: 'boolean' }, check: { type: 'boolean' } } });
  const file = positionals[0];
  if (!file) {
    process.stderr.write('用法: jointcheck restore FILE [--replace] [--check]\n');
    return 2;
  }
  const { checkBackup, restoreBackup } = await import('../backup/restore.js');
  try {
    if (values.check) {
      const r = await checkBackup(file);
      const rows = r.checksums.tables.reduce((s, t) => s + t.rows, 0);
      process.stdout.write(
        `备份完好：创建于 ${chinaTimestamp(new Date(r.header.createdAt))}，${r.header.tables.length} 张表 ${rows} 行，附件 ${r.checksums.attachments.files} 个（${mib(r.bytes)}）\n  SHA-256：${r.fileSha256}\n`,
      );
      return 0;
    }
    const config = loadConfig();
    setLogLevel('warn');
    const db = await openDatabase(config, { attach: true, migrate: false });
    try {
      const r = await restoreBackup(db, file, { archiveDir: config.archiveDir, replace: values.replace, caller: systemCaller('cli') });
      process.stdout.write(
        `恢复完成：备份创建于 ${chinaTimestamp(new Date(r.createdAt))}，${r.tables} 张表 ${r.rows} 行，附件 ${r.attachments} 个写入 ${config.archiveDir}` +
          `${r.replaced ? '；原有数据已被替换' : ''}${r.upgraded ? `；已执行备份之后的 ${r.upgraded} 个迁移` : ''}（用时 ${(r.ms / 1000).toFixed(1)} s）\n`,
      );
      return 0;
    } finally {
      await db.close();
    }
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    process.stderr.write(`${err.message}\n未恢复任何数据。\n`);
    return 1;
  }
}

async function demoCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { subjects: { type: 'string' }, seed: { type: 'string' } } });
  const config = loadConfig();
  setLogLevel('warn');
  const db = await openDatabase(config, { attach: true });
  try {
    const n = await db.pool.query<{ n: number }>('select count(*)::int as n from department');
    if (n.rows[0]!.n > 0) {
      process.stderr.write('数据库已有数据，演示数据只加载到空库（删除 .data/ 或换一个 DATABASE_URL）\n');
      return 2;
    }
    const { loadDemo } = await import('../demo/load.js');
    await loadDemo(db, { seed: values.seed ?? config.demoSeed, subjects: values.subjects ? Number(values.subjects) : config.demoSubjects, progress: true, config });
    return 0;
  } finally {
    await db.close();
  }
}

export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const io = { stdout: process.stdout, stderr: process.stderr };
  try {
    switch (command) {
      case 'import':
        return await importCommand(rest);
      case 'demo':
        return await demoCommand(rest);
      case 'backup':
        return await backupCommand(rest);
      case 'restore':
        return await restoreCommand(rest);
      case 'template': {
        const kind = rest[0] ? KINDS[rest[0]] : undefined;
        if (!kind) {
          process.stderr.write('用法: jointcheck template subjects|inspectors|items [OUT]\n');
          return 2;
        }
        if (rest[1]) fs.writeFileSync(rest[1], templateCsv(kind));
        else process.stdout.write(templateCsv(kind));
        return 0;
      }
      case 'risk': {
        const config = loadConfig();
        setLogLevel('warn');
        const db = await openDatabase(config, { attach: true });
        try {
          const t = Date.now();
          const { reassessAll } = await import('../risk/risk.service.js');
          const r = await reassessAll(db.pool, 'CLI');
          process.stdout.write(`风险等级评定完成：评定 ${r.assessed} 户，等级变化 ${r.changed} 户（${Date.now() - t} ms）\n`);
          return 0;
        } finally {
          await db.close();
        }
      }
      case 'draw':
        return await drawCommand(rest, io);
      case 'verify':
        return await verifyCommand(rest, io);
      case 'user':
        return await userCommand(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${HELP}\n`);
        return command === undefined ? 2 : 0;
      default:
        process.stderr.write(`未知命令"${command}"\n\n${HELP}\n`);
        return 2;
    }
  } catch (err) {
    process.stderr.write(`${err instanceof AppError ? err.message : String((err as Error).stack ?? err)}\n`);
    return 2;
  }
}
