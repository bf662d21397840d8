import { defineEntity, p } from '@mikro-orm/core';
import { Inspection } from './inspection.entity.js';
import { now } from '../common/clock.js';

export enum AttachmentKind {
  PHOTO = 'PHOTO',
  SCAN = 'SCAN',
  AUDIO = 'AUDIO',
  VIDEO = 'VIDEO',
}

/**
 * 档案 (seed 002 第二十三条): a photo, scan, audio or video recording of an inspection, stored under the
 * archive directory by its SHA-256 (content-addressed, so a stored file cannot change unnoticed).
 * Attachments are added, never changed or removed.
 */
const AttachmentSchema = defineEntity({
  name: 'Attachment',
  tableName: 'attachment',
  indexes: [{ properties: ['inspection'] }],
  triggers: [
    {
      name: 'attachment_append_only',
      timing: 'before',
      events: ['update', 'delete'],
      forEach: 'row',
      body: `raise exception 'attachments are archived records: % refused', tg_op using errcode = 'P0001';`,
    },
  ],
  properties: {
    id: p.integer().primary().autoincrement(),
    inspection: () => p.manyToOne(Inspection),
    kind: p.enum(() => AttachmentKind),
    fileName: p.string(),
    mimeType: p.string(),
    bytes: p.bigint('number'),
    sha256: p.string(),
    description: p.text().nullable(),
    uploadedBy: p.string(),
    uploadedAt: p.datetime().defaultRaw('now()').onCreate(() => now()),
  },
});

export class Attachment extends AttachmentSchema.class {}
AttachmentSchema.setClass(Attachment);
export { AttachmentSchema };
