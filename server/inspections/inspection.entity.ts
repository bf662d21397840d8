import { defineEntity, p } from '@mikro-orm/core';
import { Subject } from '../directory/subject.entity.js';
import { Inspector } from '../roster/inspector.entity.js';
import { Task } from '../tasks/task.entity.js';
import { now } from '../common/clock.js';

export enum InspectionStatus {
  ASSIGNED = 'ASSIGNED',
  NOTIFIED = 'NOTIFIED',
  CHECKED = 'CHECKED',
  ENTERED = 'ENTERED',
  PUBLISHED = 'PUBLISHED',
}

export enum NoticeMethod {
  /** 书面告知 */
  WRITTEN = 'WRITTEN',
  /** 电话告知 */
  PHONE = 'PHONE',
  /** 短信或网络告知 */
  ELECTRONIC = 'ELECTRONIC',
  /** 现场出示证件并告知（不预先通知） */
  ON_ARRIVAL = 'ON_ARRIVAL',
}

/** One drawn subject of a task: one visit completing every item of the task (进一次门、查多项事). */
const InspectionSchema = defineEntity({
  name: 'Inspection',
  tableName: 'inspection',
  uniques: [{ properties: ['task', 'subject'] }],
  indexes: [{ properties: ['subject'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    task: () => p.manyToOne(Task),
    // No FK constraint: a draw writes tens of thousands of inspections at once, and each FK check would
    // lock (and so dirty) a row of the million-row directory. Subjects are never deleted (a trigger
    // refuses it) and the draw resolves every id in the same transaction.
    subject: () => p.manyToOne(Subject).createForeignKeyConstraint(false),
    /** Position in the draw's selected list (1-based) and the subject's ticket. */
    seq: p.integer(),
    stratum: p.string(),
    ticket: p.string(),
    /** Drawn as part of the control group (regardless of risk grade). */
    control: p.boolean().default(false),
    status: p.enum(() => InspectionStatus),
    /** When and how notice was given (告知, seed 002 第十六条). */
    notifiedAt: p.datetime().nullable(),
    noticeMethod: p.enum(() => NoticeMethod).nullable(),
    noticeNote: p.text().nullable(),
    /** Last day of the check (the visit); mutual recognition counts from here. */
    checkedOn: p.date().nullable(),
    /** The result version in force (the latest published, or the draft being entered). */
    currentResultId: p.bigint('number').nullable(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => now()),
    updatedAt: p.datetime().defaultRaw('now()').onCreate(() => now()).onUpdate(() => now()),
  },
});

export class Inspection extends InspectionSchema.class {}
InspectionSchema.setClass(Inspection);
export { InspectionSchema };

/** An inspector on a subject's team. A replaced member stays, inactive, with the replacement beside it. */
const InspectionMemberSchema = defineEntity({
  name: 'InspectionMember',
  tableName: 'inspection_member',
  indexes: [{ properties: ['inspection'] }, { properties: ['inspector'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    // No FK constraints: a large draw writes a few hundred thousand members in one COPY, and a per-row
    // foreign-key check would cost more than the draw itself. Members are written only by the draw (ids
    // taken from the rows it inserts in the same transaction) and by approved replacements (entities).
    inspection: () => p.manyToOne(Inspection).createForeignKeyConstraint(false),
    inspector: () => p.manyToOne(Inspector).createForeignKeyConstraint(false),
    departmentCode: p.string(),
    leader: p.boolean(),
    /** Order on the team as drawn (department by department). */
    position: p.integer(),
    /** The draw's ticket; null for a replacement (chosen by the department, no lottery). */
    ticket: p.string().nullable(),
    active: p.boolean().default(true),
  },
});

export class InspectionMember extends InspectionMemberSchema.class {}
InspectionMemberSchema.setClass(InspectionMember);
export { InspectionMemberSchema };

export enum ReplacementReason {
  /** 岗位调整 */
  POST_CHANGE = 'POST_CHANGE',
  /** 工作冲突 */
  WORK_CONFLICT = 'WORK_CONFLICT',
  /** 健康状况 */
  HEALTH = 'HEALTH',
  /** 执法回避 */
  RECUSAL = 'RECUSAL',
}

export enum ReplacementStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}

/** 更换检查人员 (rule 5, seed 002 第十二条): requested, then approved or rejected by the department head. */
const ReplacementSchema = defineEntity({
  name: 'Replacement',
  tableName: 'replacement',
  indexes: [{ properties: ['inspection'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    inspection: () => p.manyToOne(Inspection),
    outgoing: () => p.manyToOne(Inspector),
    incoming: () => p.manyToOne(Inspector),
    departmentCode: p.string(),
    reason: p.enum(() => ReplacementReason),
    note: p.text(),
    status: p.enum(() => ReplacementStatus),
    requestedBy: p.string(),
    requestedAt: p.datetime(),
    decidedBy: p.string().nullable(),
    decidedAt: p.datetime().nullable(),
    decisionNote: p.text().nullable(),
  },
});

export class Replacement extends ReplacementSchema.class {}
ReplacementSchema.setClass(Replacement);
export { ReplacementSchema };
