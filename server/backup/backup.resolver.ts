import fs from 'node:fs';
import path from 'node:path';
import { Authorized, Ctx, Field, Float, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { recordAuditSql } from '../audit/audit.service.js';
import { withTransaction } from '../common/tx.js';
import type { GraphContext } from '../graph/context.js';
import { backupNow, listBackups } from './nightly.js';

@ObjectType('BackupFile', { description: '备份目录中的一份备份' })
export class BackupFileType {
  @Field(() => String, { description: '文件名（jointcheck-年月日-时分秒.tar.gz，中国时间）' }) name!: string;
  @Field(() => Float, { description: '字节数' }) bytes!: number;
  @Field(() => Date, { description: '写成时间' }) createdAt!: Date;
}

@ObjectType('BackupStatus', { description: '数据备份：目录、每晚自动备份的设置和已有备份' })
export class BackupStatusType {
  @Field(() => String, { description: '备份目录（BACKUP_DIR）' }) directory!: string;
  @Field(() => Int, { description: '每晚自动备份保留份数（BACKUP_KEEP；0 = 不自动备份）' }) keep!: number;
  @Field(() => [BackupFileType], { description: '最新在前' }) files!: BackupFileType[];
}

@ObjectType('BackupReport', { description: '一次备份的结果' })
export class BackupReportType {
  @Field(() => BackupFileType) file!: BackupFileType;
  @Field(() => String, { description: '备份文件的 SHA-256（与 sha256sum 相同），用于核对异地保存的副本' }) sha256!: string;
  @Field(() => Int) tables!: number;
  @Field(() => Float) rows!: number;
  @Field(() => Int) attachments!: number;
  @Field(() => [String], { description: '有记录但文件缺失、未能备份的附件（SHA-256）' }) missingAttachments!: string[];
  @Field(() => [String], { description: '超出保留份数而删除的旧备份' }) deleted!: string[];
  @Field(() => Int, { description: '用时（毫秒）' }) ms!: number;
}

function describeFile(dir: string, name: string): BackupFileType {
  const stat = fs.statSync(path.join(dir, name));
  return { name, bytes: stat.size, createdAt: stat.mtime };
}

@Resolver()
export class BackupResolver {
  @Authorized('ADMIN')
  @Query(() => BackupStatusType, { description: '数据备份情况（仅系统管理员）' })
  backups(@Ctx() ctx: GraphContext): BackupStatusType {
    const dir = ctx.config.backupDir;
    return { directory: dir, keep: ctx.config.backupKeep, files: listBackups(dir).map((f) => describeFile(dir, f)) };
  }

  @Authorized('ADMIN')
  @Mutation(() => BackupReportType, { description: '立即备份全部数据和附件（仅系统管理员）；每晚 1 时另有自动备份' })
  async createBackup(@Ctx() ctx: GraphContext): Promise<BackupReportType> {
    const r = await backupNow(ctx.pool, ctx.config, ctx.config.backupKeep);
    const name = path.basename(r.file);
    await withTransaction(ctx.pool, (client) =>
      recordAuditSql(client, ctx.caller, {
        action: 'BACKUP', entity: 'Backup', entityKey: name,
        detail: { bytes: r.bytes, fileSha256: r.sha256, rows: r.rows, attachments: r.attachments, missingAttachments: r.missingAttachments.length, deleted: r.deleted },
      }, ctx.requestId),
    );
    return { ...r, file: describeFile(ctx.config.backupDir, name) };
  }
}
