/** The hub's own backups: named by their China time, kept `BACKUP_KEEP` deep, one every night at 01:00. */
import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import { scheduleDaily } from '../common/daily.js';
import { chinaTimestamp } from '../common/dates.js';
import type { AppConfig } from '../config/config.js';
import { BACKUP_NAME, writeBackup, type BackupReport } from './backup.js';

/** `jointcheck-20261123-010000.tar.gz` for 01:00:00 on 23 November 2026, China time. */
export function backupName(at = new Date()): string {
  const t = chinaTimestamp(at);
  return `jointcheck-${t.slice(0, 10).replace(/-/g, '')}-${t.slice(11, 19).replace(/:/g, '')}.tar.gz`;
}

/** The hub's backups in `dir`, newest first (their names sort by time). */
export function listBackups(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => BACKUP_NAME.test(f)).sort().reverse();
}

/** A backup into BACKUP_DIR under its time's name; then all but the newest `keep` of them are deleted (`keep` 0: none). */
export async function backupNow(pool: Pool, config: Pick<AppConfig, 'backupDir' | 'archiveDir'>, keep: number): Promise<BackupReport & { deleted: string[] }> {
  const report = await writeBackup(pool, path.join(config.backupDir, backupName()), { archiveDir: config.archiveDir });
  const deleted = keep > 0 ? listBackups(config.backupDir).slice(keep) : [];
  for (const f of deleted) fs.rmSync(path.join(config.backupDir, f), { force: true });
  return { ...report, deleted };
}

export function scheduleNightlyBackup(pool: Pool, config: AppConfig): () => void {
  if (config.backupKeep <= 0) return () => undefined;
  return scheduleDaily(1, 'nightly backup', async () => {
    const r = await backupNow(pool, config, config.backupKeep);
    return { file: r.file, bytes: r.bytes, rows: r.rows, attachments: r.attachments, missingAttachments: r.missingAttachments.length, deleted: r.deleted };
  });
}
