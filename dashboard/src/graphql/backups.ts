// Backups of the whole hub (system administrators only): the list in BACKUP_DIR and a backup made now.
import { request, type ResultOf } from './client'

const FILE_FIELDS = 'name bytes createdAt'

export const operations = {
  Backups: /* GraphQL */ `
    query Backups { backups { directory keep files { ${FILE_FIELDS} } } }
  `,
  CreateBackup: /* GraphQL */ `
    mutation CreateBackup {
      createBackup { file { ${FILE_FIELDS} } sha256 tables rows attachments missingAttachments deleted ms }
    }
  `,
} as const

export type BackupStatus = ResultOf<'Backups'>['backups']
export type BackupReport = ResultOf<'CreateBackup'>['createBackup']

export async function fetchBackups(): Promise<BackupStatus> {
  const data = await request(operations, 'Backups', {})
  return data.backups
}

/** 立即备份: the snapshot, the attachments and the checksums into one new file of BACKUP_DIR. */
export async function createBackup(): Promise<BackupReport> {
  const data = await request(operations, 'CreateBackup', {})
  return data.createBackup
}
