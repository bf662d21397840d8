import { defineEntity, p } from '@mikro-orm/core';
import { Department } from '../departments/department.entity.js';
import { Subject } from '../directory/subject.entity.js';

export enum FollowUpKind {
  /** 移交主管部门 */
  TRANSFER = 'TRANSFER',
  /** 列入经营异常名录 */
  ABNORMAL_LISTING = 'ABNORMAL_LISTING',
  /** 立案查处 */
  CASE_FILED = 'CASE_FILED',
  /** 移送司法机关 */
  JUDICIAL_TRANSFER = 'JUDICIAL_TRANSFER',
}

export enum FollowUpStatus {
  OPEN = 'OPEN',
  ACCEPTED = 'ACCEPTED',
  CLOSED = 'CLOSED',
}

/**
 * 后续处置 (seed 002 第二十七条). An open CASE_FILED keeps the subject out of new draws. The handling
 * flow (acceptance, due dates, closure) is built on this record by the results issue.
 */
const FollowUpSchema = defineEntity({
  name: 'FollowUp',
  tableName: 'follow_up',
  indexes: [{ properties: ['subject'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    subject: () => p.manyToOne(Subject),
    department: () => p.manyToOne(Department),
    inspectionId: p.bigint('number').nullable(),
    kind: p.enum(() => FollowUpKind),
    status: p.enum(() => FollowUpStatus),
    openedOn: p.date(),
    closedOn: p.date().nullable(),
    decision: p.text().nullable(),
    createdBy: p.string(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});

export class FollowUp extends FollowUpSchema.class {}
FollowUpSchema.setClass(FollowUp);
export { FollowUpSchema };
